/** The messages of src/cli/commands/seq2seq.ts. */
export const cliSeq2seq = {
  "cli.seq2seq.attentionChooseDotGeneral": "--attention {value}: choose dot, general or additive",
  "cli.seq2seq.stepsNeedAWhole": "--steps {steps}: need a whole number ≥ 1",
  "cli.seq2seq.batchNeedAWhole": "--batch {batch}: need a whole number ≥ 1",
  "cli.seq2seq.lrNeedAPositive": "--lr {lr}: need a positive number such as 0.003",
  "cli.seq2seq.description":
    "RNN, LSTM, attention and the encoder-decoder Transformer on toy tasks (reverse, numbers, dates)",
  "cli.seq2seq.train.opt.lr": "AdamW learning rate (decays linearly to 10%)",
  "cli.seq2seq.train.opt.batch": "examples per step",
  "cli.seq2seq.train.opt.attention":
    "score of the *-attention models: dot, general (Luong) or additive (Bahdanau)",
  "cli.seq2seq.train.opt.seed": "seed of the initialisation and of the batches",
  "cli.seq2seq.train.opt.dim": "hidden size (the Transformer's d_model)",
  "cli.seq2seq.train.opt.steps": "training steps (default: per task, a few minutes on a laptop)",
  "cli.seq2seq.train.opt.out": "folder to write config.json and model.safetensors to",
  "cli.seq2seq.train.opt.model": "model: {MODEL_NAMES}",
  "cli.seq2seq.train.opt.task": "task: {TASK_NAMES}",
  "cli.seq2seq.train.description":
    "train a seq2seq model on a toy task; prints the loss and the test accuracy, saves the model",
  "cli.seq2seq.translate.opt.json":
    'print {"output", "source", "target", "attention"}; attention rows sum to 1',
  "cli.seq2seq.translate.opt.beam": "beam width (1 = greedy)",
  "cli.seq2seq.translate.opt.showAttention": "print the attention (output × source) as a heatmap",
  "cli.seq2seq.translate.arg.text": 'the input, e.g. "three hundred and four"',
  "cli.seq2seq.translate.arg.dir": "a folder written by `tongguan seq2seq train`",
  "cli.seq2seq.translate.description": "run a trained seq2seq model on one input",
  "cli.seq2seq.beamNeedAWhole": "--beam {beam}: need a whole number ≥ 1",
  "cli.seq2seq.attention.arg.inputs": "inputs (default: the task's examples)",
  "cli.seq2seq.attention.arg.dir": "a folder written by `tongguan seq2seq train`",
  "cli.seq2seq.attention.description":
    "attention at work: heatmaps for inputs chosen to make the point (or your own)",
  "cli.seq2seq.compare.opt.out": "also save each model trained here to DIR/MODEL",
  "cli.seq2seq.compare.opt.count": "test examples",
  "cli.seq2seq.compare.opt.seed": "seed",
  "cli.seq2seq.compare.opt.dim": "hidden size",
  "cli.seq2seq.compare.opt.steps": "training steps per model",
  "cli.seq2seq.compare.opt.models": "models to train here, comma-separated",
  "cli.seq2seq.compare.opt.task": "task for the models trained here",
  "cli.seq2seq.compare.arg.dirs":
    "trained model folders of one task (default: train lstm and lstm-attention now)",
  "cli.seq2seq.compare.description":
    "accuracy by input length: trains an RNN without and with attention (or compares folders)",
  "cli.seq2seq.trainedOnTheOthers": "{d}: trained on {task}, the others on {taskName}",
  "cli.seq2seq.noAttention": "(this model has no attention: the decoder sees only the encoder's final state)",
  "cli.seq2seq.trained":
    "{model} on {task}: {steps} steps in {seconds} s, loss {loss}, test accuracy {accuracy} (exact match, 200 unseen examples)",
  "cli.seq2seq.mistake": "  {source} → {output} (want {target})",
  "cli.seq2seq.saved": "saved to {out}; try: tongguan seq2seq translate {out} {sample} --show-attention",
  "cli.seq2seq.accuracyByLength":
    "\nexact-match accuracy on {count} unseen {task} examples, by input length:\n",
  "cli.seq2seq.all": "all",
  "cli.seq2seq.length": "length",
  "cli.seq2seq.label": "{model} on {task}",
  "cli.seq2seq.bar": "{label} {bar} {value}/{total} steps | loss {loss} | ETA {eta_formatted}",
  "cli.seq2seq.progress": "{label}: step {step}/{steps}, loss {loss}",
} as const;

/** The messages of src/seq2seq/. */
export const seq2seq = {
  "seq2seq.transformerSeq2seq.inputOfTokensThis":
    "input of {t} tokens: this model's positions stop at {maxLength}",
  "seq2seq.transformerSeq2seq.translateTheInputIs": "translate: the input is empty",
  "seq2seq.params.parameterIsMissingFrom": "parameter {name} is missing from the model",
  "seq2seq.params.tensorIsMissing": "{source}: tensor {v2} is missing",
  "seq2seq.params.tensorIsTheModel":
    "{source}: tensor {v2} is {dtype} [{shape}], the model needs f32 [{shape2}]",
  "seq2seq.tasks.numberWords.numberOnlyWholeNumbers":
    "number {n}: only whole numbers 0 … 99 999 999 can be written out",
  "seq2seq.tasks.taskUnknownTaskChoose": "--task {name}: unknown task; choose one of {TASK_NAMES}",
  "seq2seq.vocab.characterIsNotIn": "{what} {text}: character {c} is not in this model's vocabulary",
  "seq2seq.checkpoint.notASeqSeq":
    "{dir}: not a seq2seq model folder (no config.json; make one with `tongguan seq2seq train`)",
  "seq2seq.checkpoint.notValidJson": "not valid JSON ({message})",
  "seq2seq.checkpoint.notATongguanSeq":
    'not a tongguan seq2seq config (expected "format": "tongguan-seq2seq")',
  "seq2seq.modelConfig.modelUnknownModelChoose":
    "--model {model}: unknown model; choose one of {MODEL_NAMES}",
  "seq2seq.modelConfig.dimChooseAWhole": "--dim {dim}: choose a whole number 4–1024",
  "seq2seq.modelConfig.attentionModelHasNo":
    "--attention {attention}: model {model} has no attention; use {model}-attention",
  "seq2seq.rnnSeq2seq.translateTheInputIs": "translate: the input is empty",
} as const;

/** The messages of src/train/. */
export const train = {
  "train.gptTrainer.dimIsNotDivisible": "--dim {dim} is not divisible by --heads {heads}",
  "train.gptTrainer.dimHeadsRopeNeeds": "--dim/--heads = {headDim}: RoPE needs an even head width",
  "train.batches.batches": "--batches {path}: {v2}",
  "train.batches.batchesNoBatchesIn": "--batches {path}: no batches in the file",
  "train.batches.notValidJson": "{where}: not valid JSON",
  "train.batches.inputsAreButTargets": "{where}: inputs are {batch}×{steps} but targets {batch2}×{steps2}",
  "train.batches.rowsOfIdsExceed":
    "{where}: rows of {steps} ids exceed the model's context of {contextLength}",
  "train.batches.mustBeANon": "{where}: must be a non-empty array of rows of ids",
  "train.batches.rowsAreEmpty": "{where}: rows are empty",
  "train.batches.raggedRowsRowHas": "{where}: ragged rows (row 0 has {steps} ids, row {r} has {rowLength})",
  "train.batches.idAtRowPosition":
    "{where}: id {id} at row {r}, position {t} is outside the vocabulary 0..{v5}",
  "train.resume.cannotResume": "{path}: cannot resume: {message}",
  "train.resume.tensorIsMissingCannot": "{path}: tensor '{key}' is missing; cannot resume",
  "train.checkpoint.fromNotAFolder": "--from {dir}: not a folder",
  "train.checkpoint.fromNoConfigJson":
    "--from {dir}: no config.json (a Hugging Face folder with config.json and model.safetensors is needed)",
  "train.models.parameters.trainingBertIsAn":
    "training: bert is an encoder; tongguan trains gpt2, llama and qwen2",
  "train.models.parameters.trainingQwenQK":
    "training: qwen3 (q/k norms) is not trained here; gpt2, llama and qwen2 are",
  "train.models.parameters.trainingUsesActivationThe":
    "training: {what} uses activation '{activation}'; the GPT-2 graph trains gelu_new (tanh)",
  "train.models.parameters.trainingUsesHiddenAct":
    "training: {what} uses hidden_act '{activation}'; the Llama graph trains silu",
  "train.models.parameters.trainingHasRopeScaling":
    "training: {what} has rope_scaling '{ropeScalingType}', which training does not apply",
  "train.models.parameters.tensorIsMissing": "{source}: tensor '{specName}' is missing",
  "train.models.parameters.tensorHasShapeThe":
    "{source}: tensor '{specName}' has shape [{shape}], the config says [{fileShape}]",
  "train.corpus.corpusNotAFile": "--corpus {path}: not a file",
  "train.corpus.corpus": "--corpus {path}: {v2}",
  "train.corpus.corpusTheFileIs": "--corpus {path}: the file is empty",
  "train.corpus.corpusBinaryDataA": "--corpus {path}: binary data (a NUL byte), not text",
  "train.corpus.corpusNotUtfText": "--corpus {path}: not UTF-8 text",
  "train.corpus.corpusIsTooSmall":
    "--corpus {source}: {size} is too small: one batch needs {batch}×{v4} tokens plus a validation tail (lower --batch or --ctx, or give more text)",
  "train.noSuchFile": "no such file",
} as const;

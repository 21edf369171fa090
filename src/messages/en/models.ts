/** The messages of src/models/. */
export const models = {
  "models.weights.tensorIsMissing": "{source}: tensor '{full}' is missing",
  "models.weights.tensorHasShapeExpected":
    "{source}: tensor '{full}' has shape [{shape}], expected [{shape2}]",
  "models.weights.tensorIsMissing2": "{source}: tensor '{v2}{name}' is missing",
  "models.noModelForArchitecture": "{path}: no model for architecture '{architecture}'",
  "models.aBertEncoderCannot": "{path}: a BERT encoder cannot generate text (use embed, classify)",
  "models.aModelIsNot": "{path}: a {architecture} model is not a BERT encoder",
  "models.gpt2.gptNeedsAsMany": "{source}: gpt2 needs as many kv heads as heads",
  "models.gpt2.wpeWeightHasWidth": "{source}: wpe.weight has width {dim}, expected {d}",
  "models.decoder.contextlengthMustBeAn":
    "contextLength must be an integer in 1..{contextLength} for this model, got {ctx}",
  "models.decoder.thisSessionWasReleased": "this session was released; start a new one",
  "models.decoder.forwardNoTokenIds": "forward: no token ids given",
  "models.decoder.tokenIdIsOutside": "token id {id} is outside the vocabulary 0..{v2}",
  "models.ropeConfig.ropeScalingTypeIs":
    "{source}: rope_scaling type '{rType}' is not supported yet (llama3 is)",
  "models.memoryPlan.ctxIsNotA": "--ctx: {asked} is not a context length of this model (1..{contextLength})",
  "models.memoryPlan.doesNotFitIt": "{path} does not fit: it needs {need} and {why}; {v4}",
  "models.convertGguf.ropeScalingTypeIs":
    "rope_scaling type '{rsType}' is not supported by convert yet (linear and yarn are)",
  "models.convertGguf.aLlamaCCheckpoint":
    "{input}: a llama2.c checkpoint has no vocabulary; give its tokenizer .bin (--tokenizer)",
  "models.convertGguf.unexpectedTensorForA": "unexpected tensor '{infoName}' for a {a} model",
  "models.convertGguf.tensorHasShapeBut":
    "tensor '{infoName}' has shape [{shape}], but config.json implies [{shape2}]",
  "models.convertGguf.tensorIsMissing": "tensor '{name}' is missing",
  "models.convertGguf.tensorHasNoGguf": "tensor '{hf}' has no GGUF name",
  "models.bert.configIdLabelHas":
    "{source}: config id2label has {labelsLength} labels, classifier.weight has {outFeatures} rows",
  "models.bert.encodeNoTokenIds": "encode: no token ids given",
  "models.bert.tokensDoNotFit": "{n} tokens do not fit BERT's {contextLength} positions",
  "models.bert.tokentypeidsMustHaveOne": "tokenTypeIds must have one entry per token",
  "models.bert.attentionmaskMustHaveOne": "attentionMask must have one entry per token",
  "models.bert.thisCheckpointHasNo": "{source}: this checkpoint has no pooler (pooler.dense.weight)",
  "models.bert.notASequenceClassification":
    "{source}: not a sequence-classification checkpoint (classifier.weight is missing)",
  "models.bert.thisCheckpointHasNo2": "{source}: this checkpoint has no fill-mask head (cls.predictions.*)",
  "models.memoryPlan.need":
    "{total} (weights {weights} + KV cache {cache} for {tokens} tokens ({cacheType}{sessions}) + scratch {scratch})",
  "models.memoryPlan.sessions": ", {sessions} sessions",
  "models.memoryPlan.freeMemory": "{free} of memory is free",
  "models.memoryPlan.wasmMemory": "the KV cache and activations must fit in one 4 GiB WebAssembly memory",
  "models.memoryPlan.quantizedFile": "a {name} file (~{size})",
  "models.memoryPlan.whatFits": "what fits: {fixes}",
  "models.memoryPlan.or": ", or ",
  "models.memoryPlan.smallerModel": "a smaller model is needed",
  "models.memoryPlan.note":
    "context {ctx} tokens (the model's is {modelContext}): what {free} of free memory holds beside the weights (KV cache {cache}, {cacheType}); --ctx sets it",
  "models.weights.tensorHasShapeExpected2":
    "{source}: tensor '{full}' has shape [{shape}], expected [{want}]",
  "models.moduleTree.noParametersLoaded": "{architecture}: no parameters loaded",
} as const;

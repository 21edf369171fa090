/** The messages of src/instruments/. */
export const instruments = {
  "instruments.capture.noTokensToRun": "no tokens to run (the text is empty)",
  "instruments.capture.tokensDoNotFit":
    "{idsLength} tokens do not fit the model's context of {contextLength}",
  "instruments.capture.thisModelNamesNo": '{option}: this model names no tensor "{name}" (it names: {names})',
  "instruments.capture.layerTensorHasNo":
    '--layer: tensor "{name}" has no layer {layer} (it has layers {layers})',
  "instruments.embeddingRows.aModelHasNo":
    "a {architecture} model has no token-embedding table tongguan knows",
  "instruments.tokenizerTrace.tokenizeTraceTheTraced":
    'tokenize --trace: the traced merges of "{text}" disagree with the tokenizer',
} as const;

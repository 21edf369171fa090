/** The messages of src/web/. */
export const web = {
  "web.routes.labInput.requestBodyExpectedA": "request body: expected a JSON object",
  "web.routes.labInput.isNotIn": "{name}: {v} is not {v3} in [{min}, {max}]",
  "web.routes.labInput.idsExpectedAList": "ids: expected a list of token ids in 0..{v1}",
  "web.routes.labInput.textExpectedAString": "text: expected a string",
  "web.routes.labInput.textCharactersIsToo":
    "text: {textLength} characters is too long for this page (at most {maxTokens} tokens)",
  "web.routes.labInput.textItIsEmpty": "text: it is empty and the tokenizer added no tokens",
  "web.routes.labInput.textTokensIsMore":
    "text: {idsLength} tokens is more than {limitNote} (at most {maxTokens}); shorten it",
  "web.routes.attention.layerIsOutsideThe":
    "layer: {layer} is outside 0..{v2} (the model has {layers} layers)",
  "web.routes.training.textExpectedAString": "text: expected a string (the text to learn from)",
  "web.routes.training.textCharactersTheLab":
    "text: {textLength} characters; the lab trains on at most {LAB_CORPUS_MAX}",
  "web.routes.training.textIsTooSmall":
    "text: {size} is too small to train on (one step takes {batch} windows of {v3} tokens, and a tenth is held out); paste more text",
  "web.routes.generation.runsExpectedAList": 'runs: expected a list of "cache" and/or "nocache"',
  "web.routes.causalModel.thePageNeedsA":
    "the {page} page needs a model that predicts the next token; {architecture} is an encoder (open a GPT-2, Llama or Qwen2 model)",
  "web.routes.labInput.anInteger": "an integer",
  "web.routes.labInput.aNumber": "a number",
  "web.labServer.requestFailed": "tongguan lab: {request}: {error}",
  "web.streamEvents.internalError": "internal error in the lab server (its terminal shows the details)",
} as const;

/** The messages of src/generation/. */
export const generation = {
  "generation.samplingDefaults.notValidJson": "not valid JSON: {message}",
  "generation.chatSession.theMessageIsTokens":
    "the message is {idsLength} tokens with the system prompt; the context holds {context} and a reply needs {room}: write a shorter message (or a shorter /system)",
  "generation.generate.generationWasStoppedBefore":
    "generation was stopped before it ended (the stream was closed early)",
  "generation.generate.promptItIsEmpty":
    "prompt: it is empty and the tokenizer added no BOS, so there is nothing to continue",
  "generation.generate.promptTokenIdIs": "prompt: token id {id} is outside the vocabulary (0..{v2})",
  "generation.generate.promptTokensDoNot":
    "prompt: {promptTokensLength} tokens do not fit the context of {contextLength} tokens",
  "generation.generate.generationOptionCachedtokensLists":
    "generation option cachedTokens: lists {cachedLength} tokens but the session holds {position}",
  "generation.rng.seedTheLlamaC": "seed: the llama2.c generator (xorshift64*) needs a non-zero seed",
  "generation.samplers.samplingEveryTokenWas":
    "sampling: every token was filtered out (all scores are -Infinity)",
  "generation.tokenSampler.generationOptionProcessororderIs":
    'generation option processorOrder: "{name}" is switched on but not in the order',
  "generation.openModel.aLlamaCCheckpoint":
    "a llama2.c checkpoint needs its tokenizer: put tokenizer.bin beside it or pass --tokenizer",
  "generation.openModel.theTokenizerHasTokens":
    "the tokenizer has {vocabSize} tokens but the model only {vocabSize2}: not this model's tokenizer{v3}",
  "generation.chatTemplate.chatTemplateRangeStep": "chat_template: range() step must not be zero",
  "generation.chatTemplate.chatTemplateCannotParse":
    "chat_template: cannot parse the Jinja template: {message}",
  "generation.chatTemplate.chatTemplateTheTemplate":
    "chat_template: the template refused the conversation: {message}",
  "generation.chatTemplate.chatTemplateRenderingFailed": "chat_template: rendering failed: {message}",
  "generation.chatTemplate.hasNoChatTemplate":
    '{where} has no chat_template (tokenizer_config.json "chat_template" or GGUF "tokenizer.chat_template"); chat needs one (tongguan chat --chat-template FILE)',
  "generation.openModel.llama2cHint": " (stories260K goes with tok512.bin: pass --tokenizer)",
  "generation.options.generationOption": "generation option {option}: {problem}",
  "generation.options.notInRange": "{value} is not {range}",
  "generation.options.unknownOption": "unknown option (supported: {names})",
  "generation.options.numberAtLeast0": "a number ≥ 0",
  "generation.options.integerAtLeast0": "an integer ≥ 0",
  "generation.options.integerAtLeast1": "an integer ≥ 1",
  "generation.options.inOpenClosed01": "in (0, 1]",
  "generation.options.inClosed01": "in [0, 1]",
  "generation.options.positive": "a number > 0",
  "generation.options.inMinus2To2": "in [-2, 2]",
  "generation.options.safeInteger": "a safe integer",
  "generation.options.trueOrFalse": "must be true or false",
  "generation.options.tokenIdList": "must be a list of token ids (integers ≥ 0)",
  "generation.options.stringList": "must be a list of non-empty strings",
  "generation.options.unknownProcessor": 'unknown processor "{name}" (known: {known})',
  "generation.options.processorTwice": "lists a processor twice",
  "generation.options.onlyWithSession": "only makes sense together with session",
  "generation.options.notWithLlama2cRng":
    "is not supported with llama2cRng (run.c's sampler has only temperature, top-p and seed)",
  "generation.options.notWithLlama2cSampler": "is not supported with the llama2.c sampler",
  "generation.options.nonZeroSeed": "the llama2.c generator needs a non-zero seed",
  "generation.samplingDefaults.greedy": "greedy",
  "generation.samplingDefaults.temperature": "temp {temperature}",
  "generation.samplingDefaults.repetition": "rep {penalty}",
} as const;

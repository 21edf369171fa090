/**
 * Generation: from a model's next-token scores to text.
 *
 *   generate(model, tokenizer, prompt | ids, options)  → result (tokens, text, stop reason, speed)
 *   streamGenerate(...)                               → async iterator of {id, text}, then .result
 *   ChatSession                                       → conversations through the chat template
 *
 * The pieces, one idea a file:
 *   processors/*.ts       repetition / presence / frequency penalties, no-repeat n-gram,
 *                         temperature, top-k, top-p, min-p, typical-p (HF's order by default)
 *   samplers.ts           greedy and multinomial picks;   rng.ts  PCG32 and llama2.c's xorshift64*
 *   llama2cSampler.ts     run.c's own sampler, for runs identical to llama2.c
 *   tokenSampler.ts       options → processors in order → a pick
 *   stopStrings.ts        stop strings, holding back text that may start one
 *   chatTemplate.ts       Jinja chat templates (@huggingface/jinja) with HF's variables
 */
export { ChatSession, type ChatSessionOptions } from "./chat-session.ts";
export {
  type ChatMessage,
  ChatTemplate,
  type ChatTemplateOptions,
  chatTemplateFor,
} from "./chat-template.ts";
export { argmax, logSoftmax, softmax } from "./distribution.ts";
export {
  defaultStopTokens,
  type GenerationChunk,
  type GenerationResult,
  type GenerationStream,
  type GenerationTimings,
  generate,
  type StopReason,
  streamGenerate,
} from "./generate.ts";
export {
  type GenerateOptions,
  GenerationOptionError,
  type SamplingOptions,
  validateGenerateOptions,
} from "./generation-options.ts";
export { Llama2cSampler } from "./llama2c-sampler.ts";
export {
  DEFAULT_PROCESSOR_ORDER,
  type LogitsProcessor,
  type ProcessorContext,
  type ProcessorName,
} from "./logits-processor.ts";
export type { GenerationObserver } from "./observer.ts";
export { type OpenedModel, openModel } from "./open-model.ts";
export { Pcg32, type Rng, XorShift64Star } from "./rng.ts";
export { greedySample, multinomialSample } from "./samplers.ts";
export { StopStringMatcher } from "./stop-strings.ts";
export { buildProcessors, createTokenSampler, type TokenSampler } from "./token-sampler.ts";

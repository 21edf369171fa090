/**
 * A logits processor rewrites the next-token scores before a token is picked, e.g. dividing by a
 * temperature or setting the scores of unlikely tokens to -Infinity (probability 0 after softmax).
 *
 * Processors are small, independent units applied one after another, as in Hugging Face
 * `transformers` (`LogitsProcessorList`); their order matters (top-p after temperature sees a
 * different distribution than top-p before it), so the pipeline lists it visibly.
 */

/** What a processor may look at besides the scores. */
export interface ProcessorContext {
  /** Every token so far: the prompt followed by the tokens generated up to now. */
  readonly tokens: readonly number[];
  /** How many of `tokens` are the prompt. */
  readonly promptLength: number;
}

export interface LogitsProcessor {
  /** The name used in `processorOrder` and in messages ("temperature", "top_k", …). */
  readonly name: ProcessorName;
  /** Rewrites `logits` (vocabSize scores) in place. */
  process(logits: Float32Array, context: ProcessorContext): void;
}

/** Every processor tongguan has, in Hugging Face's order (penalties first, then the warpers). */
export const DEFAULT_PROCESSOR_ORDER = [
  "repetition_penalty",
  "presence_frequency_penalty",
  "no_repeat_ngram",
  "temperature",
  "top_k",
  "top_p",
  "min_p",
  "typical_p",
] as const;

export type ProcessorName = (typeof DEFAULT_PROCESSOR_ORDER)[number];

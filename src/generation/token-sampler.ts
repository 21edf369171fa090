/**
 * From options to one object that turns the model's logits into the next token:
 * logits → processors (in their order) → greedy or multinomial pick; or llama2.c's own sampler.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import type { SamplingOptions } from "./generation-options.ts";
import { Llama2cSampler } from "./llama2c-sampler.ts";
import {
  DEFAULT_PROCESSOR_ORDER,
  type LogitsProcessor,
  type ProcessorContext,
  type ProcessorName,
} from "./logits-processor.ts";
import { MinPProcessor } from "./processors/min-p.ts";
import { NoRepeatNgramProcessor } from "./processors/no-repeat-ngram.ts";
import { PresenceFrequencyPenaltyProcessor } from "./processors/presence-frequency-penalty.ts";
import { RepetitionPenaltyProcessor } from "./processors/repetition-penalty.ts";
import { TemperatureProcessor } from "./processors/temperature.ts";
import { TopKProcessor } from "./processors/top-k.ts";
import { TopPProcessor } from "./processors/top-p.ts";
import { TypicalPProcessor } from "./processors/typical-p.ts";
import { Pcg32, type Rng } from "./rng.ts";
import { greedySample, multinomialSample } from "./samplers.ts";

export interface TokenSampler {
  /** The processors that run, in order (empty for llama2.c's sampler). */
  readonly processors: readonly LogitsProcessor[];
  /** The seed in use (undefined for greedy decoding, which draws no random numbers). */
  readonly seed: number | undefined;
  /** Picks the next token. Does not modify `logits`. */
  sample(logits: Float32Array, context: ProcessorContext): number;
}

/**
 * The processors the options switch on, in `order` (default Hugging Face's). With temperature 0
 * (greedy) the warpers (temperature, top-k/p, min-p, typical) cannot change the argmax, so only the
 * penalties run.
 */
export function buildProcessors(options: SamplingOptions): LogitsProcessor[] {
  const temperature = options.temperature ?? 1;
  const greedy = temperature === 0;
  const active = new Map<ProcessorName, LogitsProcessor>();
  const o = options;
  if (o.repetitionPenalty !== undefined && o.repetitionPenalty !== 1)
    active.set("repetition_penalty", new RepetitionPenaltyProcessor(o.repetitionPenalty));
  if ((o.presencePenalty ?? 0) !== 0 || (o.frequencyPenalty ?? 0) !== 0)
    active.set(
      "presence_frequency_penalty",
      new PresenceFrequencyPenaltyProcessor(o.presencePenalty ?? 0, o.frequencyPenalty ?? 0),
    );
  if ((o.noRepeatNgramSize ?? 0) > 0)
    active.set("no_repeat_ngram", new NoRepeatNgramProcessor(o.noRepeatNgramSize!));
  if (!greedy) {
    if (temperature !== 1) active.set("temperature", new TemperatureProcessor(temperature));
    if ((o.topK ?? 0) > 0) active.set("top_k", new TopKProcessor(o.topK!));
    if (o.topP !== undefined && o.topP < 1) active.set("top_p", new TopPProcessor(o.topP));
    if ((o.minP ?? 0) > 0) active.set("min_p", new MinPProcessor(o.minP!));
    if (o.typicalP !== undefined && o.typicalP < 1)
      active.set("typical_p", new TypicalPProcessor(o.typicalP));
  }
  const order = o.processorOrder ?? DEFAULT_PROCESSOR_ORDER;
  for (const name of active.keys()) {
    if (!order.includes(name))
      throw new TongguanError(t("generation.tokenSampler.generationOptionProcessororderIs", { name }));
  }
  return order.filter((name) => active.has(name)).map((name) => active.get(name)!);
}

/** A random seed for when none is given (reported back so the run can be repeated). */
export function randomSeed(): number {
  return 1 + Math.floor(Math.random() * 0x7ffffffe);
}

export function createTokenSampler(options: SamplingOptions): TokenSampler {
  const temperature = options.temperature ?? 1;
  const greedy = temperature === 0;
  const seed = greedy ? undefined : (options.seed ?? randomSeed());
  const observer = options.observer;
  if (options.llama2cRng) {
    const sampler = new Llama2cSampler({ temperature, topp: options.topP ?? 1, seed: seed ?? 1 });
    return {
      processors: [],
      seed,
      sample(logits) {
        observer?.stage?.("raw", logits);
        const id = sampler.sample(logits);
        observer?.pick?.(id);
        return id;
      },
    };
  }
  const processors = buildProcessors(options);
  const rng: Rng | undefined = seed === undefined ? undefined : new Pcg32(seed);
  // A copy of the logits for the processors to write in place (the model reuses its buffer), and
  // the probabilities drawn from: kept from token to token. A fresh vocabulary-sized copy per token
  // (Float32Array.from) cost milliseconds for 151,936 tokens, more than the processors' sums. An
  // observer gets a fresh copy, which it may keep.
  let scratch = new Float32Array(0);
  let probs = new Float64Array(0);
  return {
    processors,
    seed,
    sample(logits, context) {
      let scores: Float32Array;
      if (observer) scores = Float32Array.from(logits);
      else {
        if (scratch.length !== logits.length) scratch = new Float32Array(logits.length);
        scratch.set(logits);
        scores = scratch;
      }
      observer?.stage?.("raw", scores);
      for (const p of processors) {
        p.process(scores, context);
        observer?.stage?.(p.name, scores);
      }
      if (rng && probs.length !== scores.length) probs = new Float64Array(scores.length);
      const id = rng ? multinomialSample(scores, rng, probs) : greedySample(scores);
      observer?.pick?.(id);
      return id;
    },
  };
}

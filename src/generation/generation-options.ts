/**
 * The options of `generate()` and their checks. Every option is validated; an unknown name or a value
 * outside its range is a `TongguanError` naming the option — never silently ignored.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import type { CausalLMSession } from "../models/types.ts";
import { DEFAULT_PROCESSOR_ORDER, type ProcessorName } from "./logits-processor.ts";
import type { GenerationObserver } from "./observer.ts";

export interface SamplingOptions {
  /** Divide scores by this before sampling; 0 means greedy (argmax). Default 1. */
  temperature?: number;
  /** Keep the k most likely tokens (0 = off). */
  topK?: number;
  /** Nucleus sampling, in (0, 1]; 1 = off. */
  topP?: number;
  /** Min-p, in [0, 1]; 0 = off. */
  minP?: number;
  /** Locally typical sampling mass, in (0, 1]; 1 = off. */
  typicalP?: number;
  /** HF repetition penalty, > 0; 1 = off. */
  repetitionPenalty?: number;
  /** OpenAI presence penalty, in [-2, 2]; 0 = off. */
  presencePenalty?: number;
  /** OpenAI frequency penalty, in [-2, 2]; 0 = off. */
  frequencyPenalty?: number;
  /** Forbid repeating any n-gram of this size (0 = off). */
  noRepeatNgramSize?: number;
  /** Seed of the random generator (an integer); random when absent. The result reports the seed used. */
  seed?: number;
  /** Sample exactly as llama2.c's run.c (its xorshift64* RNG, float32 softmax, its top-p). Only temperature, topP and seed combine with it. */
  llama2cRng?: boolean;
  /** The order processors run in; default Hugging Face's (DEFAULT_PROCESSOR_ORDER). Must name every active processor. */
  processorOrder?: ProcessorName[];
  /** Called with the scores after each sampling stage and with the pick (the instruments' view). */
  observer?: GenerationObserver;
}

export interface GenerateOptions extends SamplingOptions {
  /** Stop after this many new tokens (default 256; the context length caps it too). */
  maxNewTokens?: number;
  /** Token ids that end generation (not part of the output). Default: the tokenizer's EOS ids. */
  stopTokens?: number[];
  /** Texts that end generation; the output text stops before them. */
  stopStrings?: string[];
  /** For a text prompt: add the tokenizer's special tokens (BOS). Default true. */
  addSpecialTokens?: boolean;
  /** Reuse this session (its KV cache) instead of a new one; see `cachedTokens`. */
  session?: CausalLMSession;
  /** The tokens already in `session`'s cache; the common prefix with the prompt is not recomputed. */
  cachedTokens?: readonly number[];
  /**
   * Keep keys and values between steps (default true, Hugging Face's `use_cache`). false recomputes
   * the whole sequence at every step: the same tokens, slower — what the KV cache saves, measured.
   */
  useCache?: boolean;
}

const OPTION_NAMES = new Set<string>([
  "temperature",
  "topK",
  "topP",
  "minP",
  "typicalP",
  "repetitionPenalty",
  "presencePenalty",
  "frequencyPenalty",
  "noRepeatNgramSize",
  "seed",
  "llama2cRng",
  "processorOrder",
  "maxNewTokens",
  "stopTokens",
  "stopStrings",
  "addSpecialTokens",
  "session",
  "cachedTokens",
  "useCache",
  "observer",
]);

/** The command-line flag of each option, so the CLI's messages name what the user typed. */
export const OPTION_FLAGS: Record<string, string> = {
  temperature: "--temperature",
  topK: "--top-k",
  topP: "--top-p",
  minP: "--min-p",
  typicalP: "--typical-p",
  repetitionPenalty: "--repetition-penalty",
  presencePenalty: "--presence-penalty",
  frequencyPenalty: "--frequency-penalty",
  noRepeatNgramSize: "--no-repeat-ngram-size",
  seed: "--seed",
  llama2cRng: "--llama2c-rng",
  maxNewTokens: "--max-tokens",
  stopStrings: "--stop",
};

/** An invalid option; `option` says which, so a caller (the CLI) can name it its own way. */
export class GenerationOptionError extends TongguanError {
  constructor(
    readonly option: string,
    readonly problem: string,
  ) {
    super(t("generation.options.generationOption", { option, problem }));
    this.name = "TongguanError";
  }
}

function bad(name: string, problem: string): TongguanError {
  return new GenerationOptionError(name, problem);
}

function checkNumber(name: string, v: unknown, ok: (x: number) => boolean, range: string): void {
  if (v === undefined) return;
  if (typeof v !== "number" || !Number.isFinite(v) || !ok(v))
    throw bad(name, t("generation.options.notInRange", { value: String(v), range }));
}

/** Throws a TongguanError for any unknown option or out-of-range value. */
export function validateGenerateOptions(options: GenerateOptions): void {
  for (const key of Object.keys(options)) {
    if ((options as Record<string, unknown>)[key] === undefined) continue;
    if (!OPTION_NAMES.has(key))
      throw bad(key, t("generation.options.unknownOption", { names: [...OPTION_NAMES].join(", ") }));
  }
  const o = options;
  checkNumber("temperature", o.temperature, (x) => x >= 0, t("generation.options.numberAtLeast0"));
  checkNumber("topK", o.topK, (x) => Number.isInteger(x) && x >= 0, t("generation.options.integerAtLeast0"));
  checkNumber("topP", o.topP, (x) => x > 0 && x <= 1, t("generation.options.inOpenClosed01"));
  checkNumber("minP", o.minP, (x) => x >= 0 && x <= 1, t("generation.options.inClosed01"));
  checkNumber("typicalP", o.typicalP, (x) => x > 0 && x <= 1, t("generation.options.inOpenClosed01"));
  checkNumber("repetitionPenalty", o.repetitionPenalty, (x) => x > 0, t("generation.options.positive"));
  checkNumber(
    "presencePenalty",
    o.presencePenalty,
    (x) => x >= -2 && x <= 2,
    t("generation.options.inMinus2To2"),
  );
  checkNumber(
    "frequencyPenalty",
    o.frequencyPenalty,
    (x) => x >= -2 && x <= 2,
    t("generation.options.inMinus2To2"),
  );
  checkNumber(
    "noRepeatNgramSize",
    o.noRepeatNgramSize,
    (x) => Number.isInteger(x) && x >= 0,
    t("generation.options.integerAtLeast0"),
  );
  checkNumber("seed", o.seed, (x) => Number.isSafeInteger(x), t("generation.options.safeInteger"));
  checkNumber(
    "maxNewTokens",
    o.maxNewTokens,
    (x) => Number.isInteger(x) && x >= 1,
    t("generation.options.integerAtLeast1"),
  );
  if (o.llama2cRng !== undefined && typeof o.llama2cRng !== "boolean")
    throw bad("llama2cRng", t("generation.options.trueOrFalse"));
  if (o.addSpecialTokens !== undefined && typeof o.addSpecialTokens !== "boolean")
    throw bad("addSpecialTokens", t("generation.options.trueOrFalse"));
  if (o.stopTokens !== undefined) {
    if (!Array.isArray(o.stopTokens) || o.stopTokens.some((id) => !Number.isInteger(id) || id < 0))
      throw bad("stopTokens", t("generation.options.tokenIdList"));
  }
  if (o.stopStrings !== undefined) {
    if (!Array.isArray(o.stopStrings) || o.stopStrings.some((s) => typeof s !== "string" || s.length === 0))
      throw bad("stopStrings", t("generation.options.stringList"));
  }
  if (o.processorOrder !== undefined) {
    const known = new Set<string>(DEFAULT_PROCESSOR_ORDER);
    for (const name of o.processorOrder) {
      if (!known.has(name))
        throw bad(
          "processorOrder",
          t("generation.options.unknownProcessor", { name, known: [...known].join(", ") }),
        );
    }
    if (new Set(o.processorOrder).size !== o.processorOrder.length)
      throw bad("processorOrder", t("generation.options.processorTwice"));
  }
  if (o.cachedTokens !== undefined && o.session === undefined)
    throw bad("cachedTokens", t("generation.options.onlyWithSession"));
  if (o.llama2cRng) {
    // run.c has temperature, top-p and a seed, nothing else: anything more would silently not apply
    const extra = (
      [
        ["topK", o.topK, 0],
        ["minP", o.minP, 0],
        ["typicalP", o.typicalP, 1],
        ["repetitionPenalty", o.repetitionPenalty, 1],
        ["presencePenalty", o.presencePenalty, 0],
        ["frequencyPenalty", o.frequencyPenalty, 0],
        ["noRepeatNgramSize", o.noRepeatNgramSize, 0],
      ] as const
    ).filter(([, v, off]) => v !== undefined && v !== off);
    if (extra.length > 0) throw bad(extra[0][0], t("generation.options.notWithLlama2cRng"));
    if (o.processorOrder !== undefined)
      throw bad("processorOrder", t("generation.options.notWithLlama2cSampler"));
    if (o.seed === 0) throw bad("seed", t("generation.options.nonZeroSeed"));
  }
}

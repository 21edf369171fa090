/**
 * The flags several commands share, declared once: the sampling flags (run, chat, serve's defaults),
 * `--threads`, `--ctx`, `--tokenizer`, and the parsers that turn a flag's text into a number or a
 * list with a one-line error naming the flag ("--top-p needs a number, got "x"").
 *
 *   addSamplingFlags(cmd, { temperature: "1" });        // --max-tokens … --stop, --llama2c-rng
 *   const options = samplingFromFlags(flags);          // GenerateOptions, checked by checkSampling()
 */
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { TongguanError } from "../errors.ts";
import {
  type GenerateOptions,
  GenerationOptionError,
  OPTION_FLAGS,
  validateGenerateOptions,
} from "../generation/generation-options.ts";
import { setThreadCount } from "../generation/open-model.ts";
import { t } from "../messages/index.ts";
import { CACHE_TYPES, type CacheType, DEFAULT_CACHE_TYPE } from "../nn/kv-cache.ts";

export type NumberKind = "number" | "integer" | "positive integer" | "whole number";

/**
 * A commander argument parser for a number flag. "integer" allows negatives, "whole number" is ≥ 0,
 * "positive integer" ≥ 1. A bad value is commander's one-line usage error naming the flag.
 */
export function numberArg(flag: string, kind: NumberKind | boolean = "number") {
  const k: NumberKind = kind === true ? "integer" : kind === false ? "number" : kind;
  return (value: string): number => {
    const n = Number(value);
    const ok =
      value.trim() !== "" &&
      Number.isFinite(n) &&
      (k === "number" ||
        (Number.isSafeInteger(n) && (k === "integer" || (k === "whole number" ? n >= 0 : n >= 1))));
    if (!ok) throw new InvalidArgumentError(t(NEEDS[k], { flag, value }));
    return n;
  };
}

const NEEDS = {
  number: "cli.flags.needsNumber",
  integer: "cli.flags.needsInteger",
  "positive integer": "cli.flags.needsPositiveInteger",
  "whole number": "cli.flags.needsWholeNumber",
} as const;

/** Collects a repeatable flag's values (`--stop a --stop b` → ["a", "b"]). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The values `addSamplingFlags` declares, as commander hands them to the action. */
export interface SamplingFlags {
  maxTokens?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  minP?: number;
  typicalP?: number;
  repetitionPenalty?: number;
  /**
   * --no-repeat-ngram-size's value. Commander reads a `--no-` prefix as "negate repeatNgramSize", so
   * the value lands under this name, and `true` when the flag is absent.
   */
  repeatNgramSize?: number | boolean;
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  stop?: string[];
  llama2cRng?: boolean;
}

/** What each command says about its defaults in `--help` (they differ: chat reads generation_config.json). */
export interface SamplingDefaults {
  maxTokens: string;
  temperature: string;
  topP?: string;
  /** How --seed is used (chat: turn k uses seed + k). */
  seed?: string;
}

/** Declares every sampling flag on `cmd` (run, chat and any command that generates share them). */
export function addSamplingFlags(cmd: Command, defaults: SamplingDefaults): Command {
  return cmd
    .option(
      "-n, --max-tokens <n>",
      t("cli.flags.opt.maxTokens", { maxTokens: defaults.maxTokens }),
      numberArg("--max-tokens", "positive integer"),
    )
    .option(
      "--temperature <t>",
      t("cli.flags.opt.temperature", { temperature: defaults.temperature }),
      numberArg("--temperature"),
    )
    .option("--top-k <k>", t("cli.flags.opt.topK"), numberArg("--top-k", "whole number"))
    .option(
      "--top-p <p>",
      t("cli.flags.opt.topP", {
        v1: defaults.topP ? t("cli.flags.defaultSuffix", { value: defaults.topP }) : "",
      }),
      numberArg("--top-p"),
    )
    .option("--min-p <p>", t("cli.flags.opt.minP"), numberArg("--min-p"))
    .option("--typical-p <p>", t("cli.flags.opt.typicalP"), numberArg("--typical-p"))
    .option(
      "--repetition-penalty <r>",
      t("cli.flags.opt.repetitionPenalty"),
      numberArg("--repetition-penalty"),
    )
    .option(
      "--no-repeat-ngram-size <n>",
      t("cli.flags.opt.noRepeatNgramSize"),
      numberArg("--no-repeat-ngram-size", "whole number"),
    )
    .option("--presence-penalty <p>", t("cli.flags.opt.presencePenalty"), numberArg("--presence-penalty"))
    .option("--frequency-penalty <p>", t("cli.flags.opt.frequencyPenalty"), numberArg("--frequency-penalty"))
    .option(
      "--seed <s>",
      t("cli.flags.opt.seed", {
        v1: defaults.seed ? t("cli.flags.parenSuffix", { text: defaults.seed }) : "",
      }),
      numberArg("--seed", true),
    )
    .option("--stop <text>", t("cli.flags.opt.stop"), collect)
    .option("--llama2c-rng", t("cli.flags.opt.llama2cRng"));
}

/** The generate() options of the sampling flags (undefined where a flag was not given). */
export function samplingFromFlags(flags: SamplingFlags): GenerateOptions {
  return {
    maxNewTokens: flags.maxTokens,
    temperature: flags.temperature,
    topK: flags.topK,
    topP: flags.topP,
    minP: flags.minP,
    typicalP: flags.typicalP,
    repetitionPenalty: flags.repetitionPenalty,
    noRepeatNgramSize: typeof flags.repeatNgramSize === "number" ? flags.repeatNgramSize : undefined,
    presencePenalty: flags.presencePenalty,
    frequencyPenalty: flags.frequencyPenalty,
    seed: flags.seed,
    stopStrings: flags.stop,
    llama2cRng: flags.llama2cRng,
  };
}

/** Checks the options, naming the command-line flag ("--top-p: 1.5 is not in (0, 1]") when one is wrong. */
export function checkSampling(options: GenerateOptions): void {
  try {
    validateGenerateOptions(options);
  } catch (err) {
    if (err instanceof GenerationOptionError && OPTION_FLAGS[err.option])
      throw new TongguanError(
        t("cli.flags.flagProblem", {
          flag: OPTION_FLAGS[err.option],
          problem: err.problem.replace(/llama2cRng/g, "--llama2c-rng"),
        }),
      );
    throw err;
  }
}

/** `--threads N`: the worker threads for the matrix products. */
export function addThreadsFlag(cmd: Command): Command {
  return cmd.option("--threads <n>", t("cli.flags.opt.threads"), threadsArg());
}

/**
 * commander's parser for `--threads` (or another thread-count flag): a whole number ≥ 1, at most the
 * cores this machine has. More threads than cores only time-slice each other (1000 threads took 63 s
 * and 7.9 GB for 3 tokens), so a larger number is lowered to the core count with a one-line notice.
 */
export function threadsArg(flag = "--threads") {
  const parse = numberArg(flag, "positive integer");
  return (value: string): number => capThreads(parse(value), flag);
}

/** `n`, or the core count with a notice on stderr when `n` is larger. */
export function capThreads(n: number, flag = "--threads"): number {
  const cores = availableParallelism();
  if (n <= cores) return n;
  process.stderr.write(`${t("cli.flags.tooManyThreads", { flag, n, cores })}\n`);
  return cores;
}

/** Applies `--threads` (before a model is opened, so the pool starts with that many workers). */
export async function applyThreads(flags: { threads?: number }): Promise<void> {
  if (flags.threads !== undefined) await setThreadCount(flags.threads);
}

/** `--ctx N`: the context length to allocate (default: the command's). */
export function addCtxFlag(cmd: Command, defaultText: string): Command {
  return cmd.option(
    "--ctx <n>",
    t("cli.flags.opt.ctx", { defaultText }),
    numberArg("--ctx", "positive integer"),
  );
}

/** `--cache-type-k`/`--cache-type-v` (llama.cpp's flags): how the KV cache stores keys and values. */
export function addCacheTypeFlags(cmd: Command): Command {
  const parse = (flag: string) => (value: string) => {
    if (!(CACHE_TYPES as readonly string[]).includes(value))
      throw new InvalidArgumentError(
        t("cli.flags.isOneOfGot", { flag, CACHE_TYPES: CACHE_TYPES.join(", "), value }),
      );
    return value as CacheType;
  };
  return cmd
    .option(
      "--cache-type-k <type>",
      t("cli.flags.opt.cacheTypeK", { CACHE_TYPES: CACHE_TYPES.join(", "), DEFAULT_CACHE_TYPE }),
      parse("--cache-type-k"),
    )
    .option(
      "--cache-type-v <type>",
      t("cli.flags.opt.cacheTypeV", { CACHE_TYPES: CACHE_TYPES.join(", "), DEFAULT_CACHE_TYPE }),
      parse("--cache-type-v"),
    );
}

/** The flags that size a model's memory (--ctx, --cache-type-k/v), as openModel's options. */
export function memoryFromFlags(flags: { ctx?: number; cacheTypeK?: CacheType; cacheTypeV?: CacheType }): {
  contextLength?: number;
  cacheTypeK?: CacheType;
  cacheTypeV?: CacheType;
} {
  return { contextLength: flags.ctx, cacheTypeK: flags.cacheTypeK, cacheTypeV: flags.cacheTypeV };
}

/** `--tokenizer PATH|ORG/NAME`: a tokenizer other than the model's own. */
export function addTokenizerFlag(cmd: Command, defaultText = t("cli.flags.tokenizerDefault")): Command {
  return cmd.option("--tokenizer <path>", t("cli.flags.opt.tokenizer", { defaultText }));
}

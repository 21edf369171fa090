/**
 * The learner's instruments on `run` and `chat`: `--show-probs` (each sampling stage's distribution,
 * what it removed, the pick), `--show-cache` (per step: tokens run, positions cached, bytes, time),
 * `--no-cache` (recompute everything each step) and `--ctx N` (the session's context and cache size).
 * The data comes from src/instruments/; this file only formats it.
 */
import type { Command } from "commander";
import { TongguanError } from "../../errors.ts";
import type { GenerationObserver } from "../../generation/observer.ts";
import { type CacheStep, combineObservers, recordCache } from "../../instruments/cache-steps.ts";
import { recordSampling, type SamplingStep } from "../../instruments/sampling-stages.ts";
import { bytesLabel, tokenBytes } from "../../instruments/token-pieces.ts";
import type { CausalLM } from "../../models/types.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";
import { bar } from "./heatmap.ts";

export interface InstrumentFlags {
  showProbs?: boolean;
  showCache?: boolean;
  /** false with --no-cache */
  cache?: boolean;
  ctx?: number;
}

function positiveInteger(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < 1)
      throw new TongguanError(`${flag} needs a positive integer, got "${value}"`);
    return n;
  };
}

/** Adds the instrument flags to a command (`which` picks them). */
export function addInstrumentFlags(cmd: Command, which: ("probs" | "cache" | "ctx")[]): Command {
  if (which.includes("probs"))
    cmd.option(
      "--show-probs",
      "at each step: the top tokens after each sampling stage, what it removed, the pick",
    );
  if (which.includes("cache")) {
    cmd.option("--show-cache", "at each step: tokens run, positions in the KV cache, its bytes, the time");
    cmd.option("--no-cache", "no KV cache: run the whole sequence again at every step (same tokens, slower)");
  }
  if (which.includes("ctx"))
    cmd.option(
      "--ctx <n>",
      "context length: the most tokens the session (and its KV cache) holds",
      positiveInteger("--ctx"),
    );
  return cmd;
}

/** --ctx within the model's context, and the prompt within --ctx; errors name --ctx. */
export function checkCtx(model: CausalLM, ctx: number, promptTokens?: number): void {
  if (ctx > model.contextLength)
    throw new TongguanError(
      `--ctx: ${ctx} is more than this model's context of ${model.contextLength} tokens`,
    );
  if (promptTokens !== undefined && promptTokens > ctx)
    throw new TongguanError(
      `--ctx: the prompt has ${promptTokens} tokens, more than --ctx ${ctx} (give a larger --ctx or a shorter prompt)`,
    );
}

/** A token as the chip text, whitespace visible: "·upon", "<e9 80>". */
export function tokenText(tokenizer: Tokenizer, id: number): string {
  return JSON.stringify(bytesLabel(tokenBytes(tokenizer, id))).slice(1, -1);
}

function formatStep(step: SamplingStep, index: number, tokenizer: Tokenizer): string {
  const lines = [
    `step ${index}: pick "${tokenText(tokenizer, step.pick)}" (id ${step.pick}, p ${step.pickProbability.toFixed(4)})`,
  ];
  for (const s of step.stages) {
    const removed =
      s.removedCount > 0
        ? `, removed ${s.removedCount}: ${s.removed
            .slice(0, 5)
            .map((id) => `"${tokenText(tokenizer, id)}"`)
            .join(" ")}${s.removedCount > 5 ? " …" : ""}`
        : "";
    lines.push(`  ${s.name.padEnd(18)} ${s.kept} tokens left${removed}`);
    for (const t of s.top.slice(0, 5)) {
      if (t.p === 0) continue;
      lines.push(
        `    ${`"${tokenText(tokenizer, t.id)}"`.padEnd(16)} ${t.p.toFixed(4)} ${bar(t.p, 1, 30)}${t.id === step.pick ? " ◀" : ""}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function formatCacheStep(s: CacheStep): string {
  const kib = (b: number | undefined) => (b === undefined ? "?" : `${(b / 1024).toFixed(1)} KiB`);
  return `  ${String(s.step).padStart(4)}  ${String(s.ran).padStart(5)}  ${String(s.cached).padStart(7)}  ${kib(s.bytesUsed).padStart(12)}  ${s.ms.toFixed(2).padStart(9)}\n`;
}

/** The observers the flags ask for, and how to print or serialize what they saw. */
export function instruments(
  flags: InstrumentFlags,
  tokenizer: Tokenizer,
  contextLength: number | undefined,
  live?: (text: string) => void,
) {
  let index = 0;
  const sampling = flags.showProbs
    ? recordSampling({
        top: 10,
        onStep: live ? (step) => live(formatStep(step, index++, tokenizer)) : undefined,
      })
    : undefined;
  const cache = flags.showCache ? recordCache({ contextLength }) : undefined;
  const observer: GenerationObserver | undefined =
    sampling || cache ? combineObservers(sampling?.observer, cache?.observer) : undefined;
  return {
    observer,
    useCache: flags.cache !== false,
    /** The cache table (text). */
    cacheReport(): string {
      if (!cache) return "";
      const head = `KV cache ${flags.cache === false ? "off (--no-cache: every step runs the whole sequence)" : "on"}\n  step    ran   cached          used    ms/step\n`;
      return head + cache.steps.map(formatCacheStep).join("");
    },
    /** What --json adds. */
    json(): Record<string, unknown> {
      const out: Record<string, unknown> = {};
      if (sampling)
        out.steps = sampling.steps.map((s) => ({
          pick: s.pick,
          pick_token: tokenText(tokenizer, s.pick),
          pick_probability: s.pickProbability,
          stages: s.stages.map((st) => ({
            name: st.name,
            kept: st.kept,
            removed_count: st.removedCount,
            removed: st.removed,
            top: st.top.map((t) => ({ id: t.id, token: tokenText(tokenizer, t.id), p: t.p })),
          })),
        }));
      if (cache) out.cache_steps = cache.steps;
      return out;
    },
  };
}

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
import { padEndWidth, padStartWidth } from "../../messages/display-width.ts";
import { t as tr } from "../../messages/index.ts";
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
      throw new TongguanError(tr("cli.generationView.needsAPositiveInteger", { flag, value }));
    return n;
  };
}

/** Adds the instrument flags to a command (`which` picks them). */
export function addInstrumentFlags(cmd: Command, which: ("probs" | "cache" | "ctx")[]): Command {
  if (which.includes("probs")) cmd.option("--show-probs", tr("cli.generationView.opt.showProbs"));
  if (which.includes("cache")) {
    cmd.option("--show-cache", tr("cli.generationView.opt.showCache"));
    cmd.option("--no-cache", tr("cli.generationView.opt.noCache"));
  }
  if (which.includes("ctx"))
    cmd.option("--ctx <n>", tr("cli.generationView.opt.ctx"), positiveInteger("--ctx"));
  return cmd;
}

/** --ctx within the model's context, and the prompt within --ctx; errors name --ctx. */
export function checkCtx(model: CausalLM, ctx: number, promptTokens?: number): void {
  if (ctx > model.contextLength)
    throw new TongguanError(
      tr("cli.generationView.ctxIsMoreThan", { ctx, contextLength: model.contextLength }),
    );
  if (promptTokens !== undefined && promptTokens > ctx)
    throw new TongguanError(tr("cli.generationView.ctxThePromptHas", { promptTokens, ctx }));
}

/** A token as the chip text, whitespace visible: "·upon", "<e9 80>". */
export function tokenText(tokenizer: Tokenizer, id: number): string {
  return JSON.stringify(bytesLabel(tokenBytes(tokenizer, id))).slice(1, -1);
}

function formatStep(step: SamplingStep, index: number, tokenizer: Tokenizer): string {
  const lines = [
    tr("cli.generationView.step", {
      index,
      token: tokenText(tokenizer, step.pick),
      id: step.pick,
      p: step.pickProbability.toFixed(4),
    }),
  ];
  for (const s of step.stages) {
    const removed =
      s.removedCount > 0
        ? tr("cli.generationView.removed", {
            count: s.removedCount,
            tokens: `${s.removed
              .slice(0, 5)
              .map((id) => `"${tokenText(tokenizer, id)}"`)
              .join(" ")}${s.removedCount > 5 ? " …" : ""}`,
          })
        : "";
    lines.push(`  ${s.name.padEnd(18)} ${tr("cli.generationView.tokensLeft", { kept: s.kept, removed })}`);
    for (const t of s.top.slice(0, 5)) {
      if (t.p === 0) continue;
      lines.push(
        `    ${padEndWidth(`"${tokenText(tokenizer, t.id)}"`, 16)} ${t.p.toFixed(4)} ${bar(t.p, 1, 30)}${t.id === step.pick ? " ◀" : ""}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The cache table's column names, right-aligned over the numbers by display width (汉字 take two columns). */
function cacheHeader(): string {
  const cols: Array<[Parameters<typeof tr>[0], number]> = [
    ["cli.generationView.colStep", 4],
    ["cli.generationView.colRan", 5],
    ["cli.generationView.colCached", 7],
    ["cli.generationView.colUsed", 12],
    ["cli.generationView.colMs", 9],
  ];
  return `${cols.map(([key, width]) => `  ${padStartWidth(tr(key), width)}`).join("")}\n`;
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
      const head = `${tr(flags.cache === false ? "cli.generationView.cacheOff" : "cli.generationView.cacheOn")}\n${cacheHeader()}`;
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

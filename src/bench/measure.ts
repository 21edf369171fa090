/**
 * Timing one engine on one model the way llama.cpp's users measure it:
 *
 *   prefill   the whole prompt in one forward pass      → prefill tok/s = prompt tokens / time
 *   TTFT      from starting the prefill to the first greedy token (prefill + picking it)
 *   decode    then `genTokens` single-token passes, each fed the previous pick (greedy, EOS
 *             ignored, so every run decodes exactly as many tokens) → decode tok/s
 *   peak RSS  the process's high-water mark of resident memory (weights, cache, runtime)
 *
 * A warm-up first, as llama.cpp's own tools do (then the cache is cleared): a batch of
 * WARMUP_TOKENS prompt tokens and WARMUP_STEPS single-token steps, so that first-touch costs — page
 * faults on the weights, JIT compilation of both the batch and the one-token paths, thread start-up —
 * are not counted as prefill or decode.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileError, TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import { loadCausalLM } from "../models/index.ts";
import { argmax, getThreads, setThreads } from "../tensor/index.ts";

export interface BenchOptions {
  /** Compute threads (tongguan's worker pool, or llama.cpp's threads). */
  threads: number;
  promptTokens: number;
  genTokens: number;
  /** Seed of the random prompt. */
  seed?: number;
}

/** The warm-up both engines run before they are timed: one batch of this many tokens … */
export const WARMUP_TOKENS = 32;
/** … then this many single-token steps. */
export const WARMUP_STEPS = 4;

/** One measurement; snake_case because it is printed as JSON for scripts. */
export interface BenchResult {
  engine: "tongguan" | "llama.cpp";
  model: string;
  /** Bytes of the model file (or of the files in a model folder). */
  model_bytes: number;
  threads: number;
  prompt_tokens: number;
  gen_tokens: number;
  load_ms: number;
  prefill_tok_s: number;
  decode_tok_s: number;
  ttft_ms: number;
  peak_rss_mb: number;
}

/** `n` token ids drawn from the vocabulary's ordinary part (seeded; the last 512 ids, where special tokens live, are avoided in big vocabularies). */
export function randomPromptIds(n: number, vocabSize: number, seed = 7): number[] {
  const hi = vocabSize > 1024 ? vocabSize - 512 : vocabSize;
  let s = seed >>> 0 || 1;
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    ids.push(s % hi);
  }
  return ids;
}

/** Size of a model file, or the sum of the files in a model folder. */
export function modelBytes(path: string): number {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    throw fileError(path, tr("bench.measure.noSuchFileOr"));
  }
  if (!st.isDirectory()) return st.size;
  let sum = 0;
  for (const f of readdirSync(path)) {
    const s = statSync(join(path, f));
    if (s.isFile()) sum += s.size;
  }
  return sum;
}

/** Peak resident memory of this process so far, in MiB (Linux reports maxRSS in KiB). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** The report of one run: prefill speed from the time to first token, decode speed from the decode loop. */
export function benchResult(
  engine: BenchResult["engine"],
  path: string,
  bytes: number,
  o: BenchOptions,
  t: { loadMs: number; ttftMs: number; decodeMs: number },
): BenchResult {
  return {
    engine,
    model: path,
    model_bytes: bytes,
    threads: o.threads,
    prompt_tokens: o.promptTokens,
    gen_tokens: o.genTokens,
    load_ms: t.loadMs,
    prefill_tok_s: o.promptTokens / (t.ttftMs / 1000),
    decode_tok_s: o.genTokens / (t.decodeMs / 1000),
    ttft_ms: t.ttftMs,
    peak_rss_mb: peakRssMb(),
  };
}

export function validateBenchOptions(o: BenchOptions): void {
  const check = (flag: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min)
      throw new TongguanError(tr("bench.measure.needAWholeNumber", { flag, min, v }));
  };
  check("--threads", o.threads, 1);
  check("--prompt-tokens", o.promptTokens, 1);
  check("--gen-tokens", o.genTokens, 1);
}

/** Loads `path` with tongguan and times prefill and greedy decode (see the file comment). */
export async function benchTongguan(path: string, o: BenchOptions): Promise<BenchResult> {
  validateBenchOptions(o);
  const bytes = modelBytes(path);
  const before = getThreads();
  setThreads(o.threads);
  try {
    const t0 = performance.now();
    const model = await loadCausalLM(path);
    const loadMs = performance.now() - t0;
    const need = o.promptTokens + o.genTokens;
    if (need > model.contextLength) {
      throw new TongguanError(
        tr("bench.measure.promptTokensGenTokens", { need, contextLength: model.contextLength }),
      );
    }
    // A tiny model's context may be shorter than the warm-up: it then warms up on what fits.
    const warmSteps = Math.min(WARMUP_STEPS, model.contextLength - 1);
    const warm = randomPromptIds(
      Math.min(WARMUP_TOKENS, model.contextLength - warmSteps),
      model.vocabSize,
      (o.seed ?? 7) + 1,
    );
    const session = model.newSession({
      contextLength: Math.max(need, warm.length + warmSteps),
    });
    const ids = randomPromptIds(o.promptTokens, model.vocabSize, o.seed);

    // Warm-up (see the file comment), then forget it.
    let w = argmax(session.forward(warm));
    for (let i = 0; i < warmSteps; i++) w = argmax(session.forward([w]));
    session.truncate(0);

    const tp = performance.now();
    let next = argmax(session.forward(ids));
    const ttft = performance.now() - tp;
    const td = performance.now();
    for (let i = 0; i < o.genTokens; i++) next = argmax(session.forward([next]));
    const decodeMs = performance.now() - td;
    session.release?.();
    return benchResult("tongguan", path, bytes, o, { loadMs, ttftMs: ttft, decodeMs });
  } finally {
    setThreads(before);
  }
}

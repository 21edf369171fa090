/**
 * A chat's prefill, both engines: `turns` turns of `promptTokens` new user tokens, each answered with
 * `genTokens` greedy tokens, in one conversation whose earlier turns stay in the KV cache (tongguan's
 * session, llama.cpp's context sequence), so each turn prefills only its own new tokens on top of
 * a growing context. What a learner waits for is the sum of the turns' times to first token.
 *
 *   turn i:  prefill its prompt (after i·(prompt + gen) cached tokens) → first pick → gen − 1 steps
 *
 * The same warm-up as measure.ts first. Random token ids, EOS ignored, as there.
 */
import { performance } from "node:perf_hooks";
import { loadCausalLM } from "../models/index.ts";
import { argmax, getThreads, setThreads } from "../tensor/index.ts";
import {
  type BenchOptions,
  modelBytes,
  peakRssMb,
  randomPromptIds,
  validateBenchOptions,
  WARMUP_STEPS,
  WARMUP_TOKENS,
} from "./measure.ts";

export interface ChatOptions extends BenchOptions {
  turns: number;
}

/** snake_case: printed as JSON for scripts. */
export interface ChatResult {
  engine: "tongguan" | "llama.cpp";
  threads: number;
  turns: number;
  prompt_tokens: number;
  gen_tokens: number;
  /** Each turn's prefill + first pick, in ms. */
  turn_ms: number[];
  /** Their sum. */
  prefill_ms: number;
  peak_rss_mb: number;
}

export function chatResult(engine: ChatResult["engine"], o: ChatOptions, turnMs: number[]): ChatResult {
  return {
    engine,
    threads: o.threads,
    turns: o.turns,
    prompt_tokens: o.promptTokens,
    gen_tokens: o.genTokens,
    turn_ms: turnMs,
    prefill_ms: turnMs.reduce((a, b) => a + b, 0),
    peak_rss_mb: peakRssMb(),
  };
}

/** The user tokens of turn i (seeded; the warm-up's seed is o.seed + 1, so these start at + 2). */
export function turnIds(o: ChatOptions, i: number, vocabSize: number): number[] {
  return randomPromptIds(o.promptTokens, vocabSize, (o.seed ?? 7) + 2 + i);
}

/** The chat on tongguan (see the file comment). */
export async function chatTongguan(path: string, o: ChatOptions): Promise<ChatResult> {
  validateBenchOptions(o);
  modelBytes(path); // a clear error for a missing file
  const before = getThreads();
  setThreads(o.threads);
  try {
    const model = await loadCausalLM(path);
    const session = model.newSession({ contextLength: o.turns * (o.promptTokens + o.genTokens) });
    let w = argmax(session.forward(randomPromptIds(WARMUP_TOKENS, model.vocabSize, (o.seed ?? 7) + 1)));
    for (let i = 0; i < WARMUP_STEPS; i++) w = argmax(session.forward([w]));
    session.truncate(0);
    const turnMs: number[] = [];
    for (let i = 0; i < o.turns; i++) {
      const t0 = performance.now();
      let next = argmax(session.forward(turnIds(o, i, model.vocabSize)));
      turnMs.push(performance.now() - t0);
      for (let g = 1; g < o.genTokens; g++) next = argmax(session.forward([next]));
    }
    session.release?.();
    return chatResult("tongguan", o, turnMs);
  } finally {
    setThreads(before);
  }
}

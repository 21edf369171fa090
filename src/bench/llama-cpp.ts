/**
 * The same measurement as measure.ts, on llama.cpp (node-llama-cpp's prebuilt CPU build), so the two
 * engines can be compared on the same file with the same prompt, thread count and token counts.
 *
 * node-llama-cpp is a peer installed on demand (bench/node_modules, `npm run bench:setup`): this
 * file is only imported by the benchmark (bench/generate.ts), and loads the package when called. For a fair run, start the process with UV_THREADPOOL_SIZE=1
 * (node-llama-cpp runs evaluations on libuv's pool; extra pool threads would compete for the cores).
 *
 * llama.cpp runs as its own tools run it (llama-cli, llama-server, llama-bench): flash attention
 * `auto` (or off, to show what it adds), a context and batch of at least 512 tokens, exactly
 * `threads` threads ({ideal: n, min: n}: node-llama-cpp otherwise may hand an evaluation fewer), the
 * f16 KV cache, and the same warm-up as measure.ts (a 32-token batch, then a few decode steps).
 *
 * `sequence.evaluate(ids)` is a generator: its first value comes after the prompt's prefill and the
 * first greedy pick, each later value after one more single-token pass — the same steps measure.ts times.
 */
import { performance } from "node:perf_hooks";
import { TongguanError } from "../errors.ts";
import { readGguf } from "../formats/gguf.ts";
import { t } from "../messages/index.ts";
import { type ChatOptions, type ChatResult, chatResult, turnIds } from "./chat.ts";
import {
  type BenchOptions,
  type BenchResult,
  benchResult,
  modelBytes,
  randomPromptIds,
  validateBenchOptions,
  WARMUP_STEPS,
  WARMUP_TOKENS,
} from "./measure.ts";
import { importPeer } from "./peers.ts";

export interface LlamaCppOptions extends BenchOptions {
  /** llama.cpp's flash attention: "auto" (its default: on where the build and model allow) or "off". */
  flashAttention?: "auto" | "off";
}

/** The smallest context and batch llama.cpp's tools use (n_ubatch 512; llama-bench's n_prompt 512). */
export const LLAMA_CPP_MIN_BATCH = 512;

/** What these measurements use of node-llama-cpp's LlamaContextSequence (typed here: the peer may be absent). */
interface Sequence {
  evaluate(tokens: never[], options: { temperature: number }): AsyncGenerator<unknown, unknown, unknown>;
  clearHistory(): Promise<void>;
}

/**
 * Loads `path` in llama.cpp with the settings of the file comment, for a context of `tokens`, warms
 * it up as measure.ts does (then forgets the warm-up), and runs `fn` on its one sequence.
 */
async function withLlamaCpp<T>(
  path: string,
  o: LlamaCppOptions,
  tokens: number,
  fn: (seq: Sequence, vocab: number, loadMs: number) => Promise<T>,
): Promise<T> {
  validateBenchOptions(o);
  process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD = "true";
  modelBytes(path); // a clear error for a missing file
  const lib = await importPeer<typeof import("node-llama-cpp")>("node-llama-cpp");
  const llama = await lib.getLlama({
    build: "never",
    gpu: false,
    maxThreads: o.threads,
    logLevel: lib.LlamaLogLevel.error,
  });
  const t0 = performance.now();
  const model = await llama.loadModel({ modelPath: path });
  const loadMs = performance.now() - t0;
  try {
    const ctx = await model.createContext({
      // Room past the run's tokens: node-llama-cpp keeps one cell free and, once the context is full,
      // shifts it (drops the oldest tokens and evaluates the rest again) — at GPT-2's 1024 tokens a
      // context of exactly 1024 would shift on the last decoded token. Past the model's own context
      // only by these spare cells, which the run never reaches.
      contextSize: Math.max(LLAMA_CPP_MIN_BATCH, tokens + 16),
      batchSize: Math.max(LLAMA_CPP_MIN_BATCH, o.promptTokens),
      threads: { ideal: o.threads, min: o.threads },
      flashAttention: o.flashAttention === "off" ? false : "auto",
      sequences: 1,
    });
    try {
      const seq = ctx.getSequence();
      const vocab = ggufVocabSize(path);
      // Warm-up, as in measure.ts: a 32-token batch and a few decode steps, then forget them.
      const warm = seq.evaluate(randomPromptIds(WARMUP_TOKENS, vocab, (o.seed ?? 7) + 1) as never[], {
        temperature: 0,
      });
      for (let i = 0; i <= WARMUP_STEPS; i++) await warm.next();
      await warm.return(undefined);
      await seq.clearHistory();
      return await fn(seq, vocab, loadMs);
    } finally {
      await ctx.dispose();
    }
  } finally {
    await model.dispose();
    await llama.dispose();
  }
}

export async function benchLlamaCpp(path: string, o: LlamaCppOptions): Promise<BenchResult> {
  const bytes = modelBytes(path);
  return withLlamaCpp(path, o, o.promptTokens + o.genTokens, async (seq, vocab, loadMs) => {
    const ids = randomPromptIds(o.promptTokens, vocab, o.seed) as never[];
    const tp = performance.now();
    const it = seq.evaluate(ids, { temperature: 0 });
    const first = await it.next();
    const ttft = performance.now() - tp;
    if (first.done) throw new Error("llama.cpp produced no token");
    const td = performance.now();
    for (let i = 0; i < o.genTokens; i++) {
      const r = await it.next();
      if (r.done) throw new Error(`llama.cpp stopped after ${i} decoded tokens`);
    }
    const decodeMs = performance.now() - td;
    await it.return(undefined);
    return benchResult("llama.cpp", path, bytes, o, { loadMs, ttftMs: ttft, decodeMs });
  });
}

/** The chat of chat.ts on llama.cpp: each turn's tokens are evaluated after the sequence's history. */
export async function chatLlamaCpp(path: string, o: ChatOptions & LlamaCppOptions): Promise<ChatResult> {
  return withLlamaCpp(path, o, o.turns * (o.promptTokens + o.genTokens), async (seq, vocab) => {
    const turnMs: number[] = [];
    for (let i = 0; i < o.turns; i++) {
      const t0 = performance.now();
      const it = seq.evaluate(turnIds(o, i, vocab) as never[], { temperature: 0 });
      const first = await it.next();
      turnMs.push(performance.now() - t0);
      if (first.done) throw new Error("llama.cpp produced no token");
      for (let g = 1; g < o.genTokens; g++) await it.next();
      await it.return(undefined);
    }
    return chatResult("llama.cpp", o, turnMs);
  });
}

/** Rows of the embedding matrix: the vocabulary size llama.cpp and tongguan both use. */
function ggufVocabSize(path: string): number {
  const rows = readGguf(path).tensorInfo("token_embd.weight")?.shape[0];
  if (rows === undefined) throw new TongguanError(t("bench.llamaCpp.tensorTokenEmbdWeight", { path }));
  return rows;
}

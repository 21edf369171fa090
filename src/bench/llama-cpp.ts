/**
 * The same measurement as measure.ts, on llama.cpp (node-llama-cpp's prebuilt CPU build), so the two
 * engines can be compared on the same file with the same prompt, thread count and token counts.
 *
 * node-llama-cpp is a peer installed on demand (bench/node_modules, `npm run bench:setup`): this
 * file is only imported by the benchmark (bench/generate.ts), and loads the package when called. For a fair run, start the process with UV_THREADPOOL_SIZE=1
 * (node-llama-cpp runs evaluations on libuv's pool; extra pool threads would compete for the cores).
 *
 * `sequence.evaluate(ids)` is a generator: its first value comes after the prompt's prefill and the
 * first greedy pick, each later value after one more single-token pass — the same steps measure.ts times.
 */
import { performance } from "node:perf_hooks";
import { TongguanError } from "../errors.ts";
import { readGguf } from "../formats/gguf.ts";
import { t } from "../messages/index.ts";
import {
  type BenchOptions,
  type BenchResult,
  benchResult,
  modelBytes,
  randomPromptIds,
  validateBenchOptions,
} from "./measure.ts";
import { importPeer } from "./peers.ts";

export async function benchLlamaCpp(path: string, o: BenchOptions): Promise<BenchResult> {
  validateBenchOptions(o);
  process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD = "true";
  const bytes = modelBytes(path);
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
    const need = o.promptTokens + o.genTokens;
    const ctx = await model.createContext({
      contextSize: need + 16,
      batchSize: o.promptTokens,
      threads: o.threads,
      sequences: 1,
    });
    try {
      const seq = ctx.getSequence();
      const ids = randomPromptIds(o.promptTokens, ggufVocabSize(path), o.seed) as never[];

      // Warm-up, as in measure.ts: a few prompt tokens and one decode step, then forget them.
      const warm = seq.evaluate(ids.slice(0, Math.min(8, ids.length)), { temperature: 0 });
      await warm.next();
      await warm.next();
      await warm.return(undefined);
      await seq.clearHistory();

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
    } finally {
      await ctx.dispose();
    }
  } finally {
    await model.dispose();
    await llama.dispose();
  }
}

/** Rows of the embedding matrix: the vocabulary size llama.cpp and tongguan both use. */
function ggufVocabSize(path: string): number {
  const rows = readGguf(path).tensorInfo("token_embd.weight")?.shape[0];
  if (rows === undefined) throw new TongguanError(t("bench.llamaCpp.tensorTokenEmbdWeight", { path }));
  return rows;
}

/**
 * bench:kernels' attention rows: the attention kernels (src/tensor/wasm/attention-simd.ts) over a KV
 * cache of 1024 and 4096 tokens in each cache type, for one decoded token and for a 128-token
 * prompt at the end of that context — the part of a long-context step that grows with the context.
 * Qwen2-0.5B's shape (14 query heads sharing 2 K/V heads, headDim 64) and GPT-2's (12 × 12, 64).
 *
 * Multiply-adds counted: 2 · heads · headDim per visible (query, key) pair (scores and weighted
 * sum), so GFLOP/s = 4 · heads · headDim · Σ visible keys / seconds; the softmax is not counted.
 */
import { attention } from "../src/tensor/attention.ts";
import { type CacheType, newCacheRows, storeCacheRows } from "../src/tensor/kv-rows.ts";
import { alloc, allocF32 } from "../src/tensor/memory.ts";
import { setThreads } from "../src/tensor/pool.ts";

interface Timing {
  wall: number;
  cpu: number;
}
type BestPair = (a: () => void, b: () => void, reps: number) => [Timing, Timing];

const SHAPES = [
  { name: "Qwen2-0.5B", heads: 14, kvHeads: 2, hd: 64 },
  { name: "GPT-2", heads: 12, kvHeads: 12, hd: 64 },
] as const;

/** Prints the attention table through `say`, timed with bench/kernels.ts's alternating `bestPair`. */
export function attentionRows(
  say: (s?: string) => void,
  bestPair: BestPair,
  threads: number[],
  reps: number,
): void {
  say(
    `| attention over a KV cache (heads / K/V heads × headDim) | cache | ${threads.map((t) => `${t} thread${t > 1 ? "s" : ""} GFLOP/s | per CPU-s`).join(" | ")} |`,
  );
  say(`| --- | --- | ${threads.map(() => "--- | ---").join(" | ")} |`);
  let seed = 99;
  const fill = (a: Float32Array) => {
    for (let i = 0; i < a.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      a[i] = seed / 2 ** 32 - 0.5;
    }
    return a;
  };
  for (const s of SHAPES) {
    const kvDim = s.kvHeads * s.hd;
    for (const [n, kvLen] of [
      [1, 1024],
      [1, 4096],
      [128, 1024],
      [128, 4096],
    ]) {
      if (s.name === "GPT-2" && kvLen > 1024) continue; // its context is 1024 tokens
      const q = fill(allocF32(n * s.heads * s.hd));
      const out = allocF32(n * s.heads * s.hd);
      const k = fill(new Float32Array(kvLen * kvDim));
      const v = fill(new Float32Array(kvLen * kvDim));
      let visible = 0;
      for (let r = 0; r < n; r++) visible += kvLen - n + r + 1;
      const flop = 4 * s.heads * s.hd * visible;
      for (const type of ["f16", "q8_0", "f32"] as CacheType[]) {
        const keys = newCacheRows(type, kvLen, kvDim, (b) => alloc(b));
        const values = newCacheRows(type, kvLen, kvDim, (b) => alloc(b));
        storeCacheRows(keys, type, k, 0, kvLen, kvDim);
        storeCacheRows(values, type, v, 0, kvLen, kvDim);
        const o = {
          heads: s.heads,
          kvHeads: s.kvHeads,
          headDim: s.hd,
          qStart: kvLen - n,
          causal: true,
          scores: allocF32(0),
          keyType: type,
          valueType: type,
        };
        const cells = threads.flatMap((t) => {
          setThreads(t);
          // One timed run: enough calls for ≥ ~20 MFLOP, so a decode step is not one lucky 0.1 ms.
          const calls = Math.max(1, Math.ceil(2e7 / flop));
          const run = () => {
            for (let i = 0; i < calls; i++) attention(out, q, keys, values, n, kvLen, o);
          };
          const [a] = bestPair(run, run, reps);
          return [((calls * flop) / a.wall / 1e9).toFixed(1), ((t * calls * flop) / a.cpu / 1e9).toFixed(1)];
        });
        const what = n === 1 ? `decode, ${kvLen} keys` : `${n}-token prompt ending at ${kvLen} keys`;
        say(`| ${s.name} (${s.heads} / ${s.kvHeads} × ${s.hd}), ${what} | ${type} | ${cells.join(" | ")} |`);
      }
    }
  }
  say("");
  say("Attention: GFLOP/s = 4 · heads · headDim · Σ visible (query, key) pairs over the best time (scores");
  say('and the weighted sum of values; the softmax is not counted), "per CPU-s" the same over CPU time ×');
  say("threads. f16 and q8_0 blocks of 32 cached rows are converted to f32 (exactly) in an L1 scratch");
  say("once per K/V head and block of query rows, a prompt's cache once per call; all types then run the");
  say("same f32 loops. Items are (block of query rows, K/V head): Qwen2's 2 K/V heads give a decode");
  say("step 2 items, one per thread.");
  say("");
}

/**
 * The machine's memory read bandwidth: the ceiling of decoding speed.
 *
 * Decoding one token reads every weight once, so tok/s ≤ bandwidth / model bytes. We measure the
 * bandwidth with the kernel pool's own `streamRows` (a wasm SIMD sum of f32 rows, nothing else),
 * over a buffer far larger than any cache (1 GiB), on the same threads the matmuls use.
 *
 *   readBandwidthGBs(2)   // → e.g. 27.5 (GB/s, 1 GB = 1e9 bytes)
 */
import { performance } from "node:perf_hooks";
import { allocF32 } from "../tensor/memory.ts";
import { getThreads, runRows, setThreads } from "../tensor/pool.ts";
import { loadKernels } from "../tensor/wasm/kernels.ts";

const K = 4096; // floats per row: 16 KiB

/**
 * A probe over `bytes` (default 1 GiB) on `threads` threads: each call streams the buffer once and
 * returns GB/s. The buffer is allocated once (tensor memory is never freed: make one probe per process).
 */
export function bandwidthProbe(threads: number, bytes = 2 ** 30): () => number {
  const lib = loadKernels();
  if (!lib) throw new Error("the wasm kernels did not load (this Node lacks WebAssembly SIMD or threads)");
  const rows = Math.ceil(bytes / (K * 4));
  const data = allocF32(rows * K);
  data.fill(1); // touch every page: untouched pages would all map the same zero page
  const out = allocF32(rows);
  const args = { out: out.byteOffset, x: 0, n: 1, w: data.byteOffset, k: K, rows, xs: 0, xq: 0, xsum: 0 };
  return () => {
    const before = getThreads();
    setThreads(threads);
    try {
      const t0 = performance.now();
      runRows("streamRows", args, rows * K);
      return (rows * K * 4) / ((performance.now() - t0) / 1000) / 1e9;
    } finally {
      setThreads(before);
    }
  };
}

/** Best-of-`reps` read bandwidth in GB/s over `bytes` (default 1 GiB) on `threads` threads. */
export function readBandwidthGBs(threads: number, bytes = 2 ** 30, reps = 4): number {
  const probe = bandwidthProbe(threads, bytes);
  probe(); // warm-up (starts the workers)
  let best = 0;
  for (let i = 0; i < reps; i++) best = Math.max(best, probe());
  return best;
}

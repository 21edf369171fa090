// The worker pool's polling modes (pool.ts): results never depend on whether the workers poll or
// sleep between jobs, or on how finely a big job is cut.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { matmulT } from "../../src/tensor/fast.ts";
import { allocF32 } from "../../src/tensor/memory.ts";
import { setPoolHot, setThreads, shutdownPool } from "../../src/tensor/pool.ts";
import { makeWeight, randomF32, rng } from "./kernel-helpers.ts";

after(async () => {
  setThreads(1);
  await shutdownPool();
});

test("back-to-back matmuls with gaps give the 1-thread results on 2 threads, hot or not", () => {
  const r = rng(61);
  const k = 256;
  const w = makeWeight("q8_0", 300, k, r);
  const big = makeWeight("q8_0", 1200, k, r); // n·rows·k ≥ 2^24 at n = 64: cut in finer chunks
  const x = allocF32(64 * k);
  x.set(randomF32(64 * k, r));
  const expect = (weight: typeof w, n: number) => {
    setThreads(1);
    const out = allocF32(n * weight.shape[0]);
    matmulT(out, x, n, weight);
    return out;
  };
  const small1 = expect(w, 1);
  const big64 = expect(big, 64);
  setThreads(2);
  const out1 = allocF32(300);
  const out64 = allocF32(64 * 1200);
  for (const hot of [true, false]) {
    if (hot) setPoolHot(true);
    try {
      for (let i = 0; i < 50; i++) {
        out1.fill(0);
        matmulT(out1, x, 1, w);
        assert.deepEqual(out1, small1, `job ${i} (hot: ${hot})`);
        for (const t0 = performance.now(); performance.now() - t0 < 0.05; ); // a gap, as norms and RoPE make
      }
      out64.fill(0);
      matmulT(out64, x, 64, big);
      assert.deepEqual(out64, big64, `big job (hot: ${hot})`);
    } finally {
      if (hot) setPoolHot(false);
    }
  }
});

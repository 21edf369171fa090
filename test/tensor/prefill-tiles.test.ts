/**
 * The prefill path of the quantized, f16 and bf16 kernels: with n > 1 tokens the quantized ones work
 * in tiles of 8 or 4 tokens (× 1 or 2 weight rows) over groups of rows that fit in cache, and the
 * leftover tokens go through the one-token loop; f16 and bf16 (n ≥ 4) convert a few rows at a time to
 * f32 and run the f32 tiles over them (half.ts). Every split must agree with the reference: token counts below, at and
 * past a tile of 4 or 8 and both tiles together (1, 3, 4, 5, 8, 12, 17, 23), several row groups with an odd last row, both wasm builds
 * (single-threaded) and the pool on 1 and 2 threads (whose row split cuts through the groups).
 * Tolerance as in matmul.test.ts: 1e-5 · Σ|w·x| against matmulTQ8Ref.
 */
import { after, test } from "node:test";
import { shutdownPool } from "../../src/tensor/pool.ts";
import type { DType } from "../../src/tensor/tensor.ts";
import { checkAllPaths, makeWeight, randomF32, rng } from "./kernel-helpers.ts";

after(() => shutdownPool());

const QUANT: DType[] = ["q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q4_K", "q5_K", "q6_K", "f16", "bf16"];
const TOKENS = [1, 3, 4, 5, 8, 12, 17, 23];
// Row groups hold ≥ 256 rows of these small k, so 517 rows make 3 groups, the last one odd.
const ROWS = 517;

for (const dtype of QUANT) {
  const k = dtype.endsWith("_K") ? 512 : 96;
  test(`${dtype} prefill tiles equal the reference: n = ${TOKENS.join(", ")}, ${ROWS} rows, both builds and 1/2 threads`, () => {
    const r = rng(900 + QUANT.indexOf(dtype));
    const w = makeWeight(dtype, ROWS, k, r);
    for (const n of TOKENS) {
      const x = randomF32(n * k, r);
      checkAllPaths(w, x, n, `${dtype} n=${n}`);
    }
  });
}

/**
 * The f16 block scales of q8_0 and q4_0 weights as the kernels convert them (common.ts f16bits: the
 * bits moved into an f32 and rebiased by 2^112, sign from the sign-extended load): every kind of f16
 * must come out right — negative, subnormal, ±0 and large ones, not only the small positive scales a
 * quantizer writes. Decode (n = 1, pairs of rows half the range apart and an odd last row), prefill
 * tiles with a leftover token (n = 9), both builds and the pool on 1 and 2 threads.
 * Tolerance as in matmul.test.ts: 1e-5 · Σ|w·x| against matmulTQ8Ref.
 */
import { after, test } from "node:test";
import { f32ToF16 } from "../../src/tensor/f16.ts";
import { shutdownPool } from "../../src/tensor/pool.ts";
import { BLOCK_FORMATS } from "../../src/tensor/quant/blocks.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { checkAllPaths, randomF32, randomQuant, rng } from "./kernel-helpers.ts";

after(() => shutdownPool());

/** f16 bit patterns: normal ±, smallest and largest subnormal ±, ±0, large. */
const SCALES = [
  f32ToF16(0.01),
  f32ToF16(-0.02),
  0x0001,
  0x03ff,
  0x8001,
  0x83ff,
  0x0000,
  0x8000,
  f32ToF16(3.5),
  f32ToF16(-1e-3),
];

for (const dtype of ["q8_0", "q4_0"] as const) {
  test(`${dtype} kernels convert every kind of f16 block scale (±, subnormal, ±0)`, () => {
    const r = rng(dtype === "q8_0" ? 7 : 8);
    const rows = 37;
    const k = 160; // 5 blocks: an odd one after the pairs of blocks
    const data = randomQuant(dtype, rows, k, r, true);
    const { blockBytes } = BLOCK_FORMATS[dtype];
    for (let o = 0, i = 0; o < data.length; o += blockBytes, i++) {
      const h = SCALES[i % SCALES.length];
      data[o] = h & 0xff;
      data[o + 1] = h >> 8;
    }
    const w = new Tensor([rows, k], dtype, data);
    for (const n of [1, 9]) {
      const x = randomF32(n * k, r);
      checkAllPaths(w, x, n, `${dtype} n=${n}`);
    }
  });
}

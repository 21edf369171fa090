/**
 * The f16 and bf16 kernels (src/tensor/wasm/assembly/half.ts) on what their tricks could get wrong:
 * every kind of f16 value (subnormals, ±0, the largest finite) through the shift conversion whose
 * 2^112 rebias comes once per sum; sums made of products that are f32 subnormals before that rebias;
 * the decode path's copy of x · 2^64 and the prefill path's rows converted to f32, both in per-thread
 * scratch slots — awkward k and row counts, the fallbacks when no slot is free or k % 8 ≠ 0, and
 * every slot freed afterwards.
 * Tolerance: |fast − ref| ≤ 1e-5 · Σ_i |w_i·x_i| per output, against matmulTRef (f64 sums).
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { f32ToBf16, f32ToF16 } from "../../src/tensor/f16.ts";
import { matmulTRef } from "../../src/tensor/matmul.ts";
import { alloc, allocF32 } from "../../src/tensor/memory.ts";
import { shutdownPool } from "../../src/tensor/pool.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { loadKernelVariant } from "../../src/tensor/wasm/kernels.ts";
import { absDots, assertClose, checkAllPaths, makeWeight, randomF32, rng } from "./kernel-helpers.ts";

after(() => shutdownPool());

/** An f16 or bf16 weight in the shared memory from raw 16-bit patterns. */
function weightFromBits(dtype: "f16" | "bf16", rows: number, k: number, bits: (i: number) => number): Tensor {
  const b = alloc(rows * k * 2);
  const d = new Uint16Array(b.buffer, b.byteOffset, rows * k);
  for (let i = 0; i < d.length; i++) d[i] = bits(i);
  return new Tensor([rows, k], dtype, d);
}

test("f16 kernels: subnormal, zero, signed and extreme weights (decode and prefill)", () => {
  const r = rng(61);
  // A mix: random normals, random subnormals (exponent 0), ±0, ±65504, ±2^-14 (smallest normal).
  const special = [0x0000, 0x8000, 0x7bff, 0xfbff, 0x0400, 0x8400, 0x0001, 0x83ff];
  const bits = (i: number) => {
    const u = r();
    if (u < 0.3) return Math.floor(r() * 0x400) | (r() < 0.5 ? 0x8000 : 0); // subnormal
    if (u < 0.35) return special[i % special.length];
    return f32ToF16((r() * 2 - 1) * 0.1);
  };
  for (const [rows, k, n] of [
    [9, 40, 1],
    [9, 40, 2],
    [13, 41, 1],
    [13, 48, 6],
    [6, 4104, 5],
    [11, 64, 1], // decode: whole steps of 8, an odd last row
    [10, 4107, 1], // decode: steps of 8 and a tail of 3
  ] as const) {
    const w = weightFromBits("f16", rows, k, bits);
    checkAllPaths(w, randomF32(n * k, r), n, `f16 specials [${rows}×${k}] n=${n}`);
  }
});

test("f16 kernels: sums of products that are f32 subnormals before the 2^112 rebias", () => {
  // |w·x| < 2^-14 for every product: all of them are subnormal until the sum is rebiased.
  const r = rng(62);
  const [rows, k] = [7, 200];
  const w = weightFromBits("f16", rows, k, () => f32ToF16((r() * 2 - 1) * 2 ** -8));
  for (const n of [1, 5]) {
    const x = randomF32(n * k, r).map((v) => v * 2 ** -7);
    checkAllPaths(w, x, n, `f16 tiny products n=${n}`);
  }
});

test("bf16 kernels: awkward shapes, signed zeros and tiny values (decode and prefill)", () => {
  const r = rng(63);
  for (const [rows, k, n] of [
    [5, 7, 1],
    [9, 40, 3],
    [13, 48, 4],
    [17, 24, 9],
    [6, 4104, 5],
    [11, 64, 1],
    [10, 4107, 1],
  ] as const) {
    const w = weightFromBits("bf16", rows, k, (i) =>
      i % 11 === 0 ? 0x8000 : f32ToBf16((r() * 2 - 1) * (i % 3 === 0 ? 1e-30 : 1)),
    );
    checkAllPaths(w, randomF32(n * k, r), n, `bf16 [${rows}×${k}] n=${n}`);
  }
});

test("f16/bf16 prefill through f32 row slots: awkward rows and k, and more tokens than a tile", () => {
  const r = rng(64);
  for (const dtype of ["f16", "bf16"] as const) {
    for (const [rows, k, n] of [
      [1, 8, 4],
      [3, 8, 7],
      [130, 96, 37],
      [4097, 16, 4],
      [11, 2056, 6],
      [10, 36, 5], // k % 8 ≠ 0: one token at a time
    ] as const) {
      const w = makeWeight(dtype, rows, k, r);
      checkAllPaths(w, randomF32(n * k, r), n, `${dtype} [${rows}×${k}] n=${n}`);
    }
  }
});

test("the kernels that take scratch slots fall back when none is free, and free the slot they take", () => {
  const r = rng(65);
  const [rows, k] = [21, 64];
  for (const [dtype, n] of [
    ["f16", 6],
    ["bf16", 6],
    ["f16", 2],
  ] as const) {
    const w = makeWeight(dtype, rows, k, r);
    const x = allocF32(n * k);
    x.set(randomF32(n * k, r));
    const ref = new Float32Array(n * rows);
    matmulTRef(ref, x, n, w);
    const scale = absDots(x, n, w);
    const slots = 2;
    const slotBytes = 32768;
    const scratch = alloc(256 + slots * slotBytes);
    const flags = new Int32Array(scratch.buffer, scratch.byteOffset, 64);
    const out = allocF32(n * rows);
    const name = n < 4 ? "matmulF16" : dtype === "f16" ? "matmulF16T" : "matmulBF16T";
    for (const variant of ["plain", "relaxed"] as const) {
      const kernel = loadKernelVariant(variant)!.kernels[name];
      const run = (xs: number, bytes = slotBytes) => {
        out.fill(Number.NaN);
        kernel(out.byteOffset, x.byteOffset, n, w.data.byteOffset, k, rows, 0, rows, xs, slots, bytes, 0);
        assertClose(out, ref, scale, 1e-5, `${variant} ${name}`);
      };
      run(scratch.byteOffset); // slot 0
      assert.deepEqual([...flags.subarray(0, slots)], [0, 0], "the slot is freed");
      flags[0] = 1;
      run(scratch.byteOffset); // slot 1
      assert.deepEqual([...flags.subarray(0, slots)], [1, 0]);
      flags[1] = 1;
      run(scratch.byteOffset); // none free: no scratch needed
      flags.fill(0);
      run(0); // no scratch at all
      run(scratch.byteOffset, 64); // slots too small for 4 rows, or for x
      assert.deepEqual([...flags.subarray(0, slots)], [0, 0]);
    }
  }
});

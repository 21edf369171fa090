/** Shared by the kernel tests: seeded random data, random valid quantized weights, tolerances. */
import assert from "node:assert/strict";
import { bytesPerRow, dequantizeRow } from "../../src/tensor/dtypes.ts";
import { f32ToBf16, f32ToF16 } from "../../src/tensor/f16.ts";
import { matmulT, matmulTVariant } from "../../src/tensor/fast.ts";
import { matmulTQ8Ref, rowStart } from "../../src/tensor/matmul.ts";
import { alloc, allocF32 } from "../../src/tensor/memory.ts";
import { setThreads } from "../../src/tensor/pool.ts";
import { BLOCK_FORMATS } from "../../src/tensor/quant/blocks.ts";
import { type DType, type QuantType, Tensor } from "../../src/tensor/tensor.ts";
import { rng } from "../helpers/random.ts";

export { rng }; // the one seeded RNG of the tests (test/helpers/random.ts)

export function randomF32(n: number, r: () => number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = r() * 2 - 1;
  return a;
}

/** Random valid blocks: random quant bits, with every f16 scale overwritten by a small positive value. */
export function randomQuant(
  type: QuantType,
  rows: number,
  k: number,
  r: () => number,
  shared: boolean,
): Uint8Array {
  const bytes = rows * bytesPerRow(type, k);
  const b = shared ? alloc(bytes) : new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) b[i] = Math.floor(r() * 256);
  const { blockBytes } = BLOCK_FORMATS[type];
  const scaleOffsets: Record<QuantType, number[]> = {
    q8_0: [0],
    q4_0: [0],
    q4_1: [0, 2],
    q5_0: [0],
    q5_1: [0, 2],
    q4_K: [0, 2],
    q5_K: [0, 2],
    q6_K: [208],
  };
  for (let o = 0; o < bytes; o += blockBytes) {
    for (const s of scaleOffsets[type]) {
      const h = f32ToF16((0.5 + r()) * 0.01);
      b[o + s] = h & 0xff;
      b[o + s + 1] = h >> 8;
    }
  }
  return b;
}

export function makeWeight(dtype: DType, rows: number, k: number, r: () => number, shared = true): Tensor {
  if (dtype === "f32") {
    const d = shared ? allocF32(rows * k) : new Float32Array(rows * k);
    d.set(randomF32(rows * k, r));
    return new Tensor([rows, k], "f32", d);
  }
  if (dtype === "f16" || dtype === "bf16") {
    const b = shared ? alloc(rows * k * 2) : new Uint8Array(rows * k * 2);
    const d = new Uint16Array(b.buffer, b.byteOffset, rows * k);
    for (let i = 0; i < d.length; i++) d[i] = (dtype === "f16" ? f32ToF16 : f32ToBf16)(r() * 2 - 1);
    return new Tensor([rows, k], dtype, d);
  }
  return new Tensor([rows, k], dtype, randomQuant(dtype as QuantType, rows, k, r, shared));
}

/** Σ_i |w_ri · x_ti| for each output: the scale of the rounding error a sum can make. */
export function absDots(x: Float32Array, n: number, w: Tensor): Float32Array {
  const [rows, k] = w.shape as [number, number];
  const out = new Float32Array(n * rows);
  const row = new Float32Array(k);
  for (let r = 0; r < rows; r++) {
    dequantizeRow(w.dtype, w.data, rowStart(w, r), row, k);
    for (let t = 0; t < n; t++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += Math.abs(row[i] * x[t * k + i]);
      out[t * rows + r] = s;
    }
  }
  return out;
}

export function assertClose(
  actual: Float32Array,
  expected: Float32Array,
  scale: Float32Array,
  rel: number,
  what: string,
) {
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    assert.ok(
      err <= rel * scale[i] + 1e-30,
      `${what}: output ${i} is ${actual[i]}, expected ${expected[i]} (±${rel * scale[i]})`,
    );
  }
}

/**
 * Every way to run matmulT on `w` equals the reference (matmulTQ8Ref: 8-bit activations for block
 * weights as llama.cpp, plain float math otherwise) within 1e-5 of Σ|w·x| per output: both builds on
 * the main thread, and the pool on 1 and 2 threads.
 */
export function checkAllPaths(w: Tensor, x: Float32Array, n: number, what: string): void {
  const rows = w.shape[0];
  const ref = new Float32Array(n * rows);
  matmulTQ8Ref(ref, x, n, w);
  const scale = absDots(x, n, w);
  const fast = new Float32Array(n * rows);
  for (const variant of ["plain", "relaxed"] as const) {
    fast.fill(Number.NaN);
    matmulTVariant(variant, fast, x, n, w);
    assertClose(fast, ref, scale, 1e-5, `${variant} ${what}`);
  }
  for (const threads of [1, 2]) {
    setThreads(threads);
    fast.fill(Number.NaN);
    matmulT(fast, x, n, w);
    assertClose(fast, ref, scale, 1e-5, `${what}, ${threads} thread(s)`);
  }
}

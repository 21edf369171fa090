/**
 * Matrix products, reference versions (plain loops, written to be read).
 *
 *   matmul(out, a, b, m, k, n)    out(m, n) = a(m, k) · b(k, n)            all f32, row-major
 *   matvec(out, w, x, rows, k)    out(rows) = w(rows, k) · x(k)
 *   matmulTRef(out, x, n, w)      out(n, rows) = x(n, k) · Wᵀ, W a Tensor [rows, k] of ANY dtype
 *
 * matmulT is THE hot operation: every linear layer (nn.Linear, GGUF `{n_in, n_out}` tensors) is
 * y = x·Wᵀ with W stored as `rows` rows of `k` inputs. The fast version lives in fast.ts.
 */
import { dequantizeRow } from "./dtypes.ts";
import { roundTripActivations } from "./quant/activation-quant.ts";
import { BLOCK_FORMATS, bytesPerRow, isQuantType } from "./quant/blocks.ts";
import type { Storage, Tensor } from "./tensor.ts";

/** out(m, n) = a(m, k) · b(k, n). */
export function matmul(
  out: Float32Array,
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  const acc = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      for (let j = 0; j < n; j++) acc[j] += aip * b[p * n + j];
    }
    for (let j = 0; j < n; j++) out[i * n + j] = acc[j];
  }
}

/** out(rows) = w(rows, k) · x(k): out[r] = Σ_i w[r, i]·x[i]. */
export function matvec(out: Float32Array, w: Float32Array, x: Float32Array, rows: number, k: number): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += w[r * k + i] * x[i];
    out[r] = s;
  }
}

/** Where row r of a 2-D weight tensor starts in its storage (bytes for block types, values otherwise). */
export function rowStart(w: Tensor, r: number): number {
  const k = w.shape[1];
  if (isQuantType(w.dtype)) {
    const { blockSize, blockBytes } = BLOCK_FORMATS[w.dtype];
    return (w.offset / blockSize) * blockBytes + r * bytesPerRow(w.dtype, k);
  }
  const raw = w.data instanceof Uint8Array ? (w.dtype === "f32" ? 4 : 2) : 1; // raw bytes allowed
  return (w.offset + r * k) * raw;
}

/** Checks W is a contiguous 2-D [rows, k] tensor and x holds n×k values; returns [rows, k]. */
export function checkLinear(out: Float32Array, x: Float32Array, n: number, w: Tensor): [number, number] {
  if (w.shape.length !== 2)
    throw new RangeError(`matmulT: weight must be 2-D [rows, k], got shape [${w.shape}]`);
  const rows = w.shape[0];
  const k = w.shape[1];
  if (!isQuantType(w.dtype) && w.strides[1] !== 1 && rows > 0)
    throw new RangeError(`matmulT: weight rows must be contiguous (strides [${w.strides}])`);
  if (x.length < n * k) throw new RangeError(`matmulT: x holds ${x.length} values, need n·k = ${n}·${k}`);
  if (out.length < n * rows)
    throw new RangeError(`matmulT: out holds ${out.length} values, need ${n}·${rows}`);
  return [rows, k];
}

/**
 * out(n, rows) = x(n, k) · Wᵀ in plain float math: each weight row is dequantized to f32, then
 * dotted with each input row (accumulated in f64).
 *
 *   W = [[1, 2], [3, 4], [5, 6]] (3 rows, k = 2), x = [1, 1]  →  out = [3, 7, 11]
 */
export function matmulTRef(out: Float32Array, x: Float32Array, n: number, w: Tensor): void {
  const [rows, k] = checkLinear(out, x, n, w);
  const row = new Float32Array(k);
  for (let r = 0; r < rows; r++) {
    dequantizeRow(w.dtype, w.data as Storage, rowStart(w, r), row, k);
    for (let t = 0; t < n; t++) {
      let s = 0;
      const xo = t * k;
      for (let i = 0; i < k; i++) s += row[i] * x[xo + i];
      out[t * rows + r] = s;
    }
  }
}

/**
 * out(n, rows) = x(n, k) · Wᵀ with llama.cpp's CPU numerics: for quantized W the activations are
 * first rounded through 8-bit blocks (see quant/activation-quant.ts). Same as matmulTRef for f32/f16/bf16.
 * This is what the fast matmulT computes.
 */
export function matmulTQ8Ref(out: Float32Array, x: Float32Array, n: number, w: Tensor): void {
  const [, k] = checkLinear(out, x, n, w);
  const xq = roundTripActivations(w.dtype, x.subarray(0, n * k), new Float32Array(n * k));
  matmulTRef(out, xq, n, w);
}

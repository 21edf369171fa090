/**
 * The row ops between a Transformer's matmuls, as the layers call them: each picks its fast version
 * (wasm/row-ops-simd.ts — SIMD on the worker pool, for arrays in the shared tensor memory) or its
 * reference (ops.ts, the `…Ref` of the same name) — as fast.ts's matmulT does for the linear layers.
 * Arrays elsewhere, or a runtime without SIMD, take the reference. The tests compare the two
 * (test/tensor/fast-ops.test.ts, with the tolerance each states).
 *
 *   rmsNorm, layerNorm         the norms (same f64 arithmetic in both versions)
 *   addBias, addInPlace        a linear layer's bias, the residual add (the same sums)
 *   silu, geluTanh, swiglu     the non-linearities (SIMD: a polynomial eˣ, within ~1e-6 relative)
 *   swigluRows                 SwiGLU on the rows [gate | up] of a fused gate/up matmul
 */
import {
  addBiasRef,
  addInPlaceRef,
  geluTanhRef,
  layerNormRef,
  rmsNormRef,
  siluRef,
  swigluRef,
} from "./ops.ts";
import {
  activateSimd,
  addBiasSimd,
  addInPlaceSimd,
  layerNormSimd,
  rmsNormSimd,
  swigluRowsSimd,
  swigluSimd,
} from "./wasm/row-ops-simd.ts";

/** RMSNorm per row: out (rows, dim) ← x / √(mean(x²) + eps) · weight; out may be x. */
export function rmsNorm(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  dim: number,
  weight: Float32Array | undefined,
  eps: number,
): Float32Array {
  if (weight && rmsNormSimd(out, x, rows, dim, weight, eps)) return out;
  return rmsNormRef(out, x, rows, dim, weight, eps);
}

/** LayerNorm per row: out (rows, dim) ← (x − mean) / √(var + eps) · weight + bias; out may be x. */
export function layerNorm(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  dim: number,
  weight: Float32Array | undefined,
  bias: Float32Array | undefined,
  eps: number,
): Float32Array {
  if (weight && bias && layerNormSimd(out, x, rows, dim, weight, bias, eps)) return out;
  return layerNormRef(out, x, rows, dim, weight, bias, eps);
}

/** y (rows, cols) += b (cols) on every row. */
export function addBias(y: Float32Array, b: Float32Array, rows: number): Float32Array {
  if (addBiasSimd(y, b, rows)) return y;
  return addBiasRef(y, b, rows);
}

/** x += y over the first `count` values. */
export function addInPlace(x: Float32Array, y: Float32Array, count: number): Float32Array {
  if (addInPlaceSimd(x, y, count)) return x;
  return addInPlaceRef(x, y, count);
}

/** out[0..n) ← silu(x) = x · σ(x); fast in place (out = x). */
export function silu(out: Float32Array, x: Float32Array, n = x.length): Float32Array {
  if (sameStart(out, x) && activateSimd(x, n, "silu")) return out;
  siluRef(head(out, n), head(x, n));
  return out;
}

/** out[0..n) ← GELU, tanh form; fast in place (out = x). */
export function geluTanh(out: Float32Array, x: Float32Array, n = x.length): Float32Array {
  if (sameStart(out, x) && activateSimd(x, n, "geluTanh")) return out;
  geluTanhRef(head(out, n), head(x, n));
  return out;
}

/** out[0..n) ← silu(gate) ⊙ up (SwiGLU's middle); fast in place (out = gate). */
export function swiglu(
  out: Float32Array,
  gate: Float32Array,
  up: Float32Array,
  n = gate.length,
): Float32Array {
  if (sameStart(out, gate) && swigluSimd(gate, up, n)) return out;
  swigluRef(head(out, n), head(gate, n), head(up, n));
  return out;
}

/** out (rows, hidden) ← silu(gate) ⊙ up, where row t of `gateUp` is [gate_t | up_t] (2·hidden). */
export function swigluRows(
  out: Float32Array,
  gateUp: Float32Array,
  rows: number,
  hidden: number,
): Float32Array {
  if (swigluRowsSimd(out, gateUp, rows, hidden)) return out;
  for (let t = 0; t < rows; t++) {
    const g = gateUp.subarray(2 * t * hidden, (2 * t + 1) * hidden);
    const u = gateUp.subarray((2 * t + 1) * hidden, (2 * t + 2) * hidden);
    swigluRef(out.subarray(t * hidden, (t + 1) * hidden), g, u);
  }
  return out;
}

/** a and b start at the same element of the same memory (an in-place call). */
function sameStart(a: Float32Array, b: Float32Array): boolean {
  return a === b || (a.buffer === b.buffer && a.byteOffset === b.byteOffset);
}

/** a's first n values (a itself when that is all of it). */
function head(a: Float32Array, n: number): Float32Array {
  return n === a.length ? a : a.subarray(0, n);
}

/**
 * Reproducing llama.cpp's CPU numerics (opt-in; the plain float path is the default and the lesson).
 *
 * llama.cpp departs from textbook float math in two places that move tiny models' outputs visibly
 * (see fixtures/gguf-tiny/README.md):
 *
 * 1. GELU goes through a float16 lookup table: the input is rounded to f16, the output is the f16
 *    value of gelu_tanh at that input (x ≤ −10 → 0, x ≥ 10 → x).
 * 2. A Q8_0 matmul quantizes the activations too, in blocks of 32: d = max|x|/127, q = round(x/d),
 *    d stored as f16; the dot product is f16(d_w)·f16(d_x)·Σ q_w·q_x. Replacing x by f16(d)·q before an
 *    ordinary matmul gives the same sum (up to f32 rounding). F16 matmuls round activations to f16.
 *    (src/tensor's fast integer kernels quantize activations anyway; the round trip is idempotent.)
 */
import { roundToF16 } from "../tensor/f16.ts";
import { roundTripActivations } from "../tensor/quant/activation-quant.ts";
import type { DType } from "../tensor/tensor.ts";

/** GELU (tanh form) as ggml's f16 table computes it. */
export function geluF16Table(x: number): number {
  if (x <= -10) return 0;
  if (x >= 10) return x;
  const h = roundToF16(x);
  return roundToF16(Math.fround(0.5 * h * (1 + Math.tanh(SQRT_2_OVER_PI * h * (1 + 0.044715 * h * h)))));
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * out ← x as llama.cpp hands activations to a matmul with weights of `dtype`: rounded through 8-bit
 * blocks for quantized weights (src/tensor's roundTripActivations), rounded to f16 for f16 weights.
 */
export function roundTripLlamaCpp(dtype: DType, x: Float32Array, out: Float32Array, count: number): void {
  if (dtype === "f16") {
    for (let i = 0; i < count; i++) out[i] = roundToF16(x[i]);
    return;
  }
  roundTripActivations(dtype, x.subarray(0, count), out.subarray(0, count));
}

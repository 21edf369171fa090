/**
 * How llama.cpp multiplies by quantized weights: it quantizes the ACTIVATIONS too, so the inner
 * loop is an integer dot product (8-bit × 4/5/6/8-bit), scaled once per block.
 *
 *   weights q8_0, q4_0, q4_1, q5_0, q5_1 → activations in blocks of 32:
 *       d = max|x| / 127 (stored as f16), q = round(x · 127/max|x|)   (ties to even, as AVX does)
 *   weights q4_K, q5_K, q6_K → activations in blocks of 256 ("q8_K"):
 *       the value of largest magnitude `max` maps to −127: q = min(127, round(x · −127/max)),
 *       d = 1 / (−127/max)   (kept as f32)
 *
 * The result of the integer dot, Σ d_w·d_x·Σ q_w·q_x, equals the plain dot product of the
 * dequantized weights with the *dequantized activations*. So the reference below just replaces x by
 * its 8-bit round trip; matmulTRef does the rest. The fast kernels compute the same numbers in
 * integers (they differ only by float summation order).
 */
import { f16ToF32, f32ToF16 } from "../f16.ts";
import type { DType } from "../tensor.ts";

const fr = Math.fround;

/** Round half to even (C's nearbyint in the default mode; wasm's f32.nearest). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x); // halves go up
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Which activation block format llama.cpp pairs with weights of `type`: 32, 256, or none. */
export function activationBlock(type: DType): 0 | 32 | 256 {
  switch (type) {
    case "q8_0":
    case "q4_0":
    case "q4_1":
    case "q5_0":
    case "q5_1":
      return 32;
    case "q4_K":
    case "q5_K":
    case "q6_K":
      return 256;
    default:
      return 0;
  }
}

/**
 * x (n values) → its round trip through 8-bit blocks as llama.cpp does for weights of `type`
 * (a copy of x for f32/f16/bf16 weights). Written to `out` (may be x itself).
 */
export function roundTripActivations(type: DType, x: Float32Array, out: Float32Array = x): Float32Array {
  const block = activationBlock(type);
  if (block === 0) {
    if (out !== x) out.set(x);
    return out;
  }
  if (x.length % block !== 0) throw new RangeError(`${type}: ${x.length} activations are not whole blocks`);
  for (let b = 0; b < x.length; b += block) {
    if (block === 32) {
      let amax = 0;
      for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[b + j]));
      const d = f16ToF32(f32ToF16(fr(amax / 127)));
      const id = amax !== 0 ? fr(127 / amax) : 0;
      for (let j = 0; j < 32; j++) out[b + j] = d * roundHalfEven(fr(x[b + j] * id));
    } else {
      let amax = 0;
      let max = 0;
      for (let j = 0; j < 256; j++) {
        const a = Math.abs(x[b + j]);
        if (a > amax) {
          amax = a;
          max = x[b + j];
        }
      }
      if (amax === 0) {
        for (let j = 0; j < 256; j++) out[b + j] = 0;
        continue;
      }
      const iscale = fr(-127 / max);
      const d = fr(1 / iscale);
      for (let j = 0; j < 256; j++) out[b + j] = d * Math.min(127, roundHalfEven(fr(iscale * x[b + j])));
    }
  }
  return out;
}

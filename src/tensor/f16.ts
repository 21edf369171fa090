/**
 * Half-precision floats: IEEE 754 binary16 ("f16") and bfloat16 ("bf16").
 *
 *   f16:  1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits — range ±65504, ~3 decimal digits
 *   bf16: 1 sign bit, 8 exponent bits (bias 127), 7 mantissa bits — the top half of an f32
 *
 * Both are stored as raw 16-bit patterns (Uint16Array). Converting to f32 is exact; converting
 * from f32 rounds to the nearest representable value, ties to even (what F16C hardware and ggml do).
 *
 *   f32ToF16(1.0)  → 0x3c00      f16ToF32(0x3c00) → 1
 *   f32ToF16(0.1)  → 0x2e66      f16ToF32(0x2e66) → 0.0999755859375
 *   f32ToBf16(1.0) → 0x3f80      bf16ToF32(0x3f80) → 1
 */

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** Bits of an f16 → its value. */
export function f16ToF32(h: number): number {
  return F16_TABLE[h & 0xffff];
}

function f16ToF32Slow(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24; // zero or subnormal: mant · 2^-14 / 1024
  if (exp === 31) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** All 65536 f16 values, so conversion is one array read (256 KiB, built once). */
const F16_TABLE: Float32Array = (() => {
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) t[h] = f16ToF32Slow(h);
  return t;
})();

/** An f32 value → the bits of the nearest f16 (ties to even; overflow → ±Inf; NaN stays NaN). */
export function f32ToF16(x: number): number {
  scratchF32[0] = x;
  const b = scratchU32[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15; // the f16 exponent field this value would have
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    // f16 subnormal (or zero): shift the mantissa, with its implicit 1, right and round.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    if (rem > half || (rem === half && r & 1)) r++;
    return sign | r;
  }
  let r = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // Rounding up may carry into the exponent; that is still the right answer (up to Inf).
  if (rem > 0x1000 || (rem === 0x1000 && r & 1)) r++;
  return sign | r;
}

/** Bits of a bf16 → its value (the bits are the top half of an f32). */
export function bf16ToF32(h: number): number {
  scratchU32[0] = (h & 0xffff) << 16;
  return scratchF32[0];
}

/** An f32 value → the bits of the nearest bf16 (ties to even; NaN kept quiet, as ggml does). */
export function f32ToBf16(x: number): number {
  scratchF32[0] = x;
  const u = scratchU32[0];
  if ((u & 0x7fffffff) > 0x7f800000) return ((u >>> 16) | 64) & 0xffff;
  return ((u + (0x7fff + ((u >>> 16) & 1))) >>> 16) & 0xffff;
}

/** Round an f32 value to the nearest f16 and back (what storing it as f16 does to it). */
export function roundToF16(x: number): number {
  return F16_TABLE[f32ToF16(x)];
}

// Small helpers shared by index.ts and relaxed.ts (not exported from the module).

/** f16 bits → f32 (normals and subnormals; f16 Inf/NaN become large finite values). */
@inline export function f16(h: u32): f32 {
  const f = reinterpret<f32>((h & 0x7fff) << 13) * reinterpret<f32>(0x77800000); // · 2^112 rebiases
  return reinterpret<f32>(reinterpret<u32>(f) | ((h & 0x8000) << 16));
}

@inline export function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** [Σ lanes of a, Σ b, Σ c, Σ d] for four i32x4 vectors: a transpose-and-add in 6 shuffles. */
@inline export function hadd4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = i32x4.add(
    i8x16.shuffle(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
    i8x16.shuffle(a, b, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31),
  ); // [a0+a2, a1+a3, b0+b2, b1+b3]
  const cd = i32x4.add(
    i8x16.shuffle(c, d, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
    i8x16.shuffle(c, d, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31),
  );
  return i32x4.add(
    i8x16.shuffle(ab, cd, 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27),
    i8x16.shuffle(ab, cd, 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31),
  );
}

/** The f16 scales of 4 consecutive blocks (at p, p+stride, …) as 4 f32 lanes. */
@inline export function f16x4at(p: usize, stride: usize): v128 {
  let h = i16x8.splat(0);
  h = i16x8.replace_lane(h, 1, load<i16>(p));
  h = i16x8.replace_lane(h, 3, load<i16>(p + stride));
  h = i16x8.replace_lane(h, 5, load<i16>(p + 2 * stride));
  h = i16x8.replace_lane(h, 7, load<i16>(p + 3 * stride));
  // Each f16 now sits in the top half of a 32-bit lane: same trick as f16x4lo in index.ts.
  return f32x4.mul(v128.and(i32x4.shr_s(h, 3), i32x4.splat(0x8fffe000)), f32x4.splat(reinterpret<f32>(0x77800000)));
}

/** Σ q_x of 4 consecutive 32-value blocks from the per-16 sums at p (8 i32). */
@inline export function blockSums4(p: usize): v128 {
  const v0 = v128.load(p);
  const v1 = v128.load(p, 16);
  return i32x4.add(
    i8x16.shuffle(v0, v1, 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27),
    i8x16.shuffle(v0, v1, 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31),
  );
}

/**
 * a·b + c. In the relaxed build, `f32x4.relaxed_madd` (one fused multiply-add where the CPU has FMA,
 * rounding once instead of twice); in the plain build a multiply and an add.
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

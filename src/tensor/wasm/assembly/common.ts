// Small helpers shared by index.ts and relaxed.ts (not exported from the module).

/** f16 bits → f32 (normals and subnormals; f16 Inf/NaN become large finite values). */
@inline export function f16(h: u32): f32 {
  const f = reinterpret<f32>((h & 0x7fff) << 13) * reinterpret<f32>(0x77800000); // · 2^112 rebiases
  return reinterpret<f32>(reinterpret<u32>(f) | ((h & 0x8000) << 16));
}

/** 2^112: f16 bits moved into an f32's place (f16bits) read as a value 2^-112 too small; × this rebiases. */
export const F16_REBIAS: f32 = reinterpret<f32>(0x77800000);

/**
 * The f16 at p as f32 bits of its value × 2^-112 (sign, exponent and mantissa moved up by 13 bits;
 * the i16 load's sign extension puts the sign where the mask keeps it). Scalar work on purpose: the
 * integer units are idle in the matmul loops. Multiply by F16_REBIAS for the value (exact, subnormals too).
 */
@inline export function f16bits(p: usize): u32 {
  return (<u32>(<i32>load<i16>(p) << 13)) & 0x8fffe000;
}

/** The f16 at p as f32 (f16bits: fewer steps than f16(), which masks the sign off and back on). */
@inline export function f16at(p: usize): f32 {
  return reinterpret<f32>(f16bits(p)) * F16_REBIAS;
}

/** The f16s at pa and pb as f32 lanes [a, b, a, b], each × 2^-112 (see f16bits): one i64 splat. */
@inline export function f16pair(pa: usize, pb: usize): v128 {
  return i64x2.splat((<u64>f16bits(pb) << 32) | <u64>f16bits(pa));
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

/**
 * Two rows' lanes-to-be-summed a and b folded into one vector [a0+a2, b0+b2, a1+a3, b1+b3]: lanes
 * 0 and 2 add up to Σa, lanes 1 and 3 to Σb (2 shuffles + 1 add; for the two-row decode kernels).
 */
@inline export function hadd2(a: v128, b: v128): v128 {
  return i32x4.add(
    i8x16.shuffle(a, b, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23),
    i8x16.shuffle(a, b, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31),
  );
}

/** The f16 scales of 4 consecutive blocks (at p, p+stride, …) as 4 f32 lanes. */
@inline export function f16x4at(p: usize, stride: usize): v128 {
  let h = i16x8.splat(0);
  h = i16x8.replace_lane(h, 1, load<i16>(p));
  h = i16x8.replace_lane(h, 3, load<i16>(p + stride));
  h = i16x8.replace_lane(h, 5, load<i16>(p + 2 * stride));
  h = i16x8.replace_lane(h, 7, load<i16>(p + 3 * stride));
  // Each f16 now sits in the top half of a 32-bit lane: the shift of f16top in half.ts, on 32-bit lanes.
  return f32x4.mul(v128.and(i32x4.shr_s(h, 3), i32x4.splat(0x8fffe000)), f32x4.splat(reinterpret<f32>(0x77800000)));
}

/**
 * The 4 consecutive f16 values at p as f32 lanes, each × 2^-112 as f16bits (multiply by F16_REBIAS;
 * multiply by something ≥ 1 first where the product could fall below f32's normal range).
 */
@inline export function f16x4bits(p: usize): v128 {
  return v128.and(i32x4.shl(i32x4.extend_low_i16x8_s(v128.load64_zero(p)), 13), i32x4.splat(0x8fffe000));
}

/** The two f16 values at p (p, p + 2) as f32 lanes 0 and 1 (lanes 2, 3: garbage). */
@inline export function f16x2at(p: usize): v128 {
  // Each f16 moved to the top half of a 32-bit lane: same trick as f16x4at.
  const h = i32x4.shl(i32x4.extend_low_i16x8_u(v128.load32_zero(p)), 16);
  return f32x4.mul(v128.and(i32x4.shr_s(h, 3), i32x4.splat(0x8fffe000)), f32x4.splat(reinterpret<f32>(0x77800000)));
}

/** The f16 value at p as f32 in all 4 lanes. */
@inline export function f16splat(p: usize): v128 {
  // Each 32-bit lane holds the f16 twice; the top copy is the one kept, as in f16x4at.
  const h = v128.load16_splat(p);
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

/**
 * Rows per cache tile for the prefill (n > 1) loops: enough weight rows to fill ~96 KB, so a
 * group of rows stays in L2 while every tile of tokens streams past it, and each token tile's
 * activations stay in L1 while the group's rows stream past them.
 */
@inline export function rowTile(rowBytes: usize): i32 {
  return <i32>min<usize>(256, max<usize>(4, <usize>98304 / rowBytes));
}

/** The f32 scales of block b for 4 tokens whose scale rows start at sp, sp+stride, … as 4 lanes. */
@inline export function scales4(sp: usize, stride: usize): v128 {
  let v = f32x4.splat(load<f32>(sp));
  v = f32x4.replace_lane(v, 1, load<f32>(sp + stride));
  v = f32x4.replace_lane(v, 2, load<f32>(sp + 2 * stride));
  return f32x4.replace_lane(v, 3, load<f32>(sp + 3 * stride));
}

/** Store lane j of v (token t+j's result for row r) into out (n, rows). */
@inline export function store4(out: usize, rows: i32, t: i32, r: i32, v: v128): void {
  const p = out + ((<usize>t * rows + r) << 2);
  const step = <usize>rows << 2;
  store<f32>(p, f32x4.extract_lane(v, 0));
  store<f32>(p + step, f32x4.extract_lane(v, 1));
  store<f32>(p + 2 * step, f32x4.extract_lane(v, 2));
  store<f32>(p + 3 * step, f32x4.extract_lane(v, 3));
}

/** Pairwise 8-bit dot (i16 lanes: q8[2i]·c[2i] + q8[2i+1]·c[2i+1]; x86 pmaddubsw). */
@inline export function dot8x16(q8: v128, codes: v128): v128 {
  return i16x8.relaxed_dot_i8x16_i7x16_s(q8, codes);
}

/** Σ of 16-bit pair sums times one scale, into i32 lanes (x86 pmaddwd): scale and widen in one step. */
@inline export function scaled(pairs: v128, scale: i32): v128 {
  return i32x4.dot_i16x8_s(pairs, i16x8.splat(<i16>scale));
}

/**
 * [Σ lanes of a, Σ b, Σ c, Σ d] as i32 for four i16x8 vectors of partial dot products whose lanes
 * are at most 8191 in magnitude (so a sum of 4 lanes still fits i16): two halving folds in i16, then
 * one pmaddwd with ones — 10 instructions, where widening each vector first (extadd_pairwise) and
 * hadd4 take 13.
 */
@inline export function hadd4x16(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = i16x8.add(
    i8x16.shuffle(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
    i8x16.shuffle(a, b, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31),
  ); // [a folded to 4 | b folded to 4]
  const cd = i16x8.add(
    i8x16.shuffle(c, d, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
    i8x16.shuffle(c, d, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31),
  );
  const abcd = i16x8.add(
    i8x16.shuffle(ab, cd, 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27),
    i8x16.shuffle(ab, cd, 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31),
  ); // [a, b, c, d] each folded to 2 lanes
  return i32x4.extadd_pairwise_i16x8_s(abcd);
}

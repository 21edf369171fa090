// Relaxed-SIMD kernels for the K-quants (q4_K, q6_K) × q8_K activations; part of
// kernels-relaxed.wasm through relaxed.ts (see its header for the 8-bit dot and the offset trick).
// For these kernels `x` points at the activations as i8 (xq8).

import { blockSums4, dot8x16, f16splat, f16x2at, hadd4, hsum, madd, rowTile, scaled, scales4, store4 } from "./common";
import { fold2, fold4i16, TILEK8_SUMS16, TILEK8_SUMS32 } from "./tile8";

export { interleaveTilesK8 } from "./tile8";

/** i16 lane 0 (lane0) or 1 (lane1) of v in all lanes. */
@inline function lane0(v: v128): v128 {
  return i8x16.shuffle(v, v, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
}

@inline function lane1(v: v128): v128 {
  return i8x16.shuffle(v, v, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3);
}

/**
 * One 64-value chunk c of a q4_K super-block: sub-blocks 2c (low nibbles) and 2c+1 (high), each
 * 16-bit pair sum scaled by its sub-block's scale (lo, hi: that scale in every i16 lane) with one pmaddwd.
 */
@inline function chunkQ4K(q: usize, xp: usize, lo: v128, hi: v128): v128 {
  const m4 = i8x16.splat(0x0f);
  const q0 = v128.load(q);
  const q1 = v128.load(q, 16);
  // Pair sums ≤ 2·127·15, so two halves add in i16 without overflow.
  const plo = i16x8.add(dot8x16(v128.load(xp), v128.and(q0, m4)), dot8x16(v128.load(xp, 16), v128.and(q1, m4)));
  const phi = i16x8.add(
    dot8x16(v128.load(xp, 32), v128.and(i16x8.shr_u(q0, 4), m4)),
    dot8x16(v128.load(xp, 48), v128.and(i16x8.shr_u(q1, 4), m4)),
  );
  return i32x4.add(i32x4.dot_i16x8_s(plo, lo), i32x4.dot_i16x8_s(phi, hi));
}

/** Σ_i sums[i]·wv[i] for 8 per-16 activation sums (i32 at bp) and 8 i16 weights wv, as i32x4 lanes to be summed. */
@inline function sums16x8(bp: usize, wv: v128): v128 {
  // 8 sums of 16 values, each ≤ 16·127: narrowed to i16 without loss, then one pmaddwd.
  return i32x4.dot_i16x8_s(i16x8.narrow_i32x4_s(v128.load(bp), v128.load(bp, 16)), wv);
}

/**
 * One q4_K weight row against 4 tokens (t..t+3) — the prefill kernel. Per super-block the scales
 * and mins are unpacked once for all 4 tokens; loops walk its 4 chunks of 64 values and, in each,
 * the low then the high nibbles (sub-blocks 2c, 2c+1 of 32 values), each unpacked once and dotted
 * with the 4 tokens (kept as loops: unrolled, V8 hoists every load ahead of the arithmetic and
 * spills). Lane j of the result = out(t+j, row).
 */
@inline function tile4Q4_K(wr: usize, nb: i32, k: i32, t: i32, xs: usize, xq8: usize, xsum: usize): v128 {
  const m4 = i8x16.splat(0x0f);
  const qStride = <usize>k;
  const sStride = <usize>nb << 2;
  const bStride = <usize>(k >> 4) << 2;
  const x0 = xq8 + <usize>t * qStride;
  const s0 = xs + <usize>t * sStride;
  const bs0 = xsum + <usize>t * bStride;
  let acc = f32x4.splat(0);
  let macc = f32x4.splat(0);
  let wp = wr;
  for (let b = 0; b < nb; b++) {
    const u0 = load<u32>(wp, 4);
    const u1 = load<u32>(wp, 8);
    const u2 = load<u32>(wp, 12);
    const scs = <u64>(u0 & 0x3f3f3f3f) | (<u64>((u2 & 0x0f0f0f0f) | (((u0 >> 6) & 0x03030303) << 4)) << 32);
    const mns = <u64>(u1 & 0x3f3f3f3f) | (<u64>(((u2 >> 4) & 0x0f0f0f0f) | (((u1 >> 6) & 0x03030303) << 4)) << 32);
    let i0 = i32x4.splat(0);
    let i1 = i32x4.splat(0);
    let i2 = i32x4.splat(0);
    let i3 = i32x4.splat(0);
    // Pointers advance instead of being recomputed from an index (V8 keeps that arithmetic).
    let xp = x0 + (<usize>b << 8);
    let q = wp + 16;
    let sj = scs;
    const qEnd = wp + 144;
    // Chunks of 64 values: sub-block 2c in the low nibbles of 32 bytes, 2c + 1 in the high ones.
    do {
      let q0 = v128.load(q);
      let q1 = v128.load(q, 16);
      for (let p = 0; p < 2; p++) {
        const c0 = v128.and(q0, m4);
        const c1 = v128.and(q1, m4);
        const sc = i16x8.splat(<i16>(sj & 0xff));
        // Pair sums ≤ 2·127·15, so two halves add in i16 without overflow.
        i0 = i32x4.add(i0, i32x4.dot_i16x8_s(i16x8.add(dot8x16(v128.load(xp), c0), dot8x16(v128.load(xp, 16), c1)), sc));
        i1 = i32x4.add(i1, i32x4.dot_i16x8_s(i16x8.add(dot8x16(v128.load(xp + qStride), c0), dot8x16(v128.load(xp + qStride, 16), c1)), sc));
        i2 = i32x4.add(i2, i32x4.dot_i16x8_s(i16x8.add(dot8x16(v128.load(xp + 2 * qStride), c0), dot8x16(v128.load(xp + 2 * qStride, 16), c1)), sc));
        i3 = i32x4.add(i3, i32x4.dot_i16x8_s(i16x8.add(dot8x16(v128.load(xp + 3 * qStride), c0), dot8x16(v128.load(xp + 3 * qStride, 16), c1)), sc));
        // The high nibbles down for the second sub-block: a constant shift.
        q0 = i16x8.shr_u(q0, 4);
        q1 = i16x8.shr_u(q1, 4);
        sj >>= 8;
        xp += 32;
      }
      q += 32;
    } while (q < qEnd);
    // Mins: Σ_j m_j·(Σ q_x over sub-block j) per token, straight from the 16 sums per 16 against
    // each min twice ([m0, m0, m1, m1, …]).
    const mv = i64x2.splat(mns);
    const mlo = i16x8.extend_low_i8x16_u(i8x16.shuffle(mv, mv, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7));
    const mhi = i16x8.extend_high_i8x16_u(i8x16.shuffle(mv, mv, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7));
    const bp = bs0 + (<usize>b << 6);
    const m = hadd4(minsDot(bp, mlo, mhi), minsDot(bp + bStride, mlo, mhi), minsDot(bp + 2 * bStride, mlo, mhi), minsDot(bp + 3 * bStride, mlo, mhi));
    const dx = scales4(s0 + (<usize>b << 2), sStride);
    const dd = f16x2at(wp);
    acc = madd(f32x4.convert_i32x4_s(hadd4(i0, i1, i2, i3)), f32x4.mul(dx, i32x4.shuffle(dd, dd, 0, 0, 0, 0)), acc);
    macc = madd(f32x4.convert_i32x4_s(m), f32x4.mul(dx, i32x4.shuffle(dd, dd, 1, 1, 1, 1)), macc);
    wp += 144;
  }
  return f32x4.sub(acc, macc);
}

/** A token's i16 pair sums of one sub-block of 4-bit codes (lo: values 0..15, hi: 16..31) with its 32 activations (x0, x1). */
@inline function pairs4(x0: v128, x1: v128, lo: v128, hi: v128): v128 {
  return i16x8.add(dot8x16(x0, lo), dot8x16(x1, hi));
}

/**
 * One q4_K weight row against the 8 tokens of a tile (xp: its first super-block, interleaveTilesK8)
 * — the prefill kernel. Per super-block the scales and mins are unpacked once for 8 tokens; loops
 * walk its 4 chunks of 64 values, in each the low then the high nibbles (sub-blocks 2c, 2c+1),
 * unpacked once and dotted with tokens 0–3 then 4–7. The 4 tokens' i16 pair sums are folded
 * without widening (fold4i16: lanes ≤ 4·7620) and widened by the one pmaddwd that applies the
 * sub-block's scale, into one i32 vector per 4 tokens. The two halves are the innermost loop,
 * which swaps the two sums: unrolled, V8 issues all 16 activation loads first and spills. The
 * min term: 4 pmaddwd per 4 tokens of the sub-block sums (laid out for it) with the mins.
 * Stores out(t..t+7, r).
 */
@inline function tile8Q4_K(out: usize, rows: i32, t: i32, r: i32, wr: usize, nb: i32, xp: usize): void {
  const m4 = i8x16.splat(0x0f);
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  let macc0 = f32x4.splat(0);
  let macc1 = f32x4.splat(0);
  let wp = wr;
  const wEnd = wr + <usize>nb * 144;
  for (; wp < wEnd; wp += 144) {
    const u0 = load<u32>(wp, 4);
    const u1 = load<u32>(wp, 8);
    const u2 = load<u32>(wp, 12);
    const scs = <u64>(u0 & 0x3f3f3f3f) | (<u64>((u2 & 0x0f0f0f0f) | (((u0 >> 6) & 0x03030303) << 4)) << 32);
    const mns = <u64>(u1 & 0x3f3f3f3f) | (<u64>(((u2 >> 4) & 0x0f0f0f0f) | (((u1 >> 6) & 0x03030303) << 4)) << 32);
    let i0 = i32x4.splat(0);
    let i1 = i32x4.splat(0);
    let x = xp;
    let q = wp + 16;
    let sj = scs;
    const qEnd = wp + 144;
    do {
      let q0 = v128.load(q);
      let q1 = v128.load(q, 16);
      for (let p = 0; p < 2; p++) {
        const c0 = v128.and(q0, m4);
        const c1 = v128.and(q1, m4);
        const sc = i16x8.splat(<i16>(sj & 0xff));
        for (let h = 0; h < 2; h++) {
          // (Constant load offsets: V8 folds them into the address, not an add to the pointer.)
          const f = fold4i16(
            fold2(pairs4(v128.load(x), v128.load(x, 16), c0, c1), pairs4(v128.load(x, 32), v128.load(x, 48), c0, c1)),
            fold2(pairs4(v128.load(x, 64), v128.load(x, 80), c0, c1), pairs4(v128.load(x, 96), v128.load(x, 112), c0, c1)),
          );
          const a = i32x4.add(i0, i32x4.dot_i16x8_s(f, sc));
          i0 = i1;
          i1 = a;
          x += 128;
        }
        q0 = i16x8.shr_u(q0, 4);
        q1 = i16x8.shr_u(q1, 4);
        sj >>= 8;
      }
      q += 32;
    } while (q < qEnd);
    // Mins: [m_2i, m_2i+1] in every 32-bit lane against the sums of sub-blocks 2i, 2i+1 of 4 tokens.
    const mv = i16x8.extend_low_i8x16_u(i64x2.splat(mns));
    const m0 = pairTerms4(xp + 2080, mv);
    const m1 = pairTerms4(xp + 2144, mv);
    const dd = f16x2at(wp);
    const d = i32x4.shuffle(dd, dd, 0, 0, 0, 0);
    const dmin = i32x4.shuffle(dd, dd, 1, 1, 1, 1);
    const dx0 = v128.load(xp, 2048);
    const dx1 = v128.load(xp, 2064);
    acc0 = madd(f32x4.convert_i32x4_s(i0), f32x4.mul(dx0, d), acc0);
    acc1 = madd(f32x4.convert_i32x4_s(i1), f32x4.mul(dx1, d), acc1);
    macc0 = madd(f32x4.convert_i32x4_s(m0), f32x4.mul(dx0, dmin), macc0);
    macc1 = madd(f32x4.convert_i32x4_s(m1), f32x4.mul(dx1, dmin), macc1);
    xp += TILEK8_SUMS32;
  }
  store4(out, rows, t, r, f32x4.sub(acc0, macc0));
  store4(out, rows, t + 4, r, f32x4.sub(acc1, macc1));
}

/**
 * Σ_g w_g·S_g of 4 tokens over 8 groups: the 4 vectors of pair sums at s (interleaveTilesK8)
 * against the weights w, i16 [w0..w7] (lane pair i of w: pair i).
 */
@inline function pairTerms4(s: usize, w: v128): v128 {
  return i32x4.add(
    i32x4.add(i32x4.dot_i16x8_s(v128.load(s), i32x4.shuffle(w, w, 0, 0, 0, 0)), i32x4.dot_i16x8_s(v128.load(s, 16), i32x4.shuffle(w, w, 1, 1, 1, 1))),
    i32x4.add(i32x4.dot_i16x8_s(v128.load(s, 32), i32x4.shuffle(w, w, 2, 2, 2, 2)), i32x4.dot_i16x8_s(v128.load(s, 48), i32x4.shuffle(w, w, 3, 3, 3, 3))),
  );
}

/**
 * Σ_j mins_j · Σ q_x over sub-block j of one token's super-block, from its 16 sums per 16 at bp
 * (each ≤ 16·127: narrowed to i16 without loss) and the mins doubled, sub-blocks 0–3 in mlo, 4–7 in mhi.
 */
@inline function minsDot(bp: usize, mlo: v128, mhi: v128): v128 {
  return i32x4.add(sums16x8(bp, mlo), sums16x8(bp + 32, mhi));
}

/**
 * One q6_K weight row against 4 tokens (t..t+3) — the prefill kernel. An inner loop walks the 8
 * pieces of a super-block (half h, column v, pair p): two 16-value groups unpacked once (codes
 * 0..63) and dotted with the 4 tokens, each group with its own scale. The −32 offset is applied
 * once per super-block and token: 32·Σ_g scale_g·Σ q_x over group g, one pmaddwd pair.
 * Lane j of the result = out(t+j, row).
 */
@inline function tile4Q6_K(wr: usize, nb: i32, k: i32, t: i32, xs: usize, xq8: usize, xsum: usize): v128 {
  const m4 = i8x16.splat(0x0f);
  const m2 = i8x16.splat(0x30);
  const qStride = <usize>k;
  const sStride = <usize>nb << 2;
  const bStride = <usize>(k >> 4) << 2;
  const x0 = xq8 + <usize>t * qStride;
  const s0 = xs + <usize>t * sStride;
  const bs0 = xsum + <usize>t * bStride;
  let acc = f32x4.splat(0);
  let wp = wr;
  for (let b = 0; b < nb; b++) {
    let i0 = i32x4.splat(0);
    let i1 = i32x4.splat(0);
    let i2 = i32x4.splat(0);
    let i3 = i32x4.splat(0);
    const xb = x0 + (<usize>b << 8);
    // Quarters i (half i >> 1, column i & 1) of 64 values, each as two pieces p of 32: the low
    // (p = 0) or high nibbles of 32 ql bytes with their 2-bit tops from 16 qh bytes.
    for (let i = 0; i < 4; i++) {
      const hv = (<usize>(i >> 1) << 6) | (<usize>(i & 1) << 4); // half·64 + column·16
      let la = v128.load(wp + hv);
      let lb = v128.load(wp + hv, 32);
      let hq = v128.load(wp + 128 + (<usize>i << 4));
      let xp = xb + (hv << 1) - (<usize>(i & 1) << 4); // half·128 + column·16
      let sc = wp + 192 + (hv >> 3) - <usize>(i & 1); // half·8 + column
      for (let p = 0; p < 2; p++) {
        const ca = v128.or(v128.and(la, m4), v128.and(i16x8.shl(hq, 4), m2));
        const cb = v128.or(v128.and(lb, m4), v128.and(i16x8.shl(hq, 2), m2));
        const sa = i16x8.splat(<i16>load<i8>(sc));
        const sb = i16x8.splat(<i16>load<i8>(sc, 2));
        // Pair sums ≤ 2·127·63 fit i16; each 16 values have their own scale.
        i0 = i32x4.add(i0, i32x4.add(scaled16(dot8x16(v128.load(xp), ca), sa), scaled16(dot8x16(v128.load(xp, 32), cb), sb)));
        i1 = i32x4.add(i1, i32x4.add(scaled16(dot8x16(v128.load(xp + qStride), ca), sa), scaled16(dot8x16(v128.load(xp + qStride, 32), cb), sb)));
        i2 = i32x4.add(i2, i32x4.add(scaled16(dot8x16(v128.load(xp + 2 * qStride), ca), sa), scaled16(dot8x16(v128.load(xp + 2 * qStride, 32), cb), sb)));
        i3 = i32x4.add(i3, i32x4.add(scaled16(dot8x16(v128.load(xp + 3 * qStride), ca), sa), scaled16(dot8x16(v128.load(xp + 3 * qStride, 32), cb), sb)));
        // The high nibbles (and the next 2-bit tops) down for the next piece: constant shifts.
        la = i16x8.shr_u(la, 4);
        lb = i16x8.shr_u(lb, 4);
        hq = i16x8.shr_u(hq, 4);
        xp += 64;
        sc += 4;
      }
    }
    // The −32 offset: Σ_g scale_g · Σ q_x over the 16 groups of 16 (scales at wp+192, in group order).
    const scv = v128.load(wp, 192);
    const slo = i16x8.extend_low_i8x16_s(scv);
    const shi = i16x8.extend_high_i8x16_s(scv);
    const bp = bs0 + (<usize>b << 6);
    const o = hadd4(offsetDot(bp, slo, shi), offsetDot(bp + bStride, slo, shi), offsetDot(bp + 2 * bStride, slo, shi), offsetDot(bp + 3 * bStride, slo, shi));
    const isum = i32x4.sub(hadd4(i0, i1, i2, i3), i32x4.shl(o, 5));
    acc = madd(f32x4.convert_i32x4_s(isum), f32x4.mul(scales4(s0 + (<usize>b << 2), sStride), f16splat(wp + 208)), acc);
    wp += 210;
  }
  return acc;
}

/**
 * One q6_K weight row against the 8 tokens of a tile (xp: its first super-block, interleaveTilesK8
 * with sums per 16) — the prefill kernel. Loops walk the 8 pieces of a super-block (quarter i:
 * half i >> 1, column i & 1; piece p: low or high nibbles), two 16-value groups A and B (values
 * 128·half + 64p + 16·column + [0, 16) and + 32) unpacked once (codes 0..63) for 8 tokens; the
 * innermost loop takes tokens 0–3 then 4–7 and swaps the two halves' sums. Per group the i16 pair
 * sums of 2 tokens are folded in i16 (lanes ≤ 2·2·63·127 = 32004) and widened by the pmaddwd of
 * the group's scale: 2 pmaddwd per group and 4 tokens where one per token went before. The −32
 * offset: 32·Σ_g scale_g·Σ q_x over g, 8 pmaddwd per 4 tokens of the sums laid out for it.
 * Stores out(t..t+7, r).
 */
@inline function tile8Q6_K(out: usize, rows: i32, t: i32, r: i32, wr: usize, nb: i32, xp: usize): void {
  const m4 = i8x16.splat(0x0f);
  const m2 = i8x16.splat(0x30);
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  let wp = wr;
  const wEnd = wr + <usize>nb * 210;
  for (; wp < wEnd; wp += 210) {
    // Sums of tokens 0–3 (a: [t0, t0, t1, t1] and [t2, t2, t3, t3]) and 4–7 (b), swapped per half.
    let a0 = i32x4.splat(0);
    let a1 = i32x4.splat(0);
    let b0 = i32x4.splat(0);
    let b1 = i32x4.splat(0);
    for (let i = 0; i < 4; i++) {
      const hv = (<usize>(i >> 1) << 6) | (<usize>(i & 1) << 4); // half·64 + column·16
      let la = v128.load(wp + hv);
      let lb = v128.load(wp + hv, 32);
      let hq = v128.load(wp + 128 + (<usize>i << 4));
      let x = xp + (<usize>(i >> 1) << 10) + (<usize>(i & 1) << 4); // sub-block 4·half, column·16
      let sc = wp + 192 + (hv >> 3) - <usize>(i & 1); // half·8 + column
      for (let p = 0; p < 2; p++) {
        const ca = v128.or(v128.and(la, m4), v128.and(i16x8.shl(hq, 4), m2));
        const cb = v128.or(v128.and(lb, m4), v128.and(i16x8.shl(hq, 2), m2));
        const sa = i16x8.splat(<i16>load<i8>(sc));
        const sb = i16x8.splat(<i16>load<i8>(sc, 2));
        for (let h = 0; h < 2; h++) {
          // Group A of tokens 0..3 at x + 32j, group B one sub-block (256 bytes) further.
          const n01 = i32x4.add(
            i32x4.dot_i16x8_s(fold2(dot8x16(v128.load(x), ca), dot8x16(v128.load(x, 32), ca)), sa),
            i32x4.dot_i16x8_s(fold2(dot8x16(v128.load(x, 256), cb), dot8x16(v128.load(x, 288), cb)), sb),
          );
          const n23 = i32x4.add(
            i32x4.dot_i16x8_s(fold2(dot8x16(v128.load(x, 64), ca), dot8x16(v128.load(x, 96), ca)), sa),
            i32x4.dot_i16x8_s(fold2(dot8x16(v128.load(x, 320), cb), dot8x16(v128.load(x, 352), cb)), sb),
          );
          const c0 = i32x4.add(a0, n01);
          const c1 = i32x4.add(a1, n23);
          a0 = b0;
          a1 = b1;
          b0 = c0;
          b1 = c1;
          x += 128;
        }
        // The high nibbles (and the next 2-bit tops) down for the next piece, 64 values on.
        la = i16x8.shr_u(la, 4);
        lb = i16x8.shr_u(lb, 4);
        hq = i16x8.shr_u(hq, 4);
        x += 256;
        sc += 4;
      }
    }
    const scv = v128.load(wp, 192);
    const slo = i16x8.extend_low_i8x16_s(scv);
    const shi = i16x8.extend_high_i8x16_s(scv);
    const o0 = i32x4.add(pairTerms4(xp + 2080, slo), pairTerms4(xp + 2144, shi));
    const o1 = i32x4.add(pairTerms4(xp + 2208, slo), pairTerms4(xp + 2272, shi));
    // [t0, t0, t1, t1] and [t2, t2, t3, t3] → [t0, t1, t2, t3], less 32·offset.
    const s0 = i32x4.sub(i32x4.add(i32x4.shuffle(a0, a1, 0, 2, 4, 6), i32x4.shuffle(a0, a1, 1, 3, 5, 7)), i32x4.shl(o0, 5));
    const s1 = i32x4.sub(i32x4.add(i32x4.shuffle(b0, b1, 0, 2, 4, 6), i32x4.shuffle(b0, b1, 1, 3, 5, 7)), i32x4.shl(o1, 5));
    const d = f16splat(wp + 208);
    acc0 = madd(f32x4.convert_i32x4_s(s0), f32x4.mul(v128.load(xp, 2048), d), acc0);
    acc1 = madd(f32x4.convert_i32x4_s(s1), f32x4.mul(v128.load(xp, 2064), d), acc1);
    xp += TILEK8_SUMS16;
  }
  store4(out, rows, t, r, acc0);
  store4(out, rows, t + 4, r, acc1);
}

/** pmaddwd of 16-bit pair sums with a splatted i16 scale. */
@inline function scaled16(pairs: v128, sv: v128): v128 {
  return i32x4.dot_i16x8_s(pairs, sv);
}

/** Σ_g scale_g · (Σ q_x over group g) for one token's 16 groups of 16 (sums at bp). */
@inline function offsetDot(bp: usize, slo: v128, shi: v128): v128 {
  return i32x4.add(sums16x8(bp, slo), sums16x8(bp + 32, shi));
}

/**
 * One q4_K weight row against one token (decode). Per super-block the 8 scales are unpacked into
 * i16 lanes once; a loop walks its 4 chunks of 64 values (kept as a loop: unrolled, V8 hoists all
 * 24 loads of a super-block ahead of the arithmetic and spills), rotating the scales so that the
 * chunk's two sub-block scales are always lanes 0 and 1.
 */
@inline function rowQ4_K(wr: usize, nb: i32, k: i32, t: i32, xs: usize, xq8: usize, xsum: usize): f32 {
  let acc = f32x4.splat(0);
  let macc = f32x4.splat(0);
  let wp = wr;
  let sp = xs + ((<usize>t * nb) << 2);
  let qp = xq8 + <usize>t * k;
  let bp = xsum + ((<usize>t * (k >> 4)) << 2);
  const wEnd = wr + <usize>nb * 144;
  while (wp < wEnd) {
    const sm = scalesMinsQ4K(wp);
    let sv = i16x8.extend_low_i8x16_u(sm);
    let isum = i32x4.splat(0);
    let q = wp + 16;
    const qEnd = wp + 144;
    do {
      isum = i32x4.add(isum, chunkQ4K(q, qp, lane0(sv), lane1(sv)));
      sv = i8x16.shuffle(sv, sv, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3);
      q += 32;
      qp += 64;
    } while (q < qEnd);
    // Σ q_x per 32 values (8 of them, each ≤ 32·127: fits i16) against the 8 mins.
    const msum = i32x4.dot_i16x8_s(i16x8.narrow_i32x4_s(blockSums4(bp), blockSums4(bp + 32)), i16x8.extend_high_i8x16_u(sm));
    // [d·d_x, dmin·d_x] of this super-block: both f16 scales converted in one vector.
    const dd = f32x4.mul(f16x2at(wp), f32x4.splat(load<f32>(sp)));
    acc = madd(f32x4.convert_i32x4_s(isum), i32x4.shuffle(dd, dd, 0, 0, 0, 0), acc);
    macc = madd(f32x4.convert_i32x4_s(msum), i32x4.shuffle(dd, dd, 1, 1, 1, 1), macc);
    wp += 144;
    sp += 4;
    bp += 64;
  }
  return hsum(acc) - hsum(macc);
}

/**
 * The 8 6-bit scales (bytes 0–7) and 8 mins (bytes 8–15) of the q4_K super-block at wp, unpacked
 * from its 12 bytes in vector registers (the layout of ggml's get_scale_min_k4).
 */
@inline function scalesMinsQ4K(wp: usize): v128 {
  const v = v128.load(wp, 4); // bytes 0–11: the packed scales; 12–15: unused
  // Low bits: scales 0–3 and mins 0–3 whole (6 bits), scales 4–7 from low nibbles of bytes 8–11,
  // mins 4–7 from their high nibbles.
  const p = i8x16.shuffle(v, v, 0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 8, 9, 10, 11);
  const low = v128.or(
    v128.and(p, i8x16(0x3f, 0x3f, 0x3f, 0x3f, 0x0f, 0x0f, 0x0f, 0x0f, 0x3f, 0x3f, 0x3f, 0x3f, 0, 0, 0, 0)),
    v128.and(i16x8.shr_u(p, 4), i8x16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0f, 0x0f, 0x0f, 0x0f)),
  );
  // High 2 bits of scales and mins 4–7: the top 2 bits of bytes 0–3 and 4–7, moved to bits 4–5.
  const q = i8x16.shuffle(v, v, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7);
  return v128.or(low, v128.and(i16x8.shr_u(q, 2), i8x16(0, 0, 0, 0, 0x30, 0x30, 0x30, 0x30, 0, 0, 0, 0, 0x30, 0x30, 0x30, 0x30)));
}

/**
 * One 64-value chunk of a q4_K super-block (32 bytes at q: sub-block 2c in the low nibbles, 2c + 1
 * in the high ones) against its activations x0..x3, the 8-bit dots folded once in i16 and
 * interleaved: [2c, 2c + 1, 2c, 2c + 1, …], each lane ≤ 4·2·127·15 = 15240 — so that one pmaddwd
 * with the two scales [s, s', s, s', …] (one 32-bit lane splatted) weighs both sub-blocks.
 */
@inline function chunkQ4Kx16(q: usize, x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  const m4 = i8x16.splat(0x0f);
  const q0 = v128.load(q);
  const q1 = v128.load(q, 16);
  const lo = i16x8.add(dot8x16(x0, v128.and(q0, m4)), dot8x16(x1, v128.and(q1, m4)));
  const hi = i16x8.add(dot8x16(x2, v128.and(i16x8.shr_u(q0, 4), m4)), dot8x16(x3, v128.and(i16x8.shr_u(q1, 4), m4)));
  return i16x8.add(i16x8.shuffle(lo, hi, 0, 8, 1, 9, 2, 10, 3, 11), i16x8.shuffle(lo, hi, 4, 12, 5, 13, 6, 14, 7, 15));
}

/**
 * Two q4_K weight rows (wa, wb) against one token (decode): rowQ4_K with each activation load and
 * each super-block's activation sums and scale shared by the two rows. With rows far apart (see
 * matmulQ4_KR) 1.17× as fast as one row at a time from L3 and 1.27× from DRAM, where two streams
 * keep more reads in flight; more rows per pass run out of the 16 vector registers and spill.
 * A chunk's two sub-block scales are applied by one pmaddwd: its 8-bit dots folded and
 * interleaved in i16 (chunkQ4Kx16) against [s, s', s, s', …] — where a splatted scale per
 * sub-block took 2 more instructions per chunk and row. (A loop step of one chunk: with two, V8
 * hoists all 16 loads ahead of the arithmetic and spills.) Lanes 0, 1 of the result: the two rows'
 * dot products.
 */
@inline function rows2Q4_K(wa: usize, wb: usize, nb: i32, k: i32, t: i32, xs: usize, xq8: usize, xsum: usize): v128 {
  let acc = f32x4.splat(0);
  let pa = wa;
  let pb = wb;
  let sp = xs + ((<usize>t * nb) << 2);
  let qp = xq8 + <usize>t * k;
  let bp = xsum + ((<usize>t * (k >> 4)) << 2);
  const wEnd = wa + <usize>nb * 144;
  while (pa < wEnd) {
    const ra = scalesMinsQ4K(pa);
    const rb = scalesMinsQ4K(pb);
    let sa = i16x8.extend_low_i8x16_u(ra);
    let sb = i16x8.extend_low_i8x16_u(rb);
    let ia = i32x4.splat(0);
    let ib = i32x4.splat(0);
    let qa = pa + 16;
    let qb = pb + 16;
    const qEnd = pa + 144;
    do {
      const x0 = v128.load(qp);
      const x1 = v128.load(qp, 16);
      const x2 = v128.load(qp, 32);
      const x3 = v128.load(qp, 48);
      // The chunk's two scales, i16 lanes 0 and 1, as [s0, s1, s0, s1, …] (one 32-bit lane splatted).
      ia = i32x4.add(ia, i32x4.dot_i16x8_s(chunkQ4Kx16(qa, x0, x1, x2, x3), i32x4.shuffle(sa, sa, 0, 0, 0, 0)));
      ib = i32x4.add(ib, i32x4.dot_i16x8_s(chunkQ4Kx16(qb, x0, x1, x2, x3), i32x4.shuffle(sb, sb, 0, 0, 0, 0)));
      // The next chunk's two scales into lanes 0, 1.
      sa = i8x16.shuffle(sa, sa, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3);
      sb = i8x16.shuffle(sb, sb, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3);
      qa += 32;
      qb += 32;
      qp += 64;
    } while (qa < qEnd);
    // Σ q_x per 32 values (8 of them, each ≤ 32·127: fits i16), shared, against each row's 8 mins.
    const s32 = i16x8.narrow_i32x4_s(blockSums4(bp), blockSums4(bp + 32));
    // Lanes [Σ row a, Σ row b, mins a, mins b] after one transpose-and-add.
    const sums = hadd4(ia, ib, i32x4.dot_i16x8_s(s32, i16x8.extend_high_i8x16_u(ra)), i32x4.dot_i16x8_s(s32, i16x8.extend_high_i8x16_u(rb)));
    // [d_a, dmin_a] and [d_b, dmin_b] → [d_a, d_b, dmin_a, dmin_b] · d_x.
    const fa = f16x2at(pa);
    const fb = f16x2at(pb);
    acc = madd(f32x4.convert_i32x4_s(sums), f32x4.mul(i32x4.shuffle(fa, fb, 0, 4, 1, 5), f32x4.splat(load<f32>(sp))), acc);
    pa += 144;
    pb += 144;
    sp += 4;
    bp += 64;
  }
  // Lanes 0, 1 minus lanes 2, 3: each row's Σ d·d_x·isum − Σ dmin·d_x·msum.
  return f32x4.sub(acc, i32x4.shuffle(acc, acc, 2, 3, 2, 3));
}

/**
 * One q6_K weight row against one token (decode). A loop walks the 4 quarters of a super-block
 * (half h, column v: 64 values in 4 groups of 16, each with its own scale), kept as a loop for the
 * reason given at rowQ4_K. The −32 offset is applied once per super-block: 32·Σ_g scale_g·Σ q_x
 * over group g, one pmaddwd pair (offsetDot).
 */
@inline function rowQ6_K(wr: usize, nb: i32, k: i32, t: i32, xs: usize, xq8: usize, xsum: usize): f32 {
  const m4 = i8x16.splat(0x0f);
  const m2 = i8x16.splat(0x30);
  let acc = f32x4.splat(0);
  let wp = wr;
  let sp = xs + ((<usize>t * nb) << 2);
  let qp = xq8 + <usize>t * k;
  let bp = xsum + ((<usize>t * (k >> 4)) << 2);
  const wEnd = wr + <usize>nb * 210;
  while (wp < wEnd) {
    let isum = i32x4.splat(0);
    let qh = wp + 128;
    for (let half: usize = 0; half < 2; half++) {
      let ql = wp + (half << 6);
      let xo = qp + (half << 7);
      let sc = wp + 192 + (half << 3);
      const scEnd = sc + 2;
      do {
        const a = v128.load(ql);
        const bq = v128.load(ql, 32);
        const h = v128.load(qh);
        // High 2 bits moved to bits 4–5 with 16-bit shifts, then masked per byte.
        const q1 = v128.or(v128.and(a, m4), v128.and(i16x8.shl(h, 4), m2));
        const q2 = v128.or(v128.and(bq, m4), v128.and(i16x8.shl(h, 2), m2));
        const q3 = v128.or(v128.and(i16x8.shr_u(a, 4), m4), v128.and(h, m2));
        const q4 = v128.or(v128.and(i16x8.shr_u(bq, 4), m4), v128.and(i16x8.shr_u(h, 2), m2));
        // Pair sums ≤ 2·127·63 fit i16; each 16 values have their own scale.
        isum = i32x4.add(isum, i32x4.add(scaled(dot8x16(v128.load(xo), q1), load<i8>(sc)), scaled(dot8x16(v128.load(xo, 32), q2), load<i8>(sc, 2))));
        isum = i32x4.add(isum, i32x4.add(scaled(dot8x16(v128.load(xo, 64), q3), load<i8>(sc, 4)), scaled(dot8x16(v128.load(xo, 96), q4), load<i8>(sc, 6))));
        ql += 16;
        qh += 16;
        xo += 16;
        sc += 1;
      } while (sc < scEnd);
    }
    // The −32 offset: Σ_g scale_g · Σ q_x over the 16 groups of 16 (scales at wp+192, in group order).
    const scv = v128.load(wp, 192);
    const o = offsetDot(bp, i16x8.extend_low_i8x16_s(scv), i16x8.extend_high_i8x16_s(scv));
    isum = i32x4.sub(isum, i32x4.shl(o, 5));
    acc = madd(f32x4.convert_i32x4_s(isum), f32x4.mul(f16splat(wp + 208), f32x4.splat(load<f32>(sp))), acc);
    wp += 210;
    sp += 4;
    qp += 256;
    bp += 64;
  }
  return hsum(acc);
}

/** One q6_K row's 64 values of a quarter (ql at a, a + 32; qh at h) against 4 activation vectors, scales at sc. */
@inline function quarterQ6K(a: v128, bq: v128, h: v128, x0: v128, x1: v128, x2: v128, x3: v128, sc: usize): v128 {
  const m4 = i8x16.splat(0x0f);
  const m2 = i8x16.splat(0x30);
  // High 2 bits moved to bits 4–5 with 16-bit shifts, then masked per byte.
  const q1 = v128.or(v128.and(a, m4), v128.and(i16x8.shl(h, 4), m2));
  const q2 = v128.or(v128.and(bq, m4), v128.and(i16x8.shl(h, 2), m2));
  const q3 = v128.or(v128.and(i16x8.shr_u(a, 4), m4), v128.and(h, m2));
  const q4 = v128.or(v128.and(i16x8.shr_u(bq, 4), m4), v128.and(i16x8.shr_u(h, 2), m2));
  // Pair sums ≤ 2·127·63 fit i16; each 16 values have their own scale.
  return i32x4.add(
    i32x4.add(scaled(dot8x16(x0, q1), load<i8>(sc)), scaled(dot8x16(x1, q2), load<i8>(sc, 2))),
    i32x4.add(scaled(dot8x16(x2, q3), load<i8>(sc, 4)), scaled(dot8x16(x3, q4), load<i8>(sc, 6))),
  );
}

/**
 * Two q6_K rows (wa, wb) against one token: rowQ6_K with the activation loads and sums shared
 * (1.07× as fast as one row at a time from DRAM, about even from L3). Lanes 0, 1: the results.
 */
@inline function rows2Q6_K(wa: usize, wb: usize, nb: i32, k: i32, t: i32, xs: usize, xq8: usize, xsum: usize): v128 {
  let acc = f32x4.splat(0);
  let pa = wa;
  let pb = wb;
  let sp = xs + ((<usize>t * nb) << 2);
  let qp = xq8 + <usize>t * k;
  let bp = xsum + ((<usize>t * (k >> 4)) << 2);
  const wEnd = wa + <usize>nb * 210;
  while (pa < wEnd) {
    let ia = i32x4.splat(0);
    let ib = i32x4.splat(0);
    let hoff: usize = 128;
    for (let half: usize = 0; half < 2; half++) {
      let off = half << 6;
      let xo = qp + (half << 7);
      let so: usize = 192 + (half << 3);
      const soEnd = so + 2;
      do {
        const x0 = v128.load(xo);
        const x1 = v128.load(xo, 32);
        const x2 = v128.load(xo, 64);
        const x3 = v128.load(xo, 96);
        ia = i32x4.add(ia, quarterQ6K(v128.load(pa + off), v128.load(pa + off, 32), v128.load(pa + hoff), x0, x1, x2, x3, pa + so));
        ib = i32x4.add(ib, quarterQ6K(v128.load(pb + off), v128.load(pb + off, 32), v128.load(pb + hoff), x0, x1, x2, x3, pb + so));
        off += 16;
        hoff += 16;
        xo += 16;
        so += 1;
      } while (so < soEnd);
    }
    // The −32 offsets (see rowQ6_K), each row's scales against the shared sums.
    const sa = v128.load(pa, 192);
    const sb = v128.load(pb, 192);
    const oa = offsetDot(bp, i16x8.extend_low_i8x16_s(sa), i16x8.extend_high_i8x16_s(sa));
    const ob = offsetDot(bp, i16x8.extend_low_i8x16_s(sb), i16x8.extend_high_i8x16_s(sb));
    // Lanes [Σ a, Σ b, offsets a, offsets b] after one transpose-and-add.
    const sums = hadd4(ia, ib, oa, ob);
    const isum = i32x4.sub(sums, i32x4.shl(i32x4.shuffle(sums, sums, 2, 3, 2, 3), 5));
    const d = i32x4.shuffle(f16splat(pa + 208), f16splat(pb + 208), 0, 4, 0, 4);
    acc = madd(f32x4.convert_i32x4_s(isum), f32x4.mul(d, f32x4.splat(load<f32>(sp))), acc);
    pa += 210;
    pb += 210;
    sp += 4;
    qp += 256;
    bp += 64;
  }
  return acc;
}

/**
 * q4_K × q8_K with 8-bit dots (layout: src/tensor/quant/kquants.ts). Per super-block the 8 scales
 * and 8 mins are unpacked once into i16 lanes; the mins term Σ_j m_j·Σ q_x (j's 32 values) is one
 * pmaddwd of the mins with the activation sums. One token (decode): two rows at a time
 * (rows2Q4_K). Several tokens: tiles of 8 tokens × 1 row (tile8Q4_K; `xq` points at their
 * interleaved activations, interleaveTilesK8), then a tile of 4 (tile4Q4_K) if n % 8 ≥ 4, over
 * groups of rows that stay in cache; the n % 4 last tokens as one token.
 */
export function matmulQ4_KR(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const nb = k >> 8;
  const rowBytes = <usize>nb * 144;
  const n8 = n & ~7;
  const n4 = n & ~3;
  // Decode needs no row groups (nothing is reused across rows but x, which stays in L1).
  const rt = n4 == 0 ? r1 - r0 : rowTile(rowBytes);
  const tileBytes = <usize>nb * TILEK8_SUMS32;
  for (let g = r0; g < r1; g += rt) {
    const g1 = min(r1, g + rt);
    for (let t = 0; t < n8; t += 8) {
      const xp = xq + <usize>(t >> 3) * tileBytes;
      for (let r = g; r < g1; r++) tile8Q4_K(out, rows, t, r, w + <usize>r * rowBytes, nb, xp);
    }
    for (let t = n8; t < n4; t += 4) {
      for (let r = g; r < g1; r++) store4(out, rows, t, r, tile4Q4_K(w + <usize>r * rowBytes, nb, k, t, xs, x, xsum));
    }
    // The rows in pairs (g + i, g + h + i): two weight streams that each stay contiguous from one
    // row to the next. Pairs of neighbours (r, r + 1) break both streams at every row, and the
    // hardware prefetcher, retraining each time, then left decode from DRAM 28 % slower.
    const h = (g1 - g) >> 1;
    for (let i = 0; i < h; i++) {
      const ra = g + i;
      const rb = ra + h;
      for (let t = n4; t < n; t++) {
        const v = rows2Q4_K(w + <usize>ra * rowBytes, w + <usize>rb * rowBytes, nb, k, t, xs, x, xsum);
        store<f32>(out + ((<usize>t * rows + ra) << 2), f32x4.extract_lane(v, 0));
        store<f32>(out + ((<usize>t * rows + rb) << 2), f32x4.extract_lane(v, 1));
      }
    }
    if ((g1 - g) & 1) {
      const r = g1 - 1;
      const wr = w + <usize>r * rowBytes;
      for (let t = n4; t < n; t++) store<f32>(out + ((<usize>t * rows + r) << 2), rowQ4_K(wr, nb, k, t, xs, x, xsum));
    }
  }
}

/**
 * q6_K × q8_K with 8-bit dots: codes 0..63, offset −32 applied through Σ q_x per 16. One token:
 * two rows at a time, paired as in matmulQ4_KR (rows2Q6_K). Several tokens: tiles of 8 tokens ×
 * 1 row (tile8Q6_K), then of 4 (tile4Q6_K), as matmulQ4_KR.
 */
export function matmulQ6_KR(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const nb = k >> 8;
  const rowBytes = <usize>nb * 210;
  const n8 = n & ~7;
  const n4 = n & ~3;
  const rt = n4 == 0 ? r1 - r0 : rowTile(rowBytes);
  const tileBytes = <usize>nb * TILEK8_SUMS16;
  for (let g = r0; g < r1; g += rt) {
    const g1 = min(r1, g + rt);
    for (let t = 0; t < n8; t += 8) {
      const xp = xq + <usize>(t >> 3) * tileBytes;
      for (let r = g; r < g1; r++) tile8Q6_K(out, rows, t, r, w + <usize>r * rowBytes, nb, xp);
    }
    for (let t = n8; t < n4; t += 4) {
      for (let r = g; r < g1; r++) store4(out, rows, t, r, tile4Q6_K(w + <usize>r * rowBytes, nb, k, t, xs, x, xsum));
    }
    const h = (g1 - g) >> 1;
    for (let i = 0; i < h; i++) {
      const ra = g + i;
      const rb = ra + h;
      for (let t = n4; t < n; t++) {
        const v = rows2Q6_K(w + <usize>ra * rowBytes, w + <usize>rb * rowBytes, nb, k, t, xs, x, xsum);
        store<f32>(out + ((<usize>t * rows + ra) << 2), f32x4.extract_lane(v, 0));
        store<f32>(out + ((<usize>t * rows + rb) << 2), f32x4.extract_lane(v, 1));
      }
    }
    if ((g1 - g) & 1) {
      const r = g1 - 1;
      const wr = w + <usize>r * rowBytes;
      for (let t = n4; t < n; t++) store<f32>(out + ((<usize>t * rows + r) << 2), rowQ6_K(wr, nb, k, t, xs, x, xsum));
    }
  }
}

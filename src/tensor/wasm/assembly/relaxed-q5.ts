// Relaxed-SIMD kernels for the packed 5-bit layouts (packed-q5.ts has the layouts, the packers and
// the plain-SIMD kernels); part of kernels-relaxed.wasm through relaxed.ts (see its header for the
// 8-bit dot and the offset trick). `x` points at the i8 activations.
//
// A packed lane group v (16 bytes) and its e bits give 32 codes in 6 instructions: `v & 0x1f` for the
// first 16, `(v & 0xe0) >> 3 | e & 3` for the others (e shifted down 2 bits a block) — where ggml's
// layout took a shuffle, two ands, a compare and an or per 16 values for the fifth bits alone.
//
// q5_0, q5_1: a group of 4 blocks contributes, with Σq_x the sum of a block's 32 activation codes:
//   q5_0:  Σ_j d_j·d_x·(Σ code·q_x − 16·Σq_x)        q5_1:  Σ_j d_j·d_x·Σ code·q_x + m_j·d_x·Σq_x
// The 4 blocks' d_w·d_x are one vector (their f16 scales sit side by side), and the offset or min term
// is one multiply-add per group against the 4 blocks' Σq_x.

import { blockSums4, dot8x16, F16_REBIAS, f16at, f16x2at, f16x4bits, hadd4, madd, rowTile, store4 } from "./common";

/** 16 high codes (0..31) of a packed lane group v whose low 2 bits are the low 2 bits of e's bytes. */
@inline function highCodes(v: v128, e: v128): v128 {
  return v128.or(i16x8.shr_u(v128.and(v, i8x16.splat(-32)), 3), v128.and(e, i8x16.splat(3)));
}

/** Integer dot of a block's 32 codes (lo: values 0..15, hi: 16..31) with 32 i8 activations (x0, x1), as i32 lanes to be summed. */
@inline function dotCodes(lo: v128, hi: v128, x0: v128, x1: v128): v128 {
  // Pair sums ≤ 2·127·31 each; two of them still fit i16.
  return i32x4.extadd_pairwise_i16x8_s(i16x8.add(dot8x16(x0, lo), dot8x16(x1, hi)));
}

/**
 * [Σ lanes of a, Σ b, …] folded into [a0+a2, b0+b2, a1+a3, b1+b3] (f32): lanes 0 and 2 add up to
 * row a's result, 1 and 3 to row b's.
 */
@inline function fold2(a: v128, b: v128): v128 {
  return f32x4.add(
    i8x16.shuffle(a, b, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23),
    i8x16.shuffle(a, b, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31),
  );
}

/**
 * Two packed rows (groups at wa and wb) against one token (block scales at sp, i8 values at qp, sums
 * per 16 at bp) — the decode kernel: each block's activations are loaded once for both rows, and each
 * row's block sums are scaled by its d_j·d_x (a lane of the group's scale vector, rotated a lane per
 * block). G: bytes per group; V, E: offsets of v and e; M: offset of m[4] (q5_1), or −1 (q5_0:
 * offset −16). Lanes [A, B, A, B] to be summed per row.
 */
@inline function rowPair(wa: usize, wb: usize, ng: i32, sp: usize, qp: usize, bp: usize, G: usize, V: usize, E: usize, M: i32): v128 {
  const m5 = i8x16.splat(0x1f);
  let accA = f32x4.splat(0);
  let accB = f32x4.splat(0);
  let offA = f32x4.splat(0); // Σ over groups of the offset (q5_0) or min (q5_1) terms
  let offB = f32x4.splat(0);
  const wEnd = wa + <usize>ng * G;
  while (wa < wEnd) {
    // d_x × 2^112 first: the f16 bits are the scales × 2^-112, and their product with d_x alone
    // could fall below f32's normal range (slow, and rounded).
    const dx = f32x4.mul(v128.load(sp), f32x4.splat(F16_REBIAS));
    let sa = f32x4.mul(f16x4bits(wa), dx);
    let sb = f32x4.mul(f16x4bits(wb), dx);
    const s4 = blockSums4(bp); // the 4 blocks' Σ q_x
    if (M < 0) {
      const o = f32x4.convert_i32x4_s(i32x4.shl(s4, 4));
      offA = madd(sa, o, offA);
      offB = madd(sb, o, offB);
    } else {
      const o = f32x4.convert_i32x4_s(s4);
      offA = madd(f32x4.mul(f16x4bits(wa + <usize>M), dx), o, offA);
      offB = madd(f32x4.mul(f16x4bits(wb + <usize>M), dx), o, offB);
    }
    let ea = v128.load(wa + E);
    let eb = v128.load(wb + E);
    let pa = wa + V;
    let pb = wb + V;
    const pEnd = pa + 64;
    do {
      const x0 = v128.load(qp);
      const x1 = v128.load(qp, 16);
      const va = v128.load(pa);
      accA = madd(f32x4.convert_i32x4_s(dotCodes(v128.and(va, m5), highCodes(va, ea), x0, x1)), i32x4.shuffle(sa, sa, 0, 0, 0, 0), accA);
      const vb = v128.load(pb);
      accB = madd(f32x4.convert_i32x4_s(dotCodes(v128.and(vb, m5), highCodes(vb, eb), x0, x1)), i32x4.shuffle(sb, sb, 0, 0, 0, 0), accB);
      sa = i32x4.shuffle(sa, sa, 1, 2, 3, 0);
      sb = i32x4.shuffle(sb, sb, 1, 2, 3, 0);
      ea = i16x8.shr_u(ea, 2);
      eb = i16x8.shr_u(eb, 2);
      pa += 16;
      pb += 16;
      qp += 32;
    } while (pa < pEnd);
    wa += G;
    wb += G;
    sp += 16;
    bp += 32;
  }
  if (M < 0) return fold2(f32x4.sub(accA, offA), f32x4.sub(accB, offB));
  return fold2(f32x4.add(accA, offA), f32x4.add(accB, offB));
}

/** Tokens [t0, n) one at a time, rows in pairs half the range apart (two weight streams, as tokensQ4_0R). */
@inline function tokens(out: usize, t0: i32, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, x: usize, xsum: usize, G: usize, V: usize, E: usize, M: i32): void {
  const ng = k >> 7;
  const rowBytes = <usize>ng * G;
  const half = (r1 - r0) >> 1;
  for (let r = r0; r < r0 + half; r++) {
    const wa = w + <usize>r * rowBytes;
    const wb = wa + <usize>half * rowBytes;
    for (let t = t0; t < n; t++) {
      const acc = rowPair(wa, wb, ng, xs + ((<usize>t * ng) << 4), x + <usize>t * k, xsum + ((<usize>t * (k >> 4)) << 2), G, V, E, M);
      const o = out + ((<usize>t * rows + r) << 2);
      store<f32>(o, f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 2));
      store<f32>(o + (<usize>half << 2), f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 3));
    }
  }
  if ((r1 - r0) & 1) {
    const r = r1 - 1;
    const wr = w + <usize>r * rowBytes;
    for (let t = t0; t < n; t++) {
      const acc = rowPair(wr, wr, ng, xs + ((<usize>t * ng) << 4), x + <usize>t * k, xsum + ((<usize>t * (k >> 4)) << 2), G, V, E, M);
      store<f32>(out + ((<usize>t * rows + r) << 2), f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 2));
    }
  }
}

/**
 * One packed row against 4 tokens (t..t+3) — the prefill kernel: each block's 32 codes are unpacked
 * once for the 4 tokens, whose integer sums are gathered into one vector (hadd4) and scaled (and
 * offset, or given the min term) with the 4 tokens' d_x and Σq_x side by side (tileActs32). Lane j of
 * the result = out(t+j, row).
 */
@inline function tile4(wr: usize, ng: i32, k: i32, t: i32, xq8: usize, xt: usize, G: usize, V: usize, E: usize, M: i32): v128 {
  const m5 = i8x16.splat(0x1f);
  const qStride = <usize>k;
  let qp = xq8 + <usize>t * qStride;
  let tb = xt + ((<usize>(t >> 2) * (ng << 2)) << 5); // the 4 tokens' d_x, then their Σ q_x, per block
  let acc = f32x4.splat(0);
  let wp = wr;
  const wEnd = wr + <usize>ng * G;
  while (wp < wEnd) {
    let e = v128.load(wp + E);
    let dp = wp;
    let vp = wp + V;
    const vEnd = vp + 64;
    do {
      const v = v128.load(vp);
      const lo = v128.and(v, m5);
      const hi = highCodes(v, e);
      const s = hadd4(
        dotCodes(lo, hi, v128.load(qp), v128.load(qp, 16)),
        dotCodes(lo, hi, v128.load(qp + qStride), v128.load(qp + qStride, 16)),
        dotCodes(lo, hi, v128.load(qp + 2 * qStride), v128.load(qp + 2 * qStride, 16)),
        dotCodes(lo, hi, v128.load(qp + 3 * qStride), v128.load(qp + 3 * qStride, 16)),
      );
      const dx = v128.load(tb);
      const sx = v128.load(tb, 16);
      if (M < 0) {
        acc = madd(f32x4.convert_i32x4_s(i32x4.sub(s, i32x4.shl(sx, 4))), f32x4.mul(dx, f32x4.splat(f16at(dp))), acc);
      } else {
        acc = madd(f32x4.convert_i32x4_s(s), f32x4.mul(dx, f32x4.splat(f16at(dp))), acc);
        acc = madd(f32x4.convert_i32x4_s(sx), f32x4.mul(dx, f32x4.splat(f16at(dp + <usize>M))), acc);
      }
      e = i16x8.shr_u(e, 2);
      vp += 16;
      dp += 2;
      qp += 32;
      tb += 32;
    } while (vp < vEnd);
    wp += G;
  }
  return acc;
}

/** n ≥ 4 tokens: tiles of 4 tokens × 1 row over groups of rows that stay in cache, then the n % 4 last tokens one by one. */
@inline function tiles(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xsum: usize, xt: usize, G: usize, V: usize, E: usize, M: i32): void {
  const ng = k >> 7;
  const rowBytes = <usize>ng * G;
  const n4 = n & ~3;
  const rt = rowTile(rowBytes);
  for (let g = r0; g < r1; g += rt) {
    const g1 = min(r1, g + rt);
    for (let t = 0; t < n4; t += 4) {
      for (let r = g; r < g1; r++) store4(out, rows, t, r, tile4(w + <usize>r * rowBytes, ng, k, t, x, xt, G, V, E, M));
    }
  }
  if (n4 < n) tokens(out, n4, n, w, k, rows, r0, r1, xs, x, xsum, G, V, E, M);
}

/** Packed q5_0 × 8-bit activations (k: whole groups of 128): x = d·(code − 16). */
export function matmulQ5_0PR(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  tokens(out, 0, n, w, k, rows, r0, r1, xs, x, xsum, 88, 8, 72, -1);
}

/** matmulQ5_0PR for n ≥ 4 tokens (tiles). */
export function matmulQ5_0PTR(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize, xt: usize): void {
  tiles(out, x, n, w, k, rows, r0, r1, xs, xsum, xt, 88, 8, 72, -1);
}

/** Packed q5_1 × 8-bit activations: x = d·code + m. */
export function matmulQ5_1PR(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  tokens(out, 0, n, w, k, rows, r0, r1, xs, x, xsum, 96, 16, 80, 8);
}

export function matmulQ5_1PTR(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize, xt: usize): void {
  tiles(out, x, n, w, k, rows, r0, r1, xs, xsum, xt, 96, 16, 80, 8);
}

// ---------------------------------------------------------------- q5_K (packed) × q8_K activations

/**
 * Two packed q5_K rows (wa, wb) against one token (decode), as rows2Q4_K in relaxed-k.ts: each
 * activation load, each super-block's activation sums and scale shared by the two rows; per chunk of
 * 64 values the codes `a & 0x1f` (sub-block 2c) and highCodes(a, e) (2c + 1). Lanes 0, 1 of the
 * result: the two rows' dot products.
 */
@inline function rows2Q5_K(wa: usize, wb: usize, nb: i32, k: i32, t: i32, xs: usize, xq8: usize, xsum: usize): v128 {
  const m5 = i8x16.splat(0x1f);
  let acc = f32x4.splat(0);
  let pa = wa;
  let pb = wb;
  let sp = xs + ((<usize>t * nb) << 2);
  let qp = xq8 + <usize>t * k;
  let bp = xsum + ((<usize>t * (k >> 4)) << 2);
  const wEnd = wa + <usize>nb * 176;
  while (pa < wEnd) {
    // The 8 sub-block scales of each row as bytes of a u64 (in a general register: the vector
    // registers are all taken by the loop below), a chunk's two splatted as it comes.
    let sa = scalesK(pa);
    let sb = scalesK(pb);
    let ia = i32x4.splat(0);
    let ib = i32x4.splat(0);
    let ea0 = v128.load(pa, 16);
    let ea1 = v128.load(pa, 32);
    let eb0 = v128.load(pb, 16);
    let eb1 = v128.load(pb, 32);
    let qa = pa + 48;
    let qb = pb + 48;
    const qEnd = pa + 176;
    do {
      const x0 = v128.load(qp);
      const x1 = v128.load(qp, 16);
      const x2 = v128.load(qp, 32);
      const x3 = v128.load(qp, 48);
      const a0 = v128.load(qa);
      const a1 = v128.load(qa, 16);
      // Pair sums ≤ 2·127·31, so two halves add in i16 without overflow.
      const alo = i16x8.add(dot8x16(x0, v128.and(a0, m5)), dot8x16(x1, v128.and(a1, m5)));
      const ahi = i16x8.add(dot8x16(x2, highCodes(a0, ea0)), dot8x16(x3, highCodes(a1, ea1)));
      ia = i32x4.add(ia, i32x4.add(i32x4.dot_i16x8_s(alo, i16x8.splat(<i16>(sa & 0xff))), i32x4.dot_i16x8_s(ahi, i16x8.splat(<i16>((sa >> 8) & 0xff)))));
      const b0 = v128.load(qb);
      const b1 = v128.load(qb, 16);
      const blo = i16x8.add(dot8x16(x0, v128.and(b0, m5)), dot8x16(x1, v128.and(b1, m5)));
      const bhi = i16x8.add(dot8x16(x2, highCodes(b0, eb0)), dot8x16(x3, highCodes(b1, eb1)));
      ib = i32x4.add(ib, i32x4.add(i32x4.dot_i16x8_s(blo, i16x8.splat(<i16>(sb & 0xff))), i32x4.dot_i16x8_s(bhi, i16x8.splat(<i16>((sb >> 8) & 0xff)))));
      // The next chunk's two scales, and its e bits down to bits 0–1.
      sa >>= 16;
      sb >>= 16;
      ea0 = i16x8.shr_u(ea0, 2);
      ea1 = i16x8.shr_u(ea1, 2);
      eb0 = i16x8.shr_u(eb0, 2);
      eb1 = i16x8.shr_u(eb1, 2);
      qa += 32;
      qb += 32;
      qp += 64;
    } while (qa < qEnd);
    // Σ q_x per 32 values (8 of them, each ≤ 32·127: fits i16), shared, against each row's 8 mins.
    const s32 = i16x8.narrow_i32x4_s(blockSums4(bp), blockSums4(bp + 32));
    // Lanes [Σ row a, Σ row b, mins a, mins b] after one transpose-and-add.
    const sums = hadd4(ia, ib, i32x4.dot_i16x8_s(s32, minsK(pa)), i32x4.dot_i16x8_s(s32, minsK(pb)));
    // [d_a, dmin_a] and [d_b, dmin_b] → [d_a, d_b, dmin_a, dmin_b] · d_x.
    const fa = f16x2at(pa);
    const fb = f16x2at(pb);
    acc = madd(f32x4.convert_i32x4_s(sums), f32x4.mul(i32x4.shuffle(fa, fb, 0, 4, 1, 5), f32x4.splat(load<f32>(sp))), acc);
    pa += 176;
    pb += 176;
    sp += 4;
    bp += 64;
  }
  // Lanes 0, 1 minus lanes 2, 3: each row's Σ d·d_x·isum − Σ dmin·d_x·msum.
  return f32x4.sub(acc, i32x4.shuffle(acc, acc, 2, 3, 2, 3));
}

/** The 8 6-bit sub-block scales of the q4_K/q5_K super-block at wp, byte j = scale j (ggml's get_scale_min_k4). */
@inline function scalesK(wp: usize): u64 {
  const u0 = load<u32>(wp, 4);
  const u2 = load<u32>(wp, 12);
  return <u64>(u0 & 0x3f3f3f3f) | (<u64>((u2 & 0x0f0f0f0f) | (((u0 >> 6) & 0x03030303) << 4)) << 32);
}

/** The 8 6-bit mins of the q4_K/q5_K super-block at wp, in i16 lanes. */
@inline function minsK(wp: usize): v128 {
  const u0 = load<u32>(wp, 4);
  const u1 = load<u32>(wp, 8);
  const u2 = load<u32>(wp, 12);
  const m = <u64>(u1 & 0x3f3f3f3f) | (<u64>(((u2 >> 4) & 0x0f0f0f0f) | (((u1 >> 6) & 0x03030303) << 4)) << 32);
  return i16x8.extend_low_i8x16_u(i64x2.splat(m));
}

/** Σ_i sums[i]·wv[i] for 8 per-16 activation sums (i32 at bp) and 8 i16 weights wv, as i32x4 lanes to be summed. */
@inline function sums16x8(bp: usize, wv: v128): v128 {
  // 8 sums of 16 values, each ≤ 16·127: narrowed to i16 without loss, then one pmaddwd.
  return i32x4.dot_i16x8_s(i16x8.narrow_i32x4_s(v128.load(bp), v128.load(bp, 16)), wv);
}

/**
 * One packed q5_K row against 4 tokens (t..t+3) — the prefill kernel, as tile4Q4_K in relaxed-k.ts:
 * per super-block the scales and mins unpacked once for the 4 tokens; per chunk the low codes, then
 * the high ones, each dotted with the 4 tokens (a loop, not unrolled: see relaxed-k.ts).
 */
@inline function tile4Q5_K(wr: usize, nb: i32, k: i32, t: i32, xs: usize, xq8: usize, xsum: usize): v128 {
  const m5 = i8x16.splat(0x1f);
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
    let xp = x0 + (<usize>b << 8);
    let e0 = v128.load(wp, 16);
    let e1 = v128.load(wp, 32);
    let q = wp + 48;
    let sj = scs;
    const qEnd = wp + 176;
    do {
      const a0 = v128.load(q);
      const a1 = v128.load(q, 16);
      let c0 = v128.and(a0, m5);
      let c1 = v128.and(a1, m5);
      for (let p = 0; p < 2; p++) {
        const sc = i16x8.splat(<i16>(sj & 0xff));
        // Pair sums ≤ 2·127·31, so two halves add in i16 without overflow.
        i0 = i32x4.add(i0, i32x4.dot_i16x8_s(i16x8.add(dot8x16(v128.load(xp), c0), dot8x16(v128.load(xp, 16), c1)), sc));
        i1 = i32x4.add(i1, i32x4.dot_i16x8_s(i16x8.add(dot8x16(v128.load(xp + qStride), c0), dot8x16(v128.load(xp + qStride, 16), c1)), sc));
        i2 = i32x4.add(i2, i32x4.dot_i16x8_s(i16x8.add(dot8x16(v128.load(xp + 2 * qStride), c0), dot8x16(v128.load(xp + 2 * qStride, 16), c1)), sc));
        i3 = i32x4.add(i3, i32x4.dot_i16x8_s(i16x8.add(dot8x16(v128.load(xp + 3 * qStride), c0), dot8x16(v128.load(xp + 3 * qStride, 16), c1)), sc));
        // Sub-block 2c + 1 next: the high codes.
        c0 = highCodes(a0, e0);
        c1 = highCodes(a1, e1);
        sj >>= 8;
        xp += 32;
      }
      e0 = i16x8.shr_u(e0, 2);
      e1 = i16x8.shr_u(e1, 2);
      q += 32;
    } while (q < qEnd);
    // Mins: Σ_j m_j·(Σ q_x over sub-block j) per token, from the 16 sums per 16 against each min twice.
    const mv = i64x2.splat(mns);
    const mlo = i16x8.extend_low_i8x16_u(i8x16.shuffle(mv, mv, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7));
    const mhi = i16x8.extend_high_i8x16_u(i8x16.shuffle(mv, mv, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7));
    const bp = bs0 + (<usize>b << 6);
    const m = hadd4(minsDot(bp, mlo, mhi), minsDot(bp + bStride, mlo, mhi), minsDot(bp + 2 * bStride, mlo, mhi), minsDot(bp + 3 * bStride, mlo, mhi));
    const sp = s0 + (<usize>b << 2);
    let dx = f32x4.splat(load<f32>(sp));
    dx = f32x4.replace_lane(dx, 1, load<f32>(sp + sStride));
    dx = f32x4.replace_lane(dx, 2, load<f32>(sp + 2 * sStride));
    dx = f32x4.replace_lane(dx, 3, load<f32>(sp + 3 * sStride));
    const dd = f16x2at(wp);
    acc = madd(f32x4.convert_i32x4_s(hadd4(i0, i1, i2, i3)), f32x4.mul(dx, i32x4.shuffle(dd, dd, 0, 0, 0, 0)), acc);
    macc = madd(f32x4.convert_i32x4_s(m), f32x4.mul(dx, i32x4.shuffle(dd, dd, 1, 1, 1, 1)), macc);
    wp += 176;
  }
  return f32x4.sub(acc, macc);
}

/** Σ_j mins_j · Σ q_x over sub-block j of one token's super-block (sums per 16 at bp; mins doubled, 0–3 in mlo, 4–7 in mhi). */
@inline function minsDot(bp: usize, mlo: v128, mhi: v128): v128 {
  return i32x4.add(sums16x8(bp, mlo), sums16x8(bp + 32, mhi));
}

/**
 * Packed q5_K × q8_K with 8-bit dots. Several tokens: tiles of 4 tokens × 1 row (tile4Q5_K) over
 * groups of rows that stay in cache. One token (and the n % 4 last ones): two rows at a time
 * (rows2Q5_K), paired half the range apart (two weight streams, as matmulQ4_KR).
 */
export function matmulQ5_KR(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const nb = k >> 8;
  const rowBytes = <usize>nb * 176;
  const n4 = n & ~3;
  if (n4 > 0) {
    const rt = rowTile(rowBytes);
    for (let g = r0; g < r1; g += rt) {
      const g1 = min(r1, g + rt);
      for (let t = 0; t < n4; t += 4) {
        for (let r = g; r < g1; r++) store4(out, rows, t, r, tile4Q5_K(w + <usize>r * rowBytes, nb, k, t, xs, x, xsum));
      }
    }
  }
  const h = (r1 - r0) >> 1;
  for (let i = 0; i < h; i++) {
    const ra = r0 + i;
    const rb = ra + h;
    for (let t = n4; t < n; t++) {
      const v = rows2Q5_K(w + <usize>ra * rowBytes, w + <usize>rb * rowBytes, nb, k, t, xs, x, xsum);
      store<f32>(out + ((<usize>t * rows + ra) << 2), f32x4.extract_lane(v, 0));
      store<f32>(out + ((<usize>t * rows + rb) << 2), f32x4.extract_lane(v, 1));
    }
  }
  if ((r1 - r0) & 1) {
    const r = r1 - 1;
    const wr = w + <usize>r * rowBytes;
    for (let t = n4; t < n; t++) store<f32>(out + ((<usize>t * rows + r) << 2), f32x4.extract_lane(rows2Q5_K(wr, wr, nb, k, t, xs, x, xsum), 0));
  }
}

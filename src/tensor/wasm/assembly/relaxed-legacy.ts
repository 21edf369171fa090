// Relaxed-SIMD decode kernels for ggml's other 32-value blocks: q5_0 (a fifth bit per value, offset
// −16), q4_1 and q5_1 (an f16 min m per block: x = d·code + m). Part of kernels-relaxed.wasm through
// relaxed.ts (see its header for the 8-bit dot and the offset trick). `x` points at the i8 activations.
// q5_0/q5_1 weights whose rows are whole groups of 128 values are repacked and read by relaxed-q5.ts;
// these kernels serve the other widths in ggml's layout.
//
// Block layouts (bytes): q4_1 = d, m, 16 nibble bytes (20); q5_0 = d, qh (u32), 16 (22);
// q5_1 = d, m, qh, 16 (24). Value j of a block: low nibble of byte j (j < 16) or high nibble of byte
// j − 16, plus bit j of qh times 16 for the 5-bit kinds.
//
// A block contributes, with Σq_x the sum of its 32 activation codes (the quantizer's sums per 16):
//   q5_0:        d_w·d_x·(Σ code·q_x − 16·Σq_x)
//   q4_1, q5_1:  d_w·d_x·Σ code·q_x + m_w·d_x·Σq_x

import { dot8x16, F16_REBIAS, f16at, f16bits, f16pair, hadd2, hadd4, madd, rowTile, store4 } from "./common";
import { TILE8_BLOCK, tile8Q4 } from "./tile8";

/**
 * The fifth bits of 16 values as byte lanes: 0x10 where the lane's bit is set, from `bytes` whose
 * lanes 0–7 hold one qh byte and lanes 8–15 the next (lane j tests bit j % 8).
 */
@inline function fifthBits(bytes: v128): v128 {
  const mask = i8x16(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);
  return v128.and(i8x16.eq(v128.and(bytes, mask), mask), i8x16.splat(0x10));
}

/**
 * The codes (0..31) of values 0..15 (lo) and 16..31 (hi) of a block from its nibble bytes q and its
 * qh word (lanes 0–3 of qh; QH < 0: 4-bit codes, no qh). The qh bytes are spread with
 * relaxed_swizzle (one pshufb, whose index vector V8 keeps in a register; an i8x16.shuffle rebuilds
 * its constant mask at every use, 4 more instructions, and swizzle adds a saturating add). These
 * serve q5_0/q5_1 rows that are not whole groups of 128 values; the others are repacked
 * (relaxed-q5.ts).
 */
@inline function codesLo(q: v128, qh: v128, QH: i32): v128 {
  const lo = v128.and(q, i8x16.splat(0x0f));
  if (QH < 0) return lo;
  return v128.or(lo, fifthBits(i8x16.relaxed_swizzle(qh, i8x16(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1))));
}

@inline function codesHi(q: v128, qh: v128, QH: i32): v128 {
  const hi = v128.and(i16x8.shr_u(q, 4), i8x16.splat(0x0f));
  if (QH < 0) return hi;
  return v128.or(hi, fifthBits(i8x16.relaxed_swizzle(qh, i8x16(2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3))));
}

/**
 * Integer dot of one block's codes (0..31, weights at wp) with its 32 i8 activations (x0: values
 * 0..15, x1: 16..31), as i32 lanes to be summed. QS: offset of the nibbles; QH: of qh, or −1.
 */
@inline function dotBlock(wp: usize, x0: v128, x1: v128, QS: usize, QH: i32): v128 {
  const q = v128.load(wp + QS);
  const qh = QH >= 0 ? v128.load32_zero(wp + <usize>QH) : i32x4.splat(0);
  // Pair sums ≤ 2·127·31 each; two of them still fit i16.
  return i32x4.extadd_pairwise_i16x8_s(i16x8.add(dot8x16(x0, codesLo(q, qh, QH)), dot8x16(x1, codesHi(q, qh, QH))));
}

/**
 * Two rows (blocks at wa and wb) against one token (scales at sp, i8 values at qp, sums per 16 at
 * bp), two blocks per step — as rowPairQ4_0 in relaxed.ts: the four (row, block) sums gathered into
 * [A0, B0, A1, B1], scaled by d_w·d_x per lane, and the offset (OFF: 16 for q5_0) or the min (M:
 * offset of m, or −1) applied through Σq_x. BB: bytes per block. Lanes [A, B, A, B] to be summed per row.
 */
@inline function rowPair(wa: usize, wb: usize, nb: i32, sp: usize, qp: usize, bp: usize, BB: usize, QS: usize, QH: i32, M: i32, OFF: i32): v128 {
  let acc = f32x4.splat(0);
  const spEnd = sp + (<usize>(nb & ~1) << 2);
  for (; sp < spEnd; sp += 8) {
    const x0 = v128.load(qp);
    const x1 = v128.load(qp, 16);
    const x2 = v128.load(qp, 32);
    const x3 = v128.load(qp, 48);
    const s = hadd4(dotBlock(wa, x0, x1, QS, QH), dotBlock(wb, x0, x1, QS, QH), dotBlock(wa + BB, x2, x3, QS, QH), dotBlock(wb + BB, x2, x3, QS, QH));
    const sums = v128.load(bp); // the two blocks' Σq_x per 16: [s0, s1, s2, s3]
    const sx = i32x4.add(
      i8x16.shuffle(sums, sums, 0, 1, 2, 3, 0, 1, 2, 3, 8, 9, 10, 11, 8, 9, 10, 11),
      i8x16.shuffle(sums, sums, 4, 5, 6, 7, 4, 5, 6, 7, 12, 13, 14, 15, 12, 13, 14, 15),
    ); // [S0, S0, S1, S1]
    const dx = v128.load64_zero(sp);
    const dxr = f32x4.mul(i8x16.shuffle(dx, dx, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7), f32x4.splat(F16_REBIAS));
    const dw = i64x2.replace_lane(f16pair(wa, wb), 1, (<u64>f16bits(wb + BB) << 32) | <u64>f16bits(wa + BB));
    if (M < 0) {
      acc = madd(f32x4.convert_i32x4_s(i32x4.sub(s, i32x4.mul(sx, i32x4.splat(OFF)))), f32x4.mul(dw, dxr), acc);
    } else {
      const mw = i64x2.replace_lane(f16pair(wa + <usize>M, wb + <usize>M), 1, (<u64>f16bits(wb + BB + <usize>M) << 32) | <u64>f16bits(wa + BB + <usize>M));
      acc = madd(f32x4.convert_i32x4_s(s), f32x4.mul(dw, dxr), acc);
      acc = madd(f32x4.convert_i32x4_s(sx), f32x4.mul(mw, dxr), acc);
    }
    wa += BB << 1;
    wb += BB << 1;
    qp += 64;
    bp += 16;
  }
  if (nb & 1) {
    // The odd last block: lanes [A, B, A, B] of it alone (hadd2), its Σq_x split [s0, s0, s1, s1].
    const x0 = v128.load(qp);
    const x1 = v128.load(qp, 16);
    const s = hadd2(dotBlock(wa, x0, x1, QS, QH), dotBlock(wb, x0, x1, QS, QH));
    const sums = v128.load64_zero(bp);
    const sx = i8x16.shuffle(sums, sums, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7);
    const dxr = f32x4.splat(load<f32>(sp) * F16_REBIAS);
    if (M < 0) {
      acc = madd(f32x4.convert_i32x4_s(i32x4.sub(s, i32x4.mul(sx, i32x4.splat(OFF)))), f32x4.mul(f16pair(wa, wb), dxr), acc);
    } else {
      acc = madd(f32x4.convert_i32x4_s(s), f32x4.mul(f16pair(wa, wb), dxr), acc);
      acc = madd(f32x4.convert_i32x4_s(sx), f32x4.mul(f16pair(wa + <usize>M, wb + <usize>M), dxr), acc);
    }
  }
  return acc;
}

/** Tokens [t0, n) one at a time, rows in pairs half the range apart (two weight streams, as tokensQ4_0R). */
@inline function tokens(out: usize, t0: i32, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, x: usize, xsum: usize, BB: usize, QS: usize, QH: i32, M: i32, OFF: i32): void {
  const nb = k >> 5;
  const rowBytes = <usize>nb * BB;
  const half = (r1 - r0) >> 1;
  for (let r = r0; r < r0 + half; r++) {
    const wa = w + <usize>r * rowBytes;
    const wb = wa + <usize>half * rowBytes;
    for (let t = t0; t < n; t++) {
      const acc = rowPair(wa, wb, nb, xs + ((<usize>t * nb) << 2), x + <usize>t * k, xsum + ((<usize>t * (k >> 4)) << 2), BB, QS, QH, M, OFF);
      const o = out + ((<usize>t * rows + r) << 2);
      store<f32>(o, f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 2));
      store<f32>(o + (<usize>half << 2), f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 3));
    }
  }
  if ((r1 - r0) & 1) {
    const r = r1 - 1;
    const wr = w + <usize>r * rowBytes;
    for (let t = t0; t < n; t++) {
      const acc = rowPair(wr, wr, nb, xs + ((<usize>t * nb) << 2), x + <usize>t * k, xsum + ((<usize>t * (k >> 4)) << 2), BB, QS, QH, M, OFF);
      store<f32>(out + ((<usize>t * rows + r) << 2), f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 2));
    }
  }
}

/** Integer dot of a block's codes (lo: values 0..15, hi: 16..31) with 32 i8 activations at qp. */
@inline function dotCodes(lo: v128, hi: v128, qp: usize): v128 {
  return i32x4.extadd_pairwise_i16x8_s(i16x8.add(dot8x16(v128.load(qp), lo), dot8x16(v128.load(qp, 16), hi)));
}

/**
 * One weight row against 4 tokens (t..t+3) — the prefill kernel, as tile4Q4_0 in relaxed.ts: each
 * block's codes are unpacked once for the 4 tokens, whose integer sums are gathered into one vector
 * and scaled (and offset, or given the min term) with the 4 tokens' d_x and Σq_x side by side
 * (tileActs32). Lane j of the result = out(t+j, row).
 */
@inline function tile4(wr: usize, nb: i32, k: i32, t: i32, xq8: usize, xt: usize, BB: usize, QS: usize, QH: i32, M: i32, OFF: i32): v128 {
  const qStride = <usize>k;
  const q0 = xq8 + <usize>t * qStride;
  const tp = xt + ((<usize>(t >> 2) * nb) << 5);
  let acc = f32x4.splat(0);
  let wp = wr;
  for (let b = 0; b < nb; b++) {
    const q = v128.load(wp + QS);
    const qh = QH >= 0 ? v128.load32_zero(wp + <usize>QH) : i32x4.splat(0);
    const lo = codesLo(q, qh, QH);
    const hi = codesHi(q, qh, QH);
    const qp = q0 + (<usize>b << 5);
    const tb = tp + (<usize>b << 5); // the 4 tokens' d_x, then their Σ q_x (tileActs32)
    const s = hadd4(dotCodes(lo, hi, qp), dotCodes(lo, hi, qp + qStride), dotCodes(lo, hi, qp + 2 * qStride), dotCodes(lo, hi, qp + 3 * qStride));
    const dx = v128.load(tb);
    const sx = v128.load(tb, 16);
    if (M < 0) {
      acc = madd(f32x4.convert_i32x4_s(i32x4.sub(s, i32x4.mul(sx, i32x4.splat(OFF)))), f32x4.mul(dx, f32x4.splat(f16at(wp))), acc);
    } else {
      acc = madd(f32x4.convert_i32x4_s(s), f32x4.mul(dx, f32x4.splat(f16at(wp))), acc);
      acc = madd(f32x4.convert_i32x4_s(sx), f32x4.mul(dx, f32x4.splat(f16at(wp + <usize>M))), acc);
    }
    wp += BB;
  }
  return acc;
}

/** n ≥ 4 tokens: tiles of 4 tokens × 1 row over groups of rows that stay in cache, then the n % 4 last tokens one by one. */
@inline function tiles(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xsum: usize, xt: usize, BB: usize, QS: usize, QH: i32, M: i32, OFF: i32, t0: i32 = 0): void {
  const nb = k >> 5;
  const rowBytes = <usize>nb * BB;
  const n4 = n & ~3;
  const rt = rowTile(rowBytes);
  for (let g = r0; g < r1; g += rt) {
    const g1 = min(r1, g + rt);
    for (let t = t0; t < n4; t += 4) {
      for (let r = g; r < g1; r++) store4(out, rows, t, r, tile4(w + <usize>r * rowBytes, nb, k, t, x, xt, BB, QS, QH, M, OFF));
    }
  }
  if (n4 < n) tokens(out, n4, n, w, k, rows, r0, r1, xs, x, xsum, BB, QS, QH, M, OFF);
}

/** q5_0 × 8-bit activations: x = d·(code − 16), code = nibble | fifth bit · 16. */
export function matmulQ5_0R(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  tokens(out, 0, n, w, k, rows, r0, r1, xs, x, xsum, 22, 6, 2, -1, 16);
}

/** matmulQ5_0R for n ≥ 4 tokens (tiles). */
export function matmulQ5_0TR(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize, xt: usize): void {
  tiles(out, x, n, w, k, rows, r0, r1, xs, xsum, xt, 22, 6, 2, -1, 16);
}

/** q4_1 × 8-bit activations: x = d·code + m. */
export function matmulQ4_1R(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  tokens(out, 0, n, w, k, rows, r0, r1, xs, x, xsum, 20, 4, -1, 2, 0);
}

export function matmulQ4_1TR(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize, xt: usize): void {
  // Tiles of 8 tokens first (tile8Q4; `xq` points at their interleaved activations,
  // interleaveTiles8), then the rest as the other types.
  const nb = k >> 5;
  const n8 = n & ~7;
  const rt = rowTile(<usize>nb * 20);
  const tileBytes = <usize>nb * TILE8_BLOCK;
  for (let g = r0; g < r1; g += rt) {
    const g1 = min(r1, g + rt);
    for (let t = 0; t < n8; t += 8) {
      const xp = xq + <usize>(t >> 3) * tileBytes;
      for (let r = g; r < g1; r++) tile8Q4(out, rows, t, r, w + <usize>r * 20 * <usize>nb, nb, xp, 20, 4, 2);
    }
  }
  tiles(out, x, n, w, k, rows, r0, r1, xs, xsum, xt, 20, 4, -1, 2, 0, n8);
}

/** q5_1 × 8-bit activations: x = d·code + m, code = nibble | fifth bit · 16. */
export function matmulQ5_1R(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  tokens(out, 0, n, w, k, rows, r0, r1, xs, x, xsum, 24, 8, 4, 2, 0);
}

export function matmulQ5_1TR(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize, xt: usize): void {
  tiles(out, x, n, w, k, rows, r0, r1, xs, xsum, xt, 24, 8, 4, 2, 0);
}

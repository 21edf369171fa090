// The same kernels as index.ts, plus faster versions of the 4/5/6-bit ones built on relaxed SIMD
// (build: npm run build:wasm, which compiles this file with --enable relaxed-simd into
// kernels-relaxed.wasm; the loader uses it when the engine accepts it).
//
// `i16x8.relaxed_dot_i8x16_i7x16_s(a, b)` multiplies 16 signed bytes a by 16 bytes b in 0..127 and
// adds neighbouring products: 16 multiply-adds in one instruction (x86: pmaddubsw), twice
// `i32x4.dot_i16x8_s`, and without widening the bytes to i16 first.
// Its second operand must be non-negative, so the weights go there as their unsigned codes
// (q4: 0..15, q5: 0..31, q6: 0..63) and the offset (−8, −16, −32) is applied afterwards through
// Σ q_x, which the quantizer stored per 16 values:  Σ (q_w − o)·q_x = Σ q_w·q_x − o·Σ q_x.
//
// For these kernels the `x` parameter points at the activations as i8 (xq8), not at f32 x.

export * from "./index";
export * from "./relaxed-k";
export * from "./relaxed-legacy";
export * from "./relaxed-q5";

import { dot8x16, F16_REBIAS, f16at, f16bits, f16pair, hadd2, hadd4, hadd4x16, madd, rowTile, store4 } from "./common";
import { TILE8_BLOCK, tile8Q4 } from "./tile8";

export { interleaveTiles8 } from "./tile8";

// Not `i32x4.relaxed_dot_i8x16_i7x16_add_s`: Node 20's V8 (11.3) miscompiles it when the
// accumulator is itself a dot result (it returned 2 × the outer dot in our tests). The
// i16 dot + pairwise add below is the same pmaddubsw + pmaddwd on x86.
@inline function dot8(q8: v128, codes: v128, acc: v128): v128 {
  return i32x4.add(acc, i32x4.extadd_pairwise_i16x8_s(i16x8.relaxed_dot_i8x16_i7x16_s(q8, codes)));
}



/** Integer dot of one q4_0 block's 16 code bytes q with its 32 i8 activations (x0: values 0..15, x1: 16..31). */
@inline function dotQ4_0(q: v128, x0: v128, x1: v128): v128 {
  const m4 = i8x16.splat(0x0f);
  return i32x4.extadd_pairwise_i16x8_s(i16x8.add(dot8x16(x0, v128.and(q, m4)), dot8x16(x1, v128.and(i16x8.shr_u(q, 4), m4))));
}

/** One q4_0 block's 16 code bytes q against its 32 i8 activations (x0: values 0..15, x1: 16..31): 8 i16 partial sums, each ≤ 2·2·127·15. */
@inline function dotQ4_0x16(q: v128, x0: v128, x1: v128): v128 {
  const m4 = i8x16.splat(0x0f);
  return i16x8.add(dot8x16(x0, v128.and(q, m4)), dot8x16(x1, v128.and(i16x8.shr_u(q, 4), m4)));
}

/**
 * Two q4_0 rows (blocks at wa and wb) against one token (scales at sp, i8 values at qp, sums per 16
 * at bp) — the decode kernel, as rowPairQ8_0 in quant.ts: activations loaded once for both rows, one
 * multiply-add per step for both. Two blocks per step (10 loads: fits the registers, unlike the
 * 4-block steps before, which spilled): the four (row, block) partial sums are folded in i16 and
 * gathered into [A0, B0, A1, B1] (hadd4x16), the −8·Σq_x of block b subtracted from lanes of block
 * b, and the lanes scaled by d_w·d_x. Returns lanes [A, B, A, B] to be summed per row; wb = wa
 * serves a range's odd last row.
 */
@inline function rowPairQ4_0(wa: usize, wb: usize, nb: i32, sp: usize, qp: usize, bp: usize): v128 {
  let acc = f32x4.splat(0);
  const spEnd = sp + (<usize>(nb & ~1) << 2);
  for (; sp < spEnd; sp += 8) {
    const x0 = v128.load(qp);
    const x1 = v128.load(qp, 16);
    const x2 = v128.load(qp, 32);
    const x3 = v128.load(qp, 48);
    // Lanes ≤ 7620: hadd4x16's folds stay within i16.
    const s = hadd4x16(dotQ4_0x16(v128.load(wa, 2), x0, x1), dotQ4_0x16(v128.load(wb, 2), x0, x1), dotQ4_0x16(v128.load(wa, 20), x2, x3), dotQ4_0x16(v128.load(wb, 20), x2, x3));
    // The two blocks' Σq_x per 16 [s0, s1, s2, s3] (each ≤ 16·127: their low i16 halves are the
    // values) → 8·[S0, S0, S1, S1] in one pmaddwd.
    const sums = v128.load(bp);
    const sx = i32x4.dot_i16x8_s(i8x16.shuffle(sums, sums, 0, 1, 4, 5, 0, 1, 4, 5, 8, 9, 12, 13, 8, 9, 12, 13), i16x8.splat(8));
    const dw = i64x2.replace_lane(f16pair(wa, wb), 1, (<u64>f16bits(wb + 18) << 32) | <u64>f16bits(wa + 18));
    const dx = v128.load64_zero(sp);
    const d = f32x4.mul(dw, f32x4.mul(i8x16.shuffle(dx, dx, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7), f32x4.splat(F16_REBIAS)));
    acc = madd(f32x4.convert_i32x4_s(i32x4.sub(s, sx)), d, acc);
    wa += 36;
    wb += 36;
    qp += 64;
    bp += 16;
  }
  if (nb & 1) {
    // The odd last block: lanes [A, B, A, B] of it alone (hadd2), its Σq_x in all four.
    const x0 = v128.load(qp);
    const x1 = v128.load(qp, 16);
    const s = hadd2(dotQ4_0(v128.load(wa, 2), x0, x1), dotQ4_0(v128.load(wb, 2), x0, x1));
    const sums = v128.load64_zero(bp);
    const sx = i8x16.shuffle(sums, sums, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7); // [s0, s0, s1, s1]: Σ per row = S
    const d = f32x4.mul(f16pair(wa, wb), f32x4.splat(load<f32>(sp) * F16_REBIAS));
    acc = madd(f32x4.convert_i32x4_s(i32x4.sub(s, i32x4.shl(sx, 3))), d, acc);
  }
  return acc;
}

/** Integer dot of q4_0 codes (lo: values 0..15, hi: 16..31, each 0..15) with 32 i8 activations at qp. */
@inline function dotCodes(lo: v128, hi: v128, qp: usize): v128 {
  return i32x4.extadd_pairwise_i16x8_s(i16x8.add(dot8x16(v128.load(qp), lo), dot8x16(v128.load(qp, 16), hi)));
}

/**
 * One q4_0 weight row against 4 tokens (t..t+3) — the prefill kernel: each block's nibbles are
 * unpacked once for all 4 tokens, whose integer sums are gathered into one vector (hadd4) and
 * scaled with one multiply-add. Lane j of the result = out(t+j, row).
 */
@inline function tile4Q4_0(wr: usize, nb: i32, k: i32, t: i32, xq8: usize, xt: usize): v128 {
  const m4 = i8x16.splat(0x0f);
  const qStride = <usize>k;
  const q0 = xq8 + <usize>t * qStride;
  const tp = xt + ((<usize>(t >> 2) * nb) << 5);
  let acc = f32x4.splat(0);
  let wp = wr;
  for (let b = 0; b < nb; b++) {
    const q = v128.load(wp, 2);
    const lo = v128.and(q, m4);
    const hi = v128.and(i16x8.shr_u(q, 4), m4);
    const qp = q0 + (<usize>b << 5);
    const tb = tp + (<usize>b << 5); // the 4 tokens' d_x, then their Σ q_x (tileActs32)
    const isum = i32x4.sub(
      hadd4(dotCodes(lo, hi, qp), dotCodes(lo, hi, qp + qStride), dotCodes(lo, hi, qp + 2 * qStride), dotCodes(lo, hi, qp + 3 * qStride)),
      i32x4.shl(v128.load(tb, 16), 3),
    );
    acc = madd(f32x4.convert_i32x4_s(isum), f32x4.mul(v128.load(tb), f32x4.splat(f16at(wp))), acc);
    wp += 18;
  }
  return acc;
}

/**
 * q4_0 × 8-bit activations: x = d·(code − 8), so a block contributes d_w·d_x·(Σ code·q_x − 8·Σ q_x).
 * One token at a time, two rows at a time (rowPairQ4_0).
 */
export function matmulQ4_0R(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  tokensQ4_0R(out, 0, n, w, k, rows, r0, r1, xs, x, xsum);
}

/**
 * matmulQ4_0R for n ≥ 4 tokens: tiles of 8 tokens × 1 row (tile8Q4; `xq` points at their
 * interleaved activations, interleaveTiles8), then a tile of 4 (tile4Q4_0) if n % 8 ≥ 4, over
 * groups of rows that stay in cache; then the n % 4 last tokens one by one. A kernel of its own,
 * as matmulQ8_0T.
 */
export function matmulQ4_0TR(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize, xt: usize): void {
  const nb = k >> 5;
  const rowBytes = <usize>nb * 18;
  const n8 = n & ~7;
  const n4 = n & ~3;
  const rt = rowTile(rowBytes);
  const tileBytes = <usize>nb * TILE8_BLOCK;
  for (let g = r0; g < r1; g += rt) {
    const g1 = min(r1, g + rt);
    for (let t = 0; t < n8; t += 8) {
      const xp = xq + <usize>(t >> 3) * tileBytes;
      for (let r = g; r < g1; r++) tile8Q4(out, rows, t, r, w + <usize>r * rowBytes, nb, xp, 18, 2, -1);
    }
    for (let t = n8; t < n4; t += 4) {
      for (let r = g; r < g1; r++) store4(out, rows, t, r, tile4Q4_0(w + <usize>r * rowBytes, nb, k, t, x, xt));
    }
  }
  if (n4 < n) tokensQ4_0R(out, n4, n, w, k, rows, r0, r1, xs, x, xsum);
}

/** Tokens [t0, n) one at a time (x: the i8 activations); rows in pairs half the range apart, as tokensQ8_0. */
@inline function tokensQ4_0R(out: usize, t0: i32, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, x: usize, xsum: usize): void {
  const nb = k >> 5;
  const rowBytes = <usize>nb * 18;
  const half = (r1 - r0) >> 1;
  for (let r = r0; r < r0 + half; r++) {
    const wa = w + <usize>r * rowBytes;
    const wb = wa + <usize>half * rowBytes;
    for (let t = t0; t < n; t++) {
      const acc = rowPairQ4_0(wa, wb, nb, xs + ((<usize>t * nb) << 2), x + <usize>t * k, xsum + ((<usize>t * (k >> 4)) << 2));
      const o = out + ((<usize>t * rows + r) << 2);
      store<f32>(o, f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 2));
      store<f32>(o + (<usize>half << 2), f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 3));
    }
  }
  if ((r1 - r0) & 1) {
    const r = r1 - 1;
    const wr = w + <usize>r * rowBytes;
    for (let t = t0; t < n; t++) {
      const acc = rowPairQ4_0(wr, wr, nb, xs + ((<usize>t * nb) << 2), x + <usize>t * k, xsum + ((<usize>t * (k >> 4)) << 2));
      store<f32>(out + ((<usize>t * rows + r) << 2), f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 2));
    }
  }
}

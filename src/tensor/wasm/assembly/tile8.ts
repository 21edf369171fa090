// Tiles of 8 tokens for the relaxed-SIMD prefill kernels (relaxed.ts, relaxed-k.ts,
// relaxed-legacy.ts): the activations of each tile laid out block by block, the reduction of the
// tokens' 16-bit pair sums to one 32-bit sum per token, and the tile of the 4-bit 32-value blocks.

import { dot8x16, f16at, madd, store4 } from "./common";

/**
 * Bytes per block and tile: two halves of 4 tokens, each their 4 × 32 i8 values, then their 4
 * scales d_x (f32), then their 4 Σ q_x (i32).
 */
export const TILE8_HALF: usize = 160;
export const TILE8_BLOCK: usize = 2 * TILE8_HALF;

/**
 * For the 8-token prefill tiles: the i8 activations (xq8), block scales (xs) and sums per 16 (xsum)
 * of each full tile of 8 tokens (t = 8T..8T+7), block by block — block b of tile T at
 * xi + (T·nb + b)·320, in two halves of 160 bytes for tokens 0–3 and 4–7: the 4 tokens' 32 values
 * each (token j at 32j), their 4 d_x, their 4 Σ q_x over the block — so a kernel reads everything
 * of a step from one pointer at constant offsets, in the order it uses it (with the token rows k
 * bytes apart, every load needed an address computation of its own).
 */
export function interleaveTiles8(n: i32, k: i32, xs: usize, xq8: usize, xsum: usize, xi: usize): void {
  const nb = k >> 5;
  const sStride = <usize>nb << 2;
  const bStride = <usize>(k >> 4) << 2;
  let dst = xi;
  for (let t = 0; t + 8 <= n; t += 8) {
    for (let b = 0; b < nb; b++) {
      for (let h: usize = 0; h < 8; h += 4) {
        const q = xq8 + (<usize>t + h) * <usize>k + (<usize>b << 5);
        const s = xs + (<usize>t + h) * sStride + (<usize>b << 2);
        const bp = xsum + (<usize>t + h) * bStride + (<usize>b << 3);
        for (let j: usize = 0; j < 4; j++) {
          v128.store(dst + (j << 5), v128.load(q + j * <usize>k));
          v128.store(dst + (j << 5), v128.load(q + j * <usize>k, 16), 16);
          store<f32>(dst + 128 + (j << 2), load<f32>(s + j * sStride));
          store<i32>(dst + 144 + (j << 2), load<i32>(bp + j * bStride) + load<i32>(bp + j * bStride, 4));
        }
        dst += TILE8_HALF;
      }
    }
  }
}

/**
 * Two tokens' vectors of i16 pair sums a and b folded into one: lanes 0–3 = a_i + a_{i+4}, lanes
 * 4–7 = b_i + b_{i+4} (one add of the two 64-bit halves of each). The sums stay in i16 as long as
 * 4 of the caller's lanes fit: the callers' lanes are ≤ 2·2·15·127 = 7620 (two 8-bit dots of 4-bit
 * codes), so 4 of them ≤ 30480 < 32767.
 */
@inline export function fold2(a: v128, b: v128): v128 {
  return i16x8.add(i64x2.shuffle(a, b, 0, 2), i64x2.shuffle(a, b, 1, 3));
}

/**
 * Four tokens' sums from two fold2 results ab, cd (lanes: 4 for a, 4 for b; 4 for c, 4 for d):
 * [Σa, Σb, Σc, Σd] as i32 — one more fold by 32-bit pairs, then the pairs of i16 lanes widened
 * and added (extadd). From 4 tokens' i16 vectors: 6 shuffles, 3 adds and 1 widening, where
 * widening each token first and a 32-bit transpose-and-add (hadd4) take 4 widenings and the same 9.
 */
@inline export function fold4(ab: v128, cd: v128): v128 {
  return i32x4.extadd_pairwise_i16x8_s(fold4i16(ab, cd));
}

/**
 * Bytes per 256-value super-block and 8-token tile of the K-quant tiles: for each of its 8
 * sub-blocks of 32 values, tokens 0–3 then 4–7 (128 bytes each: token j's 32 i8 values at 32j);
 * then the 8 tokens' scales d_x (f32); then, for tokens 0–3 and then 4–7, their sums Σ q_x as i16
 * in vectors of pairs of groups (2i, 2i+1): [S_2i(t0), S_2i+1(t0), S_2i(t1), S_2i+1(t1), …, t3],
 * so one pmaddwd with a pair of weights per group gives 4 tokens' share of a term. Groups of 32
 * values for q4_K (TILEK8_SUMS32: 4 vectors per 4 tokens, against [m_2i, m_2i+1, …], its mins),
 * of 16 for q6_K (8 vectors, against [s_2i, s_2i+1, …], its scales).
 */
export const TILEK8_SUMS32: usize = 8 * 256 + 32 + 128;
export const TILEK8_SUMS16: usize = 8 * 256 + 32 + 256;

/**
 * The K-quant 8-token tiles of the q8_K activations xs, xq8, xsum (sums per 16), with sums per
 * `group` (16 or 32) values; layout: TILEK8_SUMS32 / TILEK8_SUMS16.
 */
export function interleaveTilesK8(n: i32, k: i32, xs: usize, xq8: usize, xsum: usize, xi: usize, group: i32): void {
  const nb = k >> 8;
  const sStride = <usize>nb << 2;
  const bStride = <usize>(k >> 4) << 2;
  const groups: usize = group == 16 ? 16 : 8;
  const sumBytes = groups << 3; // per 4 tokens: 4 × groups i16
  let dst = xi;
  for (let t = 0; t + 8 <= n; t += 8) {
    for (let b = 0; b < nb; b++) {
      for (let j: usize = 0; j < 8; j++) {
        for (let i: usize = 0; i < 8; i++) {
          const q = xq8 + (<usize>t + i) * <usize>k + (<usize>b << 8) + (j << 5);
          v128.store(dst + (j << 8) + (i << 5), v128.load(q));
          v128.store(dst + (j << 8) + (i << 5), v128.load(q, 16), 16);
        }
      }
      for (let i: usize = 0; i < 8; i++) {
        store<f32>(dst + 2048 + (i << 2), load<f32>(xs + (<usize>t + i) * sStride + (<usize>b << 2)));
        const bp = xsum + (<usize>t + i) * bStride + (<usize>b << 6);
        // Tokens 0–3 first, then 4–7; the pair of groups (2g, 2g+1) in vector g.
        const base = dst + 2080 + (i >> 2) * sumBytes + ((i & 3) << 2);
        for (let j: usize = 0; j < groups; j++) {
          const s = groups == 16 ? load<i32>(bp + (j << 2)) : load<i32>(bp + (j << 3)) + load<i32>(bp + (j << 3), 4);
          store<i16>(base + ((j >> 1) << 4) + ((j & 1) << 1), <i16>s);
        }
      }
      dst += 2080 + 2 * sumBytes;
    }
  }
}

/**
 * Four tokens' i16 pair sums folded to 2 lanes each, still i16: [a, a, b, b, c, c, d, d] (each
 * lane a sum of 4 of the callers' lanes, ≤ 30480 for lanes ≤ 7620), ready for one pmaddwd by a
 * scale — fold4 without its widening.
 */
@inline export function fold4i16(ab: v128, cd: v128): v128 {
  return i16x8.add(i32x4.shuffle(ab, cd, 0, 2, 4, 6), i32x4.shuffle(ab, cd, 1, 3, 5, 7));
}

/**
 * One weight row of 4-bit 32-value blocks (q4_0, q4_1) against the 8 tokens of a tile (xp: its
 * first block, interleaveTiles8) — the prefill kernel: each block's nibbles are unpacked once for
 * the 8 tokens, their i16 pair sums folded to one i32 per token without widening each first (fold4),
 * and scaled with one multiply-add per 4 tokens. BB: bytes per block; QS: offset of its 16 nibble
 * bytes; M: offset of its f16 min m (q4_1: x = d·code + m, the term m·d_x·Σq_x), or −1 for q4_0's
 * x = d·(code − 8) (the term −8·Σq_x in the integer sum). The two halves of 4 tokens are an inner
 * loop of 2 steps that swaps the two accumulators, on purpose: V8 issues every load of a loop step
 * before its arithmetic, and the 16 activation loads of a whole block then spilled (two passes of
 * 4 tokens over each row instead ran 0.93× as fast). Stores out(t..t+7, r).
 */
@inline export function tile8Q4(out: usize, rows: i32, t: i32, r: i32, wr: usize, nb: i32, xp: usize, BB: usize, QS: usize, M: i32): void {
  const m4 = i8x16.splat(0x0f);
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  let wp = wr;
  const wEnd = wr + <usize>nb * BB;
  for (; wp < wEnd; wp += BB) {
    const q = v128.load(wp + QS);
    const lo = v128.and(q, m4);
    const hi = v128.and(i16x8.shr_u(q, 4), m4);
    const dw = f32x4.splat(f16at(wp));
    const mw = M >= 0 ? f32x4.splat(f16at(wp + <usize>M)) : dw;
    for (let h = 0; h < 2; h++) {
      // (Constant load offsets: V8 folds them into the address, not an add to the pointer.)
      const s = fold4(
        fold2(
          i16x8.add(dot8x16(v128.load(xp), lo), dot8x16(v128.load(xp, 16), hi)),
          i16x8.add(dot8x16(v128.load(xp, 32), lo), dot8x16(v128.load(xp, 48), hi)),
        ),
        fold2(
          i16x8.add(dot8x16(v128.load(xp, 64), lo), dot8x16(v128.load(xp, 80), hi)),
          i16x8.add(dot8x16(v128.load(xp, 96), lo), dot8x16(v128.load(xp, 112), hi)),
        ),
      );
      const dx = v128.load(xp, 128);
      let a: v128;
      if (M < 0) {
        // Σ (code − 8)·q_x = Σ code·q_x − 8·Σ q_x, then × d_w·d_x per token.
        a = madd(f32x4.convert_i32x4_s(i32x4.sub(s, i32x4.shl(v128.load(xp, 144), 3))), f32x4.mul(dx, dw), acc0);
      } else {
        a = madd(f32x4.convert_i32x4_s(s), f32x4.mul(dx, dw), acc0);
        a = madd(f32x4.convert_i32x4_s(v128.load(xp, 144)), f32x4.mul(dx, mw), a);
      }
      acc0 = acc1;
      acc1 = a;
      xp += TILE8_HALF;
    }
  }
  store4(out, rows, t, r, acc0);
  store4(out, rows, t + 4, r, acc1);
}

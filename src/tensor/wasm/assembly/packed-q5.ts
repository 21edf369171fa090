// The 5-bit block types repacked at load time (llama.cpp's "repack" idea) so that the kernels reach
// a value's fifth bit with one shift and one mask on 16 lanes at once. In ggml's layout the 32
// fifth bits of a q5_0/q5_1 block are one u32 (bit j for value j): spreading them to byte lanes costs a
// shuffle, two ands, a compare and an or per 16 values — about as much as the rest of the block.
// The packed layouts keep each block's bytes (in place, same size) but store its 5-bit codes c
// (0..31) as:
//
//   q5_0, groups of 4 blocks (128 values, 88 bytes)     q5_1, groups of 4 blocks (96 bytes)
//     0  d[4]   f16, block j's scale                       0  d[4]    8  m[4]  (f16)
//     8  v[4][16]  v_j[l] = c_j[l] | (c_j[16+l] >> 2) << 5  16  v[4][16]
//    72  e[16]     e[l] = Σ_j (c_j[16+l] & 3) << 2j          80  e[16]
//
//   q5_K, each super-block of 256 values (176 bytes)
//     0  d, dmin (f16), scales[12]          unchanged
//    16  e[32]     e[l] = Σ_c (c[64c+32+l] & 3) << 2c       (chunk c = values 64c .. 64c+63)
//    48  a[4][32]  a_c[l] = c[64c+l] | (c[64c+32+l] >> 2) << 5
//
// so the first 16 codes of a block (of a q5_K chunk: its first 32) are `v & 0x1f`, and the others
// `(v & 0xe0) >> 3 | (e >> 2j) & 3`. src/tensor/quant/packed-q5.ts is the plain reference (pack,
// unpack, dequantize) and src/tensor/repack.ts decides when a weight is packed.
//
// This file: the packers (in place) and the plain-SIMD kernels of the packed layouts; relaxed-q5.ts
// has the relaxed-SIMD ones.

import { blockSums4, f16, f16x2at, hsum, madd } from "./common";

/** The fifth bits of 16 values of a ggml q5 block as byte lanes 0/0x10: lane l ← bit `first` + l of qh. */
@inline function spreadBits(qh: u32, first: i32): v128 {
  const bytes = i8x16.swizzle(i32x4.splat(qh >> first), i8x16(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1));
  const bits = i8x16(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);
  return v128.and(i8x16.eq(v128.and(bytes, bits), bits), i8x16.splat(0x10));
}

/** A packed byte lane: code lo (0..31) in bits 0–4, the top 3 bits of code hi in bits 5–7. */
@inline function packLane(lo: v128, hi: v128): v128 {
  return v128.or(lo, i8x16.shl(i8x16.shr_u(hi, 2), 5));
}

/**
 * Packs `groups` groups of 4 ggml blocks at w in place (q5_0: BB = 22, QH = 2, QS = 6, H = 2; q5_1:
 * BB = 24, QH = 4, QS = 8, H = 4 — H: bytes of f16 scales before qh, which move to the group's front).
 */
@inline function packGroups(w: usize, groups: i32, BB: usize, QH: usize, QS: usize, H: usize): void {
  const m4 = i8x16.splat(0x0f);
  const three = i8x16.splat(3);
  for (let g = 0; g < groups; g++) {
    const p = w + <usize>g * (BB << 2);
    // Everything is read before anything is written: the packed group overlays the same 4·BB bytes.
    const q0 = v128.load(p + QS);
    const q1 = v128.load(p + BB + QS);
    const q2 = v128.load(p + 2 * BB + QS);
    const q3 = v128.load(p + 3 * BB + QS);
    const h0 = load<u32>(p + QH);
    const h1 = load<u32>(p + BB + QH);
    const h2 = load<u32>(p + 2 * BB + QH);
    const h3 = load<u32>(p + 3 * BB + QH);
    const d0 = load<u32>(p);
    const d1 = load<u32>(p + BB);
    const d2 = load<u32>(p + 2 * BB);
    const d3 = load<u32>(p + 3 * BB);
    const hiCodes0 = v128.or(i8x16.shr_u(q0, 4), spreadBits(h0, 16));
    const hiCodes1 = v128.or(i8x16.shr_u(q1, 4), spreadBits(h1, 16));
    const hiCodes2 = v128.or(i8x16.shr_u(q2, 4), spreadBits(h2, 16));
    const hiCodes3 = v128.or(i8x16.shr_u(q3, 4), spreadBits(h3, 16));
    const v = p + (H << 2);
    v128.store(v, packLane(v128.or(v128.and(q0, m4), spreadBits(h0, 0)), hiCodes0));
    v128.store(v, packLane(v128.or(v128.and(q1, m4), spreadBits(h1, 0)), hiCodes1), 16);
    v128.store(v, packLane(v128.or(v128.and(q2, m4), spreadBits(h2, 0)), hiCodes2), 32);
    v128.store(v, packLane(v128.or(v128.and(q3, m4), spreadBits(h3, 0)), hiCodes3), 48);
    let e = v128.and(hiCodes0, three);
    e = v128.or(e, i8x16.shl(v128.and(hiCodes1, three), 2));
    e = v128.or(e, i8x16.shl(v128.and(hiCodes2, three), 4));
    e = v128.or(e, i8x16.shl(v128.and(hiCodes3, three), 6));
    v128.store(v, e, 64);
    // The scales: d0..d3 (then m0..m3 for q5_1) side by side at the front.
    store<u16>(p, <u16>d0);
    store<u16>(p, <u16>d1, 2);
    store<u16>(p, <u16>d2, 4);
    store<u16>(p, <u16>d3, 6);
    if (H == 4) {
      store<u16>(p, <u16>(d0 >> 16), 8);
      store<u16>(p, <u16>(d1 >> 16), 10);
      store<u16>(p, <u16>(d2 >> 16), 12);
      store<u16>(p, <u16>(d3 >> 16), 14);
    }
  }
}

/** q5_0 blocks at w (groups·4 of them, 22 bytes each) → the packed layout, in place. */
export function packQ5_0(w: usize, groups: i32): void {
  packGroups(w, groups, 22, 2, 6, 2);
}

/** q5_1 blocks at w (groups·4 of them, 24 bytes each) → the packed layout, in place. */
export function packQ5_1(w: usize, groups: i32): void {
  packGroups(w, groups, 24, 4, 8, 4);
}

/** q5_K super-blocks at w (176 bytes each) → the packed layout, in place. */
export function packQ5_K(w: usize, superBlocks: i32): void {
  const m4 = i8x16.splat(0x0f);
  const one = i8x16.splat(1);
  const three = i8x16.splat(3);
  for (let b = 0; b < superBlocks; b++) {
    const p = w + <usize>b * 176;
    // qh[l]: bit 2c = fifth bit of value 64c + l, bit 2c + 1 = of value 64c + 32 + l.
    let h0 = v128.load(p, 16);
    let h1 = v128.load(p, 32);
    let e0 = i32x4.splat(0);
    let e1 = i32x4.splat(0);
    for (let c = 0; c < 4; c++) {
      const q = p + 48 + (<usize>c << 5);
      const q0 = v128.load(q);
      const q1 = v128.load(q, 16);
      const hi0 = v128.or(i8x16.shr_u(q0, 4), i8x16.shl(v128.and(i8x16.shr_u(h0, 1), one), 4));
      const hi1 = v128.or(i8x16.shr_u(q1, 4), i8x16.shl(v128.and(i8x16.shr_u(h1, 1), one), 4));
      v128.store(q, packLane(v128.or(v128.and(q0, m4), i8x16.shl(v128.and(h0, one), 4)), hi0));
      v128.store(q, packLane(v128.or(v128.and(q1, m4), i8x16.shl(v128.and(h1, one), 4)), hi1), 16);
      e0 = v128.or(e0, i8x16.shl(v128.and(hi0, three), <i32>c << 1));
      e1 = v128.or(e1, i8x16.shl(v128.and(hi1, three), <i32>c << 1));
      h0 = i8x16.shr_u(h0, 2);
      h1 = i8x16.shr_u(h1, 2);
    }
    v128.store(p, e0, 16);
    v128.store(p, e1, 32);
  }
}

/** packQ5_0 as a pool job: units [r0, r1) of those at w (the pool's row arguments; the others unused). */
export function packQ5_0Job(w: usize, _x: usize, _n: i32, _w: usize, _k: i32, _rows: i32, r0: i32, r1: i32): void {
  packQ5_0(w + <usize>r0 * 88, r1 - r0);
}

export function packQ5_1Job(w: usize, _x: usize, _n: i32, _w: usize, _k: i32, _rows: i32, r0: i32, r1: i32): void {
  packQ5_1(w + <usize>r0 * 96, r1 - r0);
}

export function packQ5_KJob(w: usize, _x: usize, _n: i32, _w: usize, _k: i32, _rows: i32, r0: i32, r1: i32): void {
  packQ5_K(w + <usize>r0 * 176, r1 - r0);
}

// ---------------------------------------------------------------- plain-SIMD kernels, packed layouts

/** Dot of 16 i8 weights (in a v128) with 16 i16 activations at p. */
@inline function dot16(q: v128, p: usize): v128 {
  return i32x4.add(
    i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(q), v128.load(p)),
    i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(q), v128.load(p, 16)),
  );
}

/** The high codes (0..31) of a packed 16-byte lane group v, whose low 2 bits are the low 2 bits of e. */
@inline function highCodes(v: v128, e: v128): v128 {
  return v128.or(i16x8.shr_u(v128.and(v, i8x16.splat(-32)), 3), v128.and(e, i8x16.splat(3)));
}

/**
 * Packed q5_0 (OFF = 16, M < 0) or q5_1 (M = 8: offset of m[4]) groups, one row and one token at a
 * time, with the i16 activations (x = d·(code − 16), or d·code + m). V, E: offsets of v and e; G:
 * bytes per group.
 */
@inline function tokensPacked(out: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize, G: usize, V: usize, E: usize, M: i32, OFF: i32): void {
  const ng = k >> 7;
  const rowBytes = <usize>ng * G;
  const m5 = i8x16.splat(0x1f);
  const off = i8x16.splat(<i8>OFF);
  for (let r = r0; r < r1; r++) {
    const wr = w + <usize>r * rowBytes;
    for (let t = 0; t < n; t++) {
      let acc = f32x4.splat(0);
      let macc: f32 = 0;
      let sp = xs + ((<usize>t * ng) << 4);
      let qp = xq + ((<usize>t * k) << 1);
      let bp = xsum + ((<usize>t * (k >> 4)) << 2);
      for (let g = 0; g < ng; g++) {
        const wp = wr + <usize>g * G;
        let e = v128.load(wp + E);
        for (let j: usize = 0; j < 4; j++) {
          const v = v128.load(wp + V + (j << 4));
          const s = i32x4.add(dot16(i8x16.sub(v128.and(v, m5), off), qp), dot16(i8x16.sub(highCodes(v, e), off), qp + 32));
          const dx = load<f32>(sp);
          acc = madd(f32x4.convert_i32x4_s(s), f32x4.splat(f16(load<u16>(wp + (j << 1))) * dx), acc);
          if (M >= 0) macc += <f32>(load<i32>(bp) + load<i32>(bp, 4)) * (f16(load<u16>(wp + <usize>M + (j << 1))) * dx);
          e = i16x8.shr_u(e, 2);
          sp += 4;
          qp += 64;
          bp += 8;
        }
      }
      store<f32>(out + ((<usize>t * rows + r) << 2), hsum(acc) + macc);
    }
  }
}

/** Packed q5_0 × 8-bit activations (plain SIMD): x = d·(code − 16). k: whole groups of 128. */
export function matmulQ5_0P(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  tokensPacked(out, n, w, k, rows, r0, r1, xs, xq, xsum, 88, 8, 72, -1, 16);
}

/** Packed q5_1 × 8-bit activations (plain SIMD): x = d·code + m. */
export function matmulQ5_1P(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  tokensPacked(out, n, w, k, rows, r0, r1, xs, xq, xsum, 96, 16, 80, 8, 0);
}

/**
 * Packed q5_K × q8_K (plain SIMD), one row and one token at a time: per super-block the 8 scales
 * and mins (ggml's get_scale_min_k4), a loop over its 4 chunks of 64 values (codes from a_c and e),
 * and the mins term Σ_j m_j·Σ q_x (j's 32 values) as one pmaddwd with the activation sums.
 */
export function matmulQ5_K(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const nb = k >> 8;
  const rowBytes = <usize>nb * 176;
  const m5 = i8x16.splat(0x1f);
  for (let r = r0; r < r1; r++) {
    const wr = w + <usize>r * rowBytes;
    const wEnd = wr + rowBytes;
    for (let t = 0; t < n; t++) {
      let acc = f32x4.splat(0);
      let macc = f32x4.splat(0);
      let wp = wr;
      let sp = xs + ((<usize>t * nb) << 2);
      let qp = xq + ((<usize>t * k) << 1);
      let bp = xsum + ((<usize>t * (k >> 4)) << 2);
      while (wp < wEnd) {
        const u0 = load<u32>(wp, 4);
        const u1 = load<u32>(wp, 8);
        const u2 = load<u32>(wp, 12);
        let sj = <u64>(u0 & 0x3f3f3f3f) | (<u64>((u2 & 0x0f0f0f0f) | (((u0 >> 6) & 0x03030303) << 4)) << 32);
        const mins = <u64>(u1 & 0x3f3f3f3f) | (<u64>(((u2 >> 4) & 0x0f0f0f0f) | (((u1 >> 6) & 0x03030303) << 4)) << 32);
        let isum = i32x4.splat(0);
        let e0 = v128.load(wp, 16);
        let e1 = v128.load(wp, 32);
        let q = wp + 48;
        const qEnd = wp + 176;
        do {
          const a0 = v128.load(q);
          const a1 = v128.load(q, 16);
          const dlo = i32x4.add(dot16(v128.and(a0, m5), qp), dot16(v128.and(a1, m5), qp + 32));
          const dhi = i32x4.add(dot16(highCodes(a0, e0), qp + 64), dot16(highCodes(a1, e1), qp + 96));
          isum = i32x4.add(isum, i32x4.mul(dlo, i32x4.splat(<i32>(sj & 0xff))));
          isum = i32x4.add(isum, i32x4.mul(dhi, i32x4.splat(<i32>((sj >> 8) & 0xff))));
          sj >>= 16;
          e0 = i16x8.shr_u(e0, 2);
          e1 = i16x8.shr_u(e1, 2);
          q += 32;
          qp += 128;
        } while (q < qEnd);
        const mv = i16x8.extend_low_i8x16_u(i64x2.splat(mins));
        const msum = i32x4.dot_i16x8_s(i16x8.narrow_i32x4_s(blockSums4(bp), blockSums4(bp + 32)), mv);
        const dd = f32x4.mul(f16x2at(wp), f32x4.splat(load<f32>(sp)));
        acc = madd(f32x4.convert_i32x4_s(isum), i32x4.shuffle(dd, dd, 0, 0, 0, 0), acc);
        macc = madd(f32x4.convert_i32x4_s(msum), i32x4.shuffle(dd, dd, 1, 1, 1, 1), macc);
        wp += 176;
        sp += 4;
        bp += 64;
      }
      store<f32>(out + ((<usize>t * rows + r) << 2), hsum(acc) - hsum(macc));
    }
  }
}

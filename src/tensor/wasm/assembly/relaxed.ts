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

import { blockSums4, f16, f16x4at, hadd4, hsum, madd } from "./common";

// Not `i32x4.relaxed_dot_i8x16_i7x16_add_s`: Node 20's V8 (11.3) miscompiles it when the
// accumulator is itself a dot result (it returned 2 × the outer dot in our tests). The
// i16 dot + pairwise add below is the same pmaddubsw + pmaddwd on x86.
@inline function dot8(q8: v128, codes: v128, acc: v128): v128 {
  return i32x4.add(acc, i32x4.extadd_pairwise_i16x8_s(i16x8.relaxed_dot_i8x16_i7x16_s(q8, codes)));
}

/** Pairwise 8-bit dot (i16 lanes: q8[2i]·c[2i] + q8[2i+1]·c[2i+1]; x86 pmaddubsw). */
@inline function dot8x16(q8: v128, codes: v128): v128 {
  return i16x8.relaxed_dot_i8x16_i7x16_s(q8, codes);
}

/** Σ of 16-bit pair sums times one scale, into i32 lanes (x86 pmaddwd): scale and widen in one step. */
@inline function scaled(pairs: v128, scale: i32): v128 {
  return i32x4.dot_i16x8_s(pairs, i16x8.splat(<i16>scale));
}

/** Integer dot of one q4_0 block's codes (0..15) at wp+2 with 32 i8 activations at qp. */
@inline function dotQ4_0(wp: usize, qp: usize): v128 {
  const q = v128.load(wp, 2);
  const m4 = i8x16.splat(0x0f);
  return i32x4.extadd_pairwise_i16x8_s(
    i16x8.add(dot8x16(v128.load(qp), v128.and(q, m4)), dot8x16(v128.load(qp, 16), v128.and(i16x8.shr_u(q, 4), m4))),
  );
}

/**
 * q4_0 × 8-bit activations: x = d·(code − 8), so a block contributes d_w·d_x·(Σ code·q_x − 8·Σ q_x).
 * Four blocks per step, as matmulQ8_0 in index.ts.
 */
export function matmulQ4_0R(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const nb = k >> 5;
  const nb4 = nb & ~3;
  const rowBytes = <usize>nb * 18;
  for (let r = r0; r < r1; r++) {
    const wr = w + <usize>r * rowBytes;
    for (let t = 0; t < n; t++) {
      let acc = f32x4.splat(0);
      let wp = wr;
      let sp = xs + ((<usize>t * nb) << 2);
      let qp = x + <usize>t * k;
      let bp = xsum + ((<usize>t * (k >> 4)) << 2);
      let b = 0;
      for (; b < nb4; b += 4) {
        const isum = i32x4.sub(
          hadd4(dotQ4_0(wp, qp), dotQ4_0(wp + 18, qp + 32), dotQ4_0(wp + 36, qp + 64), dotQ4_0(wp + 54, qp + 96)),
          i32x4.shl(blockSums4(bp), 3),
        );
        const d = f32x4.mul(f16x4at(wp, 18), v128.load(sp));
        acc = f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(isum), d));
        wp += 72;
        sp += 16;
        qp += 128;
        bp += 32;
      }
      let tail: f32 = 0;
      for (; b < nb; b++) {
        const s = dotQ4_0(wp, qp);
        const v = i32x4.extract_lane(s, 0) + i32x4.extract_lane(s, 1) + i32x4.extract_lane(s, 2) + i32x4.extract_lane(s, 3);
        const corr = 8 * (load<i32>(bp) + load<i32>(bp, 4));
        tail += <f32>(v - corr) * (f16(load<u16>(wp)) * load<f32>(sp));
        wp += 18;
        sp += 4;
        qp += 32;
        bp += 8;
      }
      store<f32>(out + ((<usize>t * rows + r) << 2), hsum(acc) + tail);
    }
  }
}

@inline function highBits(qh: u32, first: i32): v128 {
  const bytes = i8x16.swizzle(i32x4.splat(qh >> first), i8x16(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1));
  const bit = v128.and(bytes, i8x16(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128));
  return v128.and(i8x16.ne(bit, i8x16.splat(0)), i8x16.splat(0x10));
}

/** Integer dot of one q5_0 block's codes (0..31) with 32 i8 activations at qp. */
@inline function dotQ5_0(wp: usize, qp: usize): v128 {
  const m4 = i8x16.splat(0x0f);
  const qh = load<u32>(wp, 2);
  const q = v128.load(wp, 6);
  const lo = v128.or(v128.and(q, m4), highBits(qh, 0));
  const hi = v128.or(v128.and(i16x8.shr_u(q, 4), m4), highBits(qh, 16));
  // Pair sums ≤ 2·127·31 each; two of them still fit i16.
  return i32x4.extadd_pairwise_i16x8_s(i16x8.add(dot8x16(v128.load(qp), lo), dot8x16(v128.load(qp, 16), hi)));
}

/** q5_0 × 8-bit activations: x = d·(code − 16), code = nibble | fifth bit from qh. Four blocks per step. */
export function matmulQ5_0R(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const nb = k >> 5;
  const nb4 = nb & ~3;
  const rowBytes = <usize>nb * 22;
  for (let r = r0; r < r1; r++) {
    const wr = w + <usize>r * rowBytes;
    for (let t = 0; t < n; t++) {
      let acc = f32x4.splat(0);
      let wp = wr;
      let sp = xs + ((<usize>t * nb) << 2);
      let qp = x + <usize>t * k;
      let bp = xsum + ((<usize>t * (k >> 4)) << 2);
      let b = 0;
      for (; b < nb4; b += 4) {
        const isum = i32x4.sub(
          hadd4(dotQ5_0(wp, qp), dotQ5_0(wp + 22, qp + 32), dotQ5_0(wp + 44, qp + 64), dotQ5_0(wp + 66, qp + 96)),
          i32x4.shl(blockSums4(bp), 4),
        );
        const d = f32x4.mul(f16x4at(wp, 22), v128.load(sp));
        acc = f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(isum), d));
        wp += 88;
        sp += 16;
        qp += 128;
        bp += 32;
      }
      let tail: f32 = 0;
      for (; b < nb; b++) {
        const s = dotQ5_0(wp, qp);
        const v = i32x4.extract_lane(s, 0) + i32x4.extract_lane(s, 1) + i32x4.extract_lane(s, 2) + i32x4.extract_lane(s, 3);
        const corr = 16 * (load<i32>(bp) + load<i32>(bp, 4));
        tail += <f32>(v - corr) * (f16(load<u16>(wp)) * load<f32>(sp));
        wp += 22;
        sp += 4;
        qp += 32;
        bp += 8;
      }
      store<f32>(out + ((<usize>t * rows + r) << 2), hsum(acc) + tail);
    }
  }
}

@inline function byteOf(v: u64, j: i32): i32 {
  return <i32>((v >> (<u64>j << 3)) & 0xff);
}

/** i16 lane j of v in all lanes, for j = 0..7 (a byte shuffle needs constant lanes). */
@inline function lane0(v: v128): v128 {
  return i8x16.shuffle(v, v, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
}

@inline function lane1(v: v128): v128 {
  return i8x16.shuffle(v, v, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3);
}

@inline function lane2(v: v128): v128 {
  return i8x16.shuffle(v, v, 4, 5, 4, 5, 4, 5, 4, 5, 4, 5, 4, 5, 4, 5, 4, 5);
}

@inline function lane3(v: v128): v128 {
  return i8x16.shuffle(v, v, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7, 6, 7);
}

@inline function lane4(v: v128): v128 {
  return i8x16.shuffle(v, v, 8, 9, 8, 9, 8, 9, 8, 9, 8, 9, 8, 9, 8, 9, 8, 9);
}

@inline function lane5(v: v128): v128 {
  return i8x16.shuffle(v, v, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 11);
}

@inline function lane6(v: v128): v128 {
  return i8x16.shuffle(v, v, 12, 13, 12, 13, 12, 13, 12, 13, 12, 13, 12, 13, 12, 13, 12, 13);
}

@inline function lane7(v: v128): v128 {
  return i8x16.shuffle(v, v, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15, 14, 15);
}

/**
 * One 64-value chunk c of a q4_K super-block: sub-blocks 2c (low nibbles) and 2c+1 (high), each
 * 16-bit pair sum scaled by its sub-block's scale (lanes 2c, 2c+1 of sv) with one pmaddwd.
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

/**
 * q4_K × q8_K with 8-bit dots (layout: src/tensor/quant/kquants.ts). Per super-block the 8 scales
 * and 8 mins are unpacked once into i16 lanes; the mins term Σ_j m_j·Σ q_x (j's 32 values) is one
 * pmaddwd of the mins with the activation sums.
 */
export function matmulQ4_KR(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const nb = k >> 8;
  const rowBytes = <usize>nb * 144;
  for (let r = r0; r < r1; r++) {
    const wr = w + <usize>r * rowBytes;
    for (let t = 0; t < n; t++) {
      let acc = f32x4.splat(0);
      let macc = f32x4.splat(0);
      let wp = wr;
      let sp = xs + ((<usize>t * nb) << 2);
      let qp = x + <usize>t * k;
      let bp = xsum + ((<usize>t * (k >> 4)) << 2);
      for (let b = 0; b < nb; b++) {
        const u0 = load<u32>(wp, 4);
        const u1 = load<u32>(wp, 8);
        const u2 = load<u32>(wp, 12);
        const scs = <u64>(u0 & 0x3f3f3f3f) | (<u64>((u2 & 0x0f0f0f0f) | (((u0 >> 6) & 0x03030303) << 4)) << 32);
        const mns = <u64>(u1 & 0x3f3f3f3f) | (<u64>(((u2 >> 4) & 0x0f0f0f0f) | (((u1 >> 6) & 0x03030303) << 4)) << 32);
        const sv = i16x8.extend_low_i8x16_u(i64x2.splat(scs));
        const mv = i16x8.extend_low_i8x16_u(i64x2.splat(mns));
        const q = wp + 16;
        let isum = chunkQ4K(q, qp, lane0(sv), lane1(sv));
        isum = i32x4.add(isum, chunkQ4K(q + 32, qp + 64, lane2(sv), lane3(sv)));
        isum = i32x4.add(isum, chunkQ4K(q + 64, qp + 128, lane4(sv), lane5(sv)));
        isum = i32x4.add(isum, chunkQ4K(q + 96, qp + 192, lane6(sv), lane7(sv)));
        // Σ q_x per 32 values (8 of them, each ≤ 32·127: fits i16) against the 8 mins.
        const s01 = blockSums4(bp);
        const s23 = blockSums4(bp + 32);
        const msum = i32x4.dot_i16x8_s(i16x8.narrow_i32x4_s(s01, s23), mv);
        const dx = load<f32>(sp);
        acc = madd(f32x4.convert_i32x4_s(isum), f32x4.splat(f16(load<u16>(wp)) * dx), acc);
        macc = madd(f32x4.convert_i32x4_s(msum), f32x4.splat(f16(load<u16>(wp, 2)) * dx), macc);
        wp += 144;
        sp += 4;
        qp += 256;
        bp += 64;
      }
      store<f32>(out + ((<usize>t * rows + r) << 2), hsum(acc) - hsum(macc));
    }
  }
}

/** q6_K × q8_K with 8-bit dots: codes 0..63, offset −32 applied through Σ q_x per 16. */
export function matmulQ6_KR(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const nb = k >> 8;
  const rowBytes = <usize>nb * 210;
  const m4 = i8x16.splat(0x0f);
  const m2 = i8x16.splat(0x30);
  const zero = i32x4.splat(0);
  for (let r = r0; r < r1; r++) {
    const wr = w + <usize>r * rowBytes;
    for (let t = 0; t < n; t++) {
      let acc = f32x4.splat(0);
      let corr: f32 = 0;
      let wp = wr;
      let sp = xs + ((<usize>t * nb) << 2);
      let qp = x + <usize>t * k;
      let bp = xsum + ((<usize>t * (k >> 4)) << 2);
      for (let b = 0; b < nb; b++) {
        let isum = zero;
        let osum = 0; // Σ scale_j · Σ q_x over sub-block j, for the −32 offset
        for (let half = 0; half < 2; half++) {
          const ql = wp + (half << 6);
          const qh = wp + 128 + (half << 5);
          const sc = wp + 192 + (half << 3);
          const xp = qp + (<usize>half << 7);
          const sb = bp + (<usize>half << 5); // 8 sums of 16
          for (let v = 0; v < 2; v++) {
            const a = v128.load(ql + (v << 4));
            const bq = v128.load(ql + 32 + (v << 4));
            const h = v128.load(qh + (v << 4));
            // High 2 bits moved to bits 4–5 with 16-bit shifts, then masked per byte.
            const q1 = v128.or(v128.and(a, m4), v128.and(i16x8.shl(h, 4), m2));
            const q2 = v128.or(v128.and(bq, m4), v128.and(i16x8.shl(h, 2), m2));
            const q3 = v128.or(v128.and(i16x8.shr_u(a, 4), m4), v128.and(h, m2));
            const q4 = v128.or(v128.and(i16x8.shr_u(bq, 4), m4), v128.and(i16x8.shr_u(h, 2), m2));
            const xo = xp + (<usize>v << 4);
            const s1 = <i32>load<i8>(sc + v);
            const s2 = <i32>load<i8>(sc + v + 2);
            const s3 = <i32>load<i8>(sc + v + 4);
            const s4 = <i32>load<i8>(sc + v + 6);
            // Pair sums ≤ 2·127·63 fit i16; each 16 values have their own scale.
            isum = i32x4.add(isum, i32x4.add(scaled(dot8x16(v128.load(xo), q1), s1), scaled(dot8x16(v128.load(xo, 32), q2), s2)));
            isum = i32x4.add(isum, i32x4.add(scaled(dot8x16(v128.load(xo, 64), q3), s3), scaled(dot8x16(v128.load(xo, 96), q4), s4)));
            // Sub-block sums of 16: value groups v, v+2, v+4, v+6 of this half.
            osum += s1 * load<i32>(sb + (v << 2)) + s2 * load<i32>(sb + ((v + 2) << 2));
            osum += s3 * load<i32>(sb + ((v + 4) << 2)) + s4 * load<i32>(sb + ((v + 6) << 2));
          }
        }
        const d = f16(load<u16>(wp, 208)) * load<f32>(sp);
        acc = f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(isum), f32x4.splat(d)));
        const sx = 32 * osum;
        corr += d * <f32>sx;
        wp += 210;
        sp += 4;
        qp += 256;
        bp += 64;
      }
      store<f32>(out + ((<usize>t * rows + r) << 2), hsum(acc) - corr);
    }
  }
}

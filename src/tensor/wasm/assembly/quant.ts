// Kernels for ggml block weights × 8-bit activations, plain SIMD (see index.ts for the common
// parameters and relaxed.ts for faster relaxed-SIMD versions of the 4/5/6-bit ones).

import { blockSums4, F16_REBIAS, f16, f16at, f16pair, f16splat, f16x2at, hadd2, hadd4, hsum, madd, rowTile, store4 } from "./common";

// ---------------------------------------------------------------- q8_0 / q4_0 weights × q8 activations

/**
 * Two q8_0 rows (blocks at wa and wb) against one token (scales at sp, i16 values at qp) — the decode
 * kernel. Each block's 4 activation vectors are loaded once for both rows; the two rows' integer sums
 * are interleaved into one vector [A, B, A, B] so one conversion and one multiply-add (by d_w·d_x of
 * each row) serve both; the two f16 scales are converted in one go (f16pair). One block per loop
 * step on purpose: V8 issues all the loads of a step before its arithmetic, and with more than ~12
 * loads in flight it runs out of the 16 xmm registers and spills (2 or 4 blocks a step are slower:
 * docs/benchmarks.md). Returns lanes [A, B, A, B] (hadd2) to
 * be summed per row. wb = wa serves a range's odd last row.
 */
@inline function rowPairQ8_0(wa: usize, wb: usize, nb: i32, sp: usize, qp: usize): v128 {
  let acc = f32x4.splat(0);
  const spEnd = sp + (<usize>nb << 2);
  for (; sp < spEnd; sp += 4) {
    const x0 = v128.load(qp);
    const x1 = v128.load(qp, 16);
    const x2 = v128.load(qp, 32);
    const x3 = v128.load(qp, 48);
    const sa = i32x4.add(
      i32x4.add(i32x4.dot_i16x8_s(v128.load8x8_s(wa, 2), x0), i32x4.dot_i16x8_s(v128.load8x8_s(wa, 10), x1)),
      i32x4.add(i32x4.dot_i16x8_s(v128.load8x8_s(wa, 18), x2), i32x4.dot_i16x8_s(v128.load8x8_s(wa, 26), x3)),
    );
    const sb = i32x4.add(
      i32x4.add(i32x4.dot_i16x8_s(v128.load8x8_s(wb, 2), x0), i32x4.dot_i16x8_s(v128.load8x8_s(wb, 10), x1)),
      i32x4.add(i32x4.dot_i16x8_s(v128.load8x8_s(wb, 18), x2), i32x4.dot_i16x8_s(v128.load8x8_s(wb, 26), x3)),
    );
    const d = f32x4.mul(f16pair(wa, wb), f32x4.splat(load<f32>(sp) * F16_REBIAS));
    acc = madd(f32x4.convert_i32x4_s(hadd2(sa, sb)), d, acc);
    wa += 34;
    wb += 34;
    qp += 64;
  }
  return acc;
}

/** i32 lanes to be summed: a·x for 16 i16 weights (w0, w1) and 16 i16 activations at p. */
@inline function dot16w(w0: v128, w1: v128, p: usize): v128 {
  return i32x4.add(i32x4.dot_i16x8_s(w0, v128.load(p)), i32x4.dot_i16x8_s(w1, v128.load(p, 16)));
}

/**
 * Two q8_0 weight rows (at wa and wa + rowBytes) against 4 tokens (t..t+3) — the prefill kernel.
 * Each half-block of weights is loaded and widened to i16 once and used for all 4 tokens, and each
 * activation vector once for both rows; per block the 4 tokens' integer sums of a row are gathered
 * into one vector (hadd4) so one multiply-add applies d_w·d_x for all of them. A block's 4 quarters
 * of 8 values are an inner loop on purpose: V8 issues all the loads of a loop step ahead of the
 * arithmetic, and a step must fit the 16 xmm registers: 8 accumulators + 2 weight + 4 activation
 * vectors here (half-blocks, with 8 activation vectors, spilled and ran ~20 % slower).
 * Results: lane j of *a / *b = out(t+j, row a / row b).
 */
@inline function tile2x4Q8_0(out: usize, rows: i32, r: i32, wa: usize, rowBytes: usize, nb: i32, k: i32, t: i32, xi: usize, xt: usize): void {
  let ip = xi + <usize>t * (<usize>k << 1); // this tile's interleaved activations (interleaveTiles16)
  const tp = xt + ((<usize>(t >> 2) * nb) << 5);
  let accA = f32x4.splat(0);
  let accB = f32x4.splat(0);
  let wp = wa;
  for (let b = 0; b < nb; b++) {
    // The first quarter starts the sums (rather than adding to zeros: 16 instructions less a block).
    const wa0 = v128.load8x8_s(wp, 2);
    const wb0 = v128.load8x8_s(wp + rowBytes, 2);
    const y0 = v128.load(ip);
    const y1 = v128.load(ip, 16);
    const y2 = v128.load(ip, 32);
    const y3 = v128.load(ip, 48);
    let a0 = i32x4.dot_i16x8_s(wa0, y0);
    let b0 = i32x4.dot_i16x8_s(wb0, y0);
    let a1 = i32x4.dot_i16x8_s(wa0, y1);
    let b1 = i32x4.dot_i16x8_s(wb0, y1);
    let a2 = i32x4.dot_i16x8_s(wa0, y2);
    let b2 = i32x4.dot_i16x8_s(wb0, y2);
    let a3 = i32x4.dot_i16x8_s(wa0, y3);
    let b3 = i32x4.dot_i16x8_s(wb0, y3);
    ip += 64;
    for (let h: usize = 8; h < 32; h += 8) {
      const wa = v128.load8x8_s(wp + h, 2);
      const wb = v128.load8x8_s(wp + rowBytes + h, 2);
      const x0 = v128.load(ip);
      const x1 = v128.load(ip, 16);
      const x2 = v128.load(ip, 32);
      const x3 = v128.load(ip, 48);
      a0 = i32x4.add(a0, i32x4.dot_i16x8_s(wa, x0));
      b0 = i32x4.add(b0, i32x4.dot_i16x8_s(wb, x0));
      a1 = i32x4.add(a1, i32x4.dot_i16x8_s(wa, x1));
      b1 = i32x4.add(b1, i32x4.dot_i16x8_s(wb, x1));
      a2 = i32x4.add(a2, i32x4.dot_i16x8_s(wa, x2));
      b2 = i32x4.add(b2, i32x4.dot_i16x8_s(wb, x2));
      a3 = i32x4.add(a3, i32x4.dot_i16x8_s(wa, x3));
      b3 = i32x4.add(b3, i32x4.dot_i16x8_s(wb, x3));
      ip += 64;
    }
    const dx = v128.load(tp + (<usize>b << 5)); // the 4 tokens' d_x (tileActs32)
    accA = madd(f32x4.convert_i32x4_s(hadd4(a0, a1, a2, a3)), f32x4.mul(dx, f32x4.splat(f16at(wp))), accA);
    accB = madd(f32x4.convert_i32x4_s(hadd4(b0, b1, b2, b3)), f32x4.mul(dx, f32x4.splat(f16at(wp + rowBytes))), accB);
    wp += 34;
  }
  store4(out, rows, t, r, accA);
  store4(out, rows, t, r + 1, accB);
}

/**
 * For the q8_0 prefill tiles: the i16 activations of each full tile of 4 tokens (t = 4T..4T+3)
 * interleaved by 8 values — chunk c's 4 × 8 values at xi + (4T·k/8 + 4c + j)·16 for token 4T+j — so the
 * tile kernel reads a step's 4 activation vectors at one pointer plus constant offsets (with 4
 * separate rows it spent an address computation per load).
 */
export function interleaveTiles16(n: i32, k: i32, xq: usize, xi: usize): void {
  const rowBytes = <usize>k << 1;
  for (let t = 0; t + 4 <= n; t += 4) {
    const src = xq + <usize>t * rowBytes;
    let dst = xi + <usize>t * rowBytes;
    for (let o: usize = 0; o < rowBytes; o += 16) {
      v128.store(dst, v128.load(src + o));
      v128.store(dst, v128.load(src + rowBytes + o), 16);
      v128.store(dst, v128.load(src + 2 * rowBytes + o), 32);
      v128.store(dst, v128.load(src + 3 * rowBytes + o), 48);
      dst += 64;
    }
  }
}

/** One q8_0 weight row against 4 tokens: as tile2x4Q8_0, for a group's odd last row. */
@inline function tile1x4Q8_0(wr: usize, nb: i32, k: i32, t: i32, xq: usize, xt: usize): v128 {
  const qStride = <usize>k << 1;
  const q0 = xq + <usize>t * qStride;
  const tp = xt + ((<usize>(t >> 2) * nb) << 5);
  let acc = f32x4.splat(0);
  let wp = wr;
  for (let b = 0; b < nb; b++) {
    let i0 = i32x4.splat(0);
    let i1 = i32x4.splat(0);
    let i2 = i32x4.splat(0);
    let i3 = i32x4.splat(0);
    let qp = q0 + (<usize>b << 6);
    for (let h: usize = 0; h < 32; h += 16) {
      const w0 = v128.load8x8_s(wp + h, 2);
      const w1 = v128.load8x8_s(wp + h, 10);
      i0 = i32x4.add(i0, dot16w(w0, w1, qp));
      i1 = i32x4.add(i1, dot16w(w0, w1, qp + qStride));
      i2 = i32x4.add(i2, dot16w(w0, w1, qp + 2 * qStride));
      i3 = i32x4.add(i3, dot16w(w0, w1, qp + 3 * qStride));
      qp += 32;
    }
    const d = f32x4.mul(v128.load(tp + (<usize>b << 5)), f32x4.splat(f16at(wp)));
    acc = madd(f32x4.convert_i32x4_s(hadd4(i0, i1, i2, i3)), d, acc);
    wp += 34;
  }
  return acc;
}

/**
 * q8_0: 34-byte blocks (f16 d, 32 × i8). One token (decode): two rows at a time (rowPairQ8_0,
 * tokensQ8_0). Several tokens (prefill): matmulQ8_0T.
 */
export function matmulQ8_0(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  tokensQ8_0(out, 0, n, w, k, rows, r0, r1, xs, xq);
}

/**
 * matmulQ8_0 for n ≥ 4 tokens (fast.ts picks it): tiles of 4 tokens, then the n % 4 last tokens one
 * by one. A kernel of its own rather than a branch in matmulQ8_0: in one function with the tiles, V8
 * allocated the one-token loop's registers worse and decoding ran ~15 % slower. Here `x` points at the
 * tiles' interleaved i16 activations (interleaveTiles16), which fast.ts prepares.
 */
export function matmulQ8_0T(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize, xt: usize): void {
  const n4 = n & ~3;
  tilesQ8_0(out, n4, w, k, rows, r0, r1, xq, x, xt);
  if (n4 < n) tokensQ8_0(out, n4, n, w, k, rows, r0, r1, xs, xq);
}

/** Tokens [0, n4) in tiles of 4 (n4 % 4 == 0), rows in cache-sized groups, 2 rows per tile. */
@inline function tilesQ8_0(out: usize, n4: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xq: usize, xi: usize, xt: usize): void {
  const nb = k >> 5;
  const rowBytes = <usize>nb * 34;
  const rt = rowTile(rowBytes) & ~1; // even: the pairs of rows fill each group
  for (let g = r0; g < r1; g += rt) {
    const g1 = min(r1, g + rt);
    for (let t = 0; t < n4; t += 4) {
      let r = g;
      for (; r + 1 < g1; r += 2) tile2x4Q8_0(out, rows, r, w + <usize>r * rowBytes, rowBytes, nb, k, t, xi, xt);
      if (r < g1) store4(out, rows, t, r, tile1x4Q8_0(w + <usize>r * rowBytes, nb, k, t, xq, xt));
    }
  }
}

/**
 * Tokens [t0, n) one at a time: the decode loop. Rows go in pairs r and r + half (half of the range
 * apart, not neighbours): each half is then one long sequential stream that the hardware prefetcher
 * follows, where neighbouring pairs would start a new stream every two rows (that ran at half speed
 * on the 136 MB output head).
 */
@inline function tokensQ8_0(out: usize, t0: i32, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize): void {
  const nb = k >> 5;
  const rowBytes = <usize>nb * 34;
  const half = (r1 - r0) >> 1;
  for (let r = r0; r < r0 + half; r++) {
    const wa = w + <usize>r * rowBytes;
    const wb = wa + <usize>half * rowBytes;
    for (let t = t0; t < n; t++) {
      const acc = rowPairQ8_0(wa, wb, nb, xs + ((<usize>t * nb) << 2), xq + ((<usize>t * k) << 1));
      const o = out + ((<usize>t * rows + r) << 2);
      store<f32>(o, f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 2));
      store<f32>(o + (<usize>half << 2), f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 3));
    }
  }
  if ((r1 - r0) & 1) {
    const r = r1 - 1;
    const wr = w + <usize>r * rowBytes;
    for (let t = t0; t < n; t++) {
      const acc = rowPairQ8_0(wr, wr, nb, xs + ((<usize>t * nb) << 2), xq + ((<usize>t * k) << 1));
      store<f32>(out + ((<usize>t * rows + r) << 2), f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 2));
    }
  }
}

/** Integer dot of one q4_0 block's 16 code bytes q (values code − 8) with its 32 i16 activations x0..x3. */
@inline function dotQ4_0w(q: v128, x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  const lo = i8x16.sub(v128.and(q, i8x16.splat(0x0f)), i8x16.splat(8));
  const hi = i8x16.sub(i8x16.shr_u(q, 4), i8x16.splat(8));
  return i32x4.add(
    i32x4.add(i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(lo), x0), i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(lo), x1)),
    i32x4.add(i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(hi), x2), i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(hi), x3)),
  );
}

/** Two q4_0 rows (blocks at wa and wb) against one token's i16 activations: as rowPairQ8_0. */
@inline function rowPairQ4_0(wa: usize, wb: usize, nb: i32, sp: usize, qp: usize): v128 {
  let acc = f32x4.splat(0);
  const spEnd = sp + (<usize>nb << 2);
  for (; sp < spEnd; sp += 4) {
    const x0 = v128.load(qp);
    const x1 = v128.load(qp, 16);
    const x2 = v128.load(qp, 32);
    const x3 = v128.load(qp, 48);
    const s = hadd2(dotQ4_0w(v128.load(wa, 2), x0, x1, x2, x3), dotQ4_0w(v128.load(wb, 2), x0, x1, x2, x3));
    const d = f32x4.mul(f16pair(wa, wb), f32x4.splat(load<f32>(sp) * F16_REBIAS));
    acc = madd(f32x4.convert_i32x4_s(s), d, acc);
    wa += 18;
    wb += 18;
    qp += 64;
  }
  return acc;
}

/**
 * q4_0: 18-byte blocks (f16 d, 16 bytes: value j in the low nibble of byte j, value j+16 in its high
 * nibble); x = d·(code − 8). One token at a time, rows in pairs half the range apart (as tokensQ8_0).
 * The relaxed build's matmulQ4_0R is faster (8-bit dot products).
 */
export function matmulQ4_0(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const nb = k >> 5;
  const rowBytes = <usize>nb * 18;
  const half = (r1 - r0) >> 1;
  for (let r = r0; r < r0 + half; r++) {
    const wa = w + <usize>r * rowBytes;
    const wb = wa + <usize>half * rowBytes;
    for (let t = 0; t < n; t++) {
      const acc = rowPairQ4_0(wa, wb, nb, xs + ((<usize>t * nb) << 2), xq + ((<usize>t * k) << 1));
      const o = out + ((<usize>t * rows + r) << 2);
      store<f32>(o, f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 2));
      store<f32>(o + (<usize>half << 2), f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 3));
    }
  }
  if ((r1 - r0) & 1) {
    const r = r1 - 1;
    const wr = w + <usize>r * rowBytes;
    for (let t = 0; t < n; t++) {
      const acc = rowPairQ4_0(wr, wr, nb, xs + ((<usize>t * nb) << 2), xq + ((<usize>t * k) << 1));
      store<f32>(out + ((<usize>t * rows + r) << 2), f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 2));
    }
  }
}

/** Dot of 16 i8 weights (in a v128) with 16 i16 activations at p. */
@inline function dot16(q: v128, p: usize): v128 {
  return i32x4.add(
    i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(q), v128.load(p)),
    i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(q), v128.load(p, 16)),
  );
}

/**
 * 16 bits of a q5_0/q5_1 `qh` word, from bit `first` on, as 16 byte lanes holding 0x10 where the
 * bit is set: lane j ← bit first+j. (Splat the bytes, pick one bit per lane, compare.)
 */
@inline function highBits(qh: u32, first: i32): v128 {
  const bytes = i8x16.swizzle(i32x4.splat(qh >> first), i8x16(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1));
  const bit = v128.and(bytes, i8x16(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128));
  return v128.and(i8x16.ne(bit, i8x16.splat(0)), i8x16.splat(0x10));
}

/**
 * The 32-value blocks with a fifth bit or a min, one row and one token at a time: q5_0 (22 bytes:
 * f16 d, u32 qh, 16 nibble bytes; x = d·(code − 16)), q4_1 (20: d, m, nibbles; x = d·code + m),
 * q5_1 (24: d, m, qh, nibbles). BB: bytes per block, QS: offset of the nibbles, QH: of qh (or −1),
 * M: of m (or −1), OFF: the code offset (16 for q5_0). The min term m_w·d_x·Σq_x uses the
 * quantizer's sums per 16. The relaxed build's versions (relaxed-legacy.ts) are faster.
 */
@inline function tokensLegacy(out: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize, BB: usize, QS: usize, QH: i32, M: i32, OFF: i32): void {
  const nb = k >> 5;
  const rowBytes = <usize>nb * BB;
  const m4 = i8x16.splat(0x0f);
  const off = i8x16.splat(<i8>OFF);
  for (let r = r0; r < r1; r++) {
    const wr = w + <usize>r * rowBytes;
    for (let t = 0; t < n; t++) {
      let acc = f32x4.splat(0);
      let macc: f32 = 0;
      let wp = wr;
      let sp = xs + ((<usize>t * nb) << 2);
      let qp = xq + ((<usize>t * k) << 1);
      let bp = xsum + ((<usize>t * (k >> 4)) << 2);
      for (let b = 0; b < nb; b++) {
        const q = v128.load(wp + QS);
        let lo = v128.and(q, m4);
        let hi = i8x16.shr_u(q, 4);
        if (QH >= 0) {
          const qh = load<u32>(wp + <usize>QH);
          lo = v128.or(lo, highBits(qh, 0));
          hi = v128.or(hi, highBits(qh, 16));
        }
        if (OFF != 0) {
          lo = i8x16.sub(lo, off);
          hi = i8x16.sub(hi, off);
        }
        const s = i32x4.add(dot16(lo, qp), dot16(hi, qp + 32));
        const dx = load<f32>(sp);
        acc = madd(f32x4.convert_i32x4_s(s), f32x4.splat(f16(load<u16>(wp)) * dx), acc);
        if (M >= 0) macc += <f32>(load<i32>(bp) + load<i32>(bp, 4)) * (f16(load<u16>(wp + <usize>M)) * dx);
        wp += BB;
        sp += 4;
        qp += 64;
        bp += 8;
      }
      store<f32>(out + ((<usize>t * rows + r) << 2), hsum(acc) + macc);
    }
  }
}

export function matmulQ5_0(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  tokensLegacy(out, n, w, k, rows, r0, r1, xs, xq, xsum, 22, 6, 2, -1, 16);
}

export function matmulQ4_1(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  tokensLegacy(out, n, w, k, rows, r0, r1, xs, xq, xsum, 20, 4, -1, 2, 0);
}

export function matmulQ5_1(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  tokensLegacy(out, n, w, k, rows, r0, r1, xs, xq, xsum, 24, 8, 4, 2, 0);
}

// ---------------------------------------------------------------- K-quant weights × q8_K activations


/**
 * The 8 six-bit scales (low u64, byte j = scale j) and 8 six-bit mins (high result) of a
 * q4_K/q5_K super-block, unpacked from its 12 bytes at s without branches (ggml's utmp trick; same
 * result as get_scale_min_k4 for j = 0..7).
 */
@inline function scalesK4(s: usize): u64 {
  const u0 = load<u32>(s);
  const u2 = load<u32>(s, 8);
  const sc = <u64>(u0 & 0x3f3f3f3f) | (<u64>((u2 & 0x0f0f0f0f) | (((u0 >> 6) & 0x03030303) << 4)) << 32);
  return sc;
}

@inline function minsK4(s: usize): u64 {
  const u0 = load<u32>(s);
  const u1 = load<u32>(s, 4);
  const u2 = load<u32>(s, 8);
  return <u64>(u1 & 0x3f3f3f3f) | (<u64>(((u2 >> 4) & 0x0f0f0f0f) | (((u1 >> 6) & 0x03030303) << 4)) << 32);
}

/**
 * q4_K: 144-byte super-blocks of 256 (see src/tensor/quant/kquants.ts for the layout). Per
 * super-block a loop walks the 4 chunks of 64 values (kept as a loop: unrolled, V8 hoists every
 * load of the super-block ahead of the arithmetic and spills), with pointers that advance; the mins
 * term Σ_j m_j·Σ q_x (j's 32 values) is one pmaddwd of the 8 mins with the activation sums.
 */
export function matmulQ4_K(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const nb = k >> 8;
  const rowBytes = <usize>nb * 144;
  const m4 = i8x16.splat(0x0f);
  for (let r = r0; r < r1; r++) {
    const wr = w + <usize>r * rowBytes;
    const wEnd = wr + rowBytes;
    for (let t = 0; t < n; t++) {
      let acc = f32x4.splat(0);
      let macc = f32x4.splat(0);
      let wp = wr;
      let sp = xs + ((<usize>t * nb) << 2);
      let qp = xq + ((<usize>t * k) << 1);
      let bp = xsum + ((<usize>t * (k >> 4)) << 2); // Σq per 16 values
      while (wp < wEnd) {
        let sj = scalesK4(wp + 4);
        const mv = i16x8.extend_low_i8x16_u(i64x2.splat(minsK4(wp + 4)));
        let isum = i32x4.splat(0);
        let q = wp + 16;
        const qEnd = wp + 144;
        do {
          const q0 = v128.load(q);
          const q1 = v128.load(q, 16);
          const dlo = i32x4.add(dot16(v128.and(q0, m4), qp), dot16(v128.and(q1, m4), qp + 32));
          const dhi = i32x4.add(dot16(i8x16.shr_u(q0, 4), qp + 64), dot16(i8x16.shr_u(q1, 4), qp + 96));
          isum = i32x4.add(isum, i32x4.mul(dlo, i32x4.splat(<i32>(sj & 0xff))));
          isum = i32x4.add(isum, i32x4.mul(dhi, i32x4.splat(<i32>((sj >> 8) & 0xff))));
          sj >>= 16;
          q += 32;
          qp += 128; // 64 values × 2 bytes
        } while (q < qEnd);
        // Σ q_x per 32 values (8 of them, each ≤ 32·127: fits i16) against the 8 mins.
        const msum = i32x4.dot_i16x8_s(i16x8.narrow_i32x4_s(blockSums4(bp), blockSums4(bp + 32)), mv);
        // [d·d_x, dmin·d_x] of this super-block: both f16 scales converted in one vector.
        const dd = f32x4.mul(f16x2at(wp), f32x4.splat(load<f32>(sp)));
        acc = madd(f32x4.convert_i32x4_s(isum), i32x4.shuffle(dd, dd, 0, 0, 0, 0), acc);
        macc = madd(f32x4.convert_i32x4_s(msum), i32x4.shuffle(dd, dd, 1, 1, 1, 1), macc);
        wp += 144;
        sp += 4;
        bp += 64;
      }
      store<f32>(out + ((<usize>t * rows + r) << 2), hsum(acc) - hsum(macc));
    }
  }
}

/** q6_K: 210-byte super-blocks of 256: ql[128], qh[64], i8 scales[16], f16 d. */
export function matmulQ6_K(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const nb = k >> 8;
  const rowBytes = <usize>nb * 210;
  const m4 = i8x16.splat(0x0f);
  const m2 = i8x16.splat(3);
  const c32 = i8x16.splat(32);
  for (let r = r0; r < r1; r++) {
    const wr = w + <usize>r * rowBytes;
    for (let t = 0; t < n; t++) {
      let acc = f32x4.splat(0);
      let wp = wr;
      let sp = xs + ((<usize>t * nb) << 2);
      let qp = xq + ((<usize>t * k) << 1);
      for (let b = 0; b < nb; b++) {
        let isum = i32x4.splat(0);
        // Quarters of 64 values (half, column v), with pointers that advance: see matmulQ4_K.
        let qh = wp + 128;
        for (let half: usize = 0; half < 2; half++) {
          let ql = wp + (half << 6);
          let xo = qp + (half << 8); // 128 values × 2 bytes
          let sc = wp + 192 + (half << 3);
          const scEnd = sc + 2;
          do {
            const a = v128.load(ql);
            const bq = v128.load(ql, 32);
            const h = v128.load(qh);
            const q1 = i8x16.sub(v128.or(v128.and(a, m4), i8x16.shl(v128.and(h, m2), 4)), c32);
            const q2 = i8x16.sub(v128.or(v128.and(bq, m4), i8x16.shl(v128.and(i8x16.shr_u(h, 2), m2), 4)), c32);
            const q3 = i8x16.sub(v128.or(i8x16.shr_u(a, 4), i8x16.shl(v128.and(i8x16.shr_u(h, 4), m2), 4)), c32);
            const q4 = i8x16.sub(v128.or(i8x16.shr_u(bq, 4), i8x16.shl(i8x16.shr_u(h, 6), 4)), c32);
            isum = i32x4.add(isum, i32x4.mul(dot16(q1, xo), i32x4.splat(load<i8>(sc))));
            isum = i32x4.add(isum, i32x4.mul(dot16(q2, xo + 64), i32x4.splat(load<i8>(sc, 2))));
            isum = i32x4.add(isum, i32x4.mul(dot16(q3, xo + 128), i32x4.splat(load<i8>(sc, 4))));
            isum = i32x4.add(isum, i32x4.mul(dot16(q4, xo + 192), i32x4.splat(load<i8>(sc, 6))));
            ql += 16;
            qh += 16;
            xo += 32; // 16 values × 2 bytes
            sc += 1;
          } while (sc < scEnd);
        }
        acc = madd(f32x4.convert_i32x4_s(isum), f32x4.mul(f16splat(wp + 208), f32x4.splat(load<f32>(sp))), acc);
        wp += 210;
        sp += 4;
        qp += 512;
      }
      store<f32>(out + ((<usize>t * rows + r) << 2), hsum(acc));
    }
  }
}

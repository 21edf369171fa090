// Kernels for float weights: f32, f16 and bf16 (see index.ts for the common parameters).

import { f16, hsum, madd, rowTile, store4 } from "./common";

// ---------------------------------------------------------------- f32 weights

/** Dot of k f32 values at a and b. */
@inline function dotF32(a: usize, b: usize, k: i32): f32 {
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= k; i += 8) {
    const o = <usize>i << 2;
    acc0 = madd(v128.load(a + o), v128.load(b + o), acc0);
    acc1 = madd(v128.load(a + o, 16), v128.load(b + o, 16), acc1);
  }
  let s = hsum(f32x4.add(acc0, acc1));
  for (; i < k; i++) s += load<f32>(a + (<usize>i << 2)) * load<f32>(b + (<usize>i << 2));
  return s;
}

/**
 * f32 weights. Tiles of 4 weight rows × 2 tokens: 8 accumulators, and each loaded vector is used
 * 2 or 4 times, so the loop is bound by arithmetic rather than loads (what prefill needs).
 */
export function matmulF32(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const rb = <usize>k << 2; // bytes per row
  const k4 = k & ~3;
  let r = r0;
  for (; r + 4 <= r1; r += 4) {
    const w0 = w + <usize>r * rb;
    const w1 = w0 + rb;
    const w2 = w1 + rb;
    const w3 = w2 + rb;
    let t = 0;
    for (; t + 2 <= n; t += 2) {
      const xa = x + <usize>t * rb;
      const xb = xa + rb;
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
      for (let i = 0; i < k4; i += 4) {
        const o = <usize>i << 2;
        const va = v128.load(xa + o);
        const vb = v128.load(xb + o);
        const v0 = v128.load(w0 + o);
        const v1 = v128.load(w1 + o);
        const v2 = v128.load(w2 + o);
        const v3 = v128.load(w3 + o);
        a0 = madd(va, v0, a0);
        b0 = madd(vb, v0, b0);
        a1 = madd(va, v1, a1);
        b1 = madd(vb, v1, b1);
        a2 = madd(va, v2, a2);
        b2 = madd(vb, v2, b2);
        a3 = madd(va, v3, a3);
        b3 = madd(vb, v3, b3);
      }
      let sa0 = hsum(a0), sa1 = hsum(a1), sa2 = hsum(a2), sa3 = hsum(a3);
      let sb0 = hsum(b0), sb1 = hsum(b1), sb2 = hsum(b2), sb3 = hsum(b3);
      for (let i = k4; i < k; i++) {
        const o = <usize>i << 2;
        const xa_ = load<f32>(xa + o);
        const xb_ = load<f32>(xb + o);
        sa0 += xa_ * load<f32>(w0 + o);
        sa1 += xa_ * load<f32>(w1 + o);
        sa2 += xa_ * load<f32>(w2 + o);
        sa3 += xa_ * load<f32>(w3 + o);
        sb0 += xb_ * load<f32>(w0 + o);
        sb1 += xb_ * load<f32>(w1 + o);
        sb2 += xb_ * load<f32>(w2 + o);
        sb3 += xb_ * load<f32>(w3 + o);
      }
      const oa = out + ((<usize>t * rows + r) << 2);
      const ob = oa + (<usize>rows << 2);
      store<f32>(oa, sa0);
      store<f32>(oa, sa1, 4);
      store<f32>(oa, sa2, 8);
      store<f32>(oa, sa3, 12);
      store<f32>(ob, sb0);
      store<f32>(ob, sb1, 4);
      store<f32>(ob, sb2, 8);
      store<f32>(ob, sb3, 12);
    }
    for (; t < n; t++) {
      const xt = x + <usize>t * rb;
      const o = out + ((<usize>t * rows + r) << 2);
      store<f32>(o, dotF32(xt, w0, k));
      store<f32>(o, dotF32(xt, w1, k), 4);
      store<f32>(o, dotF32(xt, w2, k), 8);
      store<f32>(o, dotF32(xt, w3, k), 12);
    }
  }
  for (; r < r1; r++) {
    const wr = w + <usize>r * rb;
    for (let t = 0; t < n; t++) store<f32>(out + ((<usize>t * rows + r) << 2), dotF32(x + <usize>t * rb, wr, k));
  }
}

// ---------------------------------------------------------------- f16 / bf16 weights

/**
 * The low (or high) 4 of 8 f16 lanes → 4 f32. Widening each f16 to the top of a 32-bit lane and
 * shifting right by 3 (arithmetically) lines its 5-bit exponent and 10-bit mantissa up with f32's
 * fields; clearing the 3 copied sign bits leaves the f32 whose value is the f16's · 2^−112, and one
 * multiply by 2^112 rebiases the exponent (15 → 127). Subnormals come out right too. (A widening
 * plus a shift, as for bf16: a two-input byte shuffle costs V8 several instructions.)
 */
@inline function f16x4lo(h: v128): v128 {
  const top = i32x4.shl(i32x4.extend_low_i16x8_u(h), 16);
  return f32x4.mul(v128.and(i32x4.shr_s(top, 3), i32x4.splat(0x8fffe000)), f32x4.splat(reinterpret<f32>(0x77800000)));
}

@inline function f16x4hi(h: v128): v128 {
  const top = i32x4.shl(i32x4.extend_high_i16x8_u(h), 16);
  return f32x4.mul(v128.and(i32x4.shr_s(top, 3), i32x4.splat(0x8fffe000)), f32x4.splat(reinterpret<f32>(0x77800000)));
}

/**
 * One f16 weight row against 4 tokens (t..t+3): each 8 weights are converted once for all 4 tokens.
 * Needs k % 8 == 0. Lane j of the result = out(t+j, row).
 */
@inline function tile4F16(wr: usize, x: usize, k: i32, t: i32): v128 {
  const xStride = <usize>k << 2;
  const x0 = x + <usize>t * xStride;
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  for (let i = 0; i < k; i += 8) {
    const h = v128.load(wr + (<usize>i << 1));
    const lo = f16x4lo(h);
    const hi = f16x4hi(h);
    const xo = x0 + (<usize>i << 2);
    a0 = madd(hi, v128.load(xo, 16), madd(lo, v128.load(xo), a0));
    a1 = madd(hi, v128.load(xo + xStride, 16), madd(lo, v128.load(xo + xStride), a1));
    a2 = madd(hi, v128.load(xo + 2 * xStride, 16), madd(lo, v128.load(xo + 2 * xStride), a2));
    a3 = madd(hi, v128.load(xo + 3 * xStride, 16), madd(lo, v128.load(xo + 3 * xStride), a3));
  }
  return hadd4f(a0, a1, a2, a3);
}

/** [Σ lanes of a, Σ b, Σ c, Σ d] for four f32x4 vectors (hadd4 in common.ts, in float). */
@inline function hadd4f(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(
    i8x16.shuffle(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
    i8x16.shuffle(a, b, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31),
  );
  const cd = f32x4.add(
    i8x16.shuffle(c, d, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
    i8x16.shuffle(c, d, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31),
  );
  return f32x4.add(
    i8x16.shuffle(ab, cd, 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27),
    i8x16.shuffle(ab, cd, 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31),
  );
}

/** Row r of f16 weights against token t (any k). */
@inline function dotF16(wr: usize, xt: usize, k: i32): f32 {
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= k; i += 8) {
    const h = v128.load(wr + (<usize>i << 1));
    const xo = xt + (<usize>i << 2);
    acc0 = madd(f16x4lo(h), v128.load(xo), acc0);
    acc1 = madd(f16x4hi(h), v128.load(xo, 16), acc1);
  }
  let s = hsum(f32x4.add(acc0, acc1));
  for (; i < k; i++) s += f16(load<u16>(wr + (<usize>i << 1))) * load<f32>(xt + (<usize>i << 2));
  return s;
}

/** f16 weights: one token at a time (decode), or 4-token tiles when k % 8 == 0 (prefill; matmulF16T). */
export function matmulF16(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  tokensF16(out, 0, n, x, w, k, rows, r0, r1);
}

/**
 * matmulF16 for n ≥ 4 tokens: tiles of 4 tokens × 1 row over groups of rows that stay in cache, then
 * the n % 4 last tokens one by one. A kernel of its own so the one-token loop keeps its own registers.
 */
export function matmulF16T(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  if ((k & 7) != 0) {
    tokensF16(out, 0, n, x, w, k, rows, r0, r1);
    return;
  }
  const n4 = n & ~3;
  const rowBytes = <usize>k << 1;
  const rt = rowTile(rowBytes);
  for (let g = r0; g < r1; g += rt) {
    const g1 = min(r1, g + rt);
    for (let t = 0; t < n4; t += 4) {
      for (let r = g; r < g1; r++) store4(out, rows, t, r, tile4F16(w + <usize>r * rowBytes, x, k, t));
    }
  }
  if (n4 < n) tokensF16(out, n4, n, x, w, k, rows, r0, r1);
}

@inline function tokensF16(out: usize, t0: i32, n: i32, x: usize, w: usize, k: i32, rows: i32, r0: i32, r1: i32): void {
  for (let r = r0; r < r1; r++) {
    const wr = w + ((<usize>r * k) << 1);
    for (let t = t0; t < n; t++) store<f32>(out + ((<usize>t * rows + r) << 2), dotF16(wr, x + ((<usize>t * k) << 2), k));
  }
}

export function matmulBF16(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  for (let r = r0; r < r1; r++) {
    const wr = w + ((<usize>r * k) << 1);
    for (let t = 0; t < n; t++) {
      const xt = x + ((<usize>t * k) << 2);
      let acc0 = f32x4.splat(0);
      let acc1 = f32x4.splat(0);
      let i = 0;
      for (; i + 8 <= k; i += 8) {
        const h = v128.load(wr + (<usize>i << 1));
        const xo = xt + (<usize>i << 2);
        acc0 = madd(i32x4.shl(i32x4.extend_low_i16x8_u(h), 16), v128.load(xo), acc0);
        acc1 = madd(i32x4.shl(i32x4.extend_high_i16x8_u(h), 16), v128.load(xo, 16), acc1);
      }
      let s = hsum(f32x4.add(acc0, acc1));
      for (; i < k; i++) s += reinterpret<f32>(<u32>load<u16>(wr + (<usize>i << 1)) << 16) * load<f32>(xt + (<usize>i << 2));
      store<f32>(out + ((<usize>t * rows + r) << 2), s);
    }
  }
}

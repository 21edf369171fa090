// Kernels for f32 weights (see index.ts for the common parameters; f16 and bf16 are in half.ts).

import { hsum, madd } from "./common";

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
 * One token (decode): rows in pairs half the range apart, each summed exactly as dotF32 does (two
 * accumulators, then the tail). Two rows far apart are two
 * weight streams the prefetcher follows without a restart at every row, and their four accumulator
 * chains overlap — one row at a time waited on its two chains' add latency (~80 % of the read bandwidth).
 */
function decodeF32(out: usize, x: usize, w: usize, k: i32, r0: i32, r1: i32): void {
  const rb = <usize>k << 2;
  const k8 = k & ~7;
  const half = (r1 - r0) >> 1;
  for (let r = r0; r < r0 + half; r++) {
    const wa = w + <usize>r * rb;
    const wb = wa + <usize>half * rb;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
    for (let i = 0; i < k8; i += 8) {
      const o = <usize>i << 2;
      const x0 = v128.load(x + o);
      const x1 = v128.load(x + o, 16);
      a0 = madd(x0, v128.load(wa + o), a0);
      a1 = madd(x1, v128.load(wa + o, 16), a1);
      b0 = madd(x0, v128.load(wb + o), b0);
      b1 = madd(x1, v128.load(wb + o, 16), b1);
    }
    let sa = hsum(f32x4.add(a0, a1));
    let sb = hsum(f32x4.add(b0, b1));
    for (let i = k8; i < k; i++) {
      const o = <usize>i << 2;
      const xi = load<f32>(x + o);
      sa += xi * load<f32>(wa + o);
      sb += xi * load<f32>(wb + o);
    }
    store<f32>(out + (<usize>r << 2), sa);
    store<f32>(out + (<usize>(r + half) << 2), sb);
  }
  if ((r1 - r0) & 1) store<f32>(out + (<usize>(r1 - 1) << 2), dotF32(x, w + <usize>(r1 - 1) * rb, k));
}

/**
 * f32 weights. Tiles of 4 weight rows × 2 tokens: 8 accumulators, and each loaded vector is used
 * 2 or 4 times, so the loop is bound by arithmetic rather than loads (what prefill needs).
 */
export function matmulF32(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const rb = <usize>k << 2; // bytes per row
  if (n == 1) {
    decodeF32(out, x, w, k, r0, r1);
    return;
  }
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

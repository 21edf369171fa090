// Kernels for 16-bit float weights, f16 and bf16 (see index.ts for the common parameters).
//
// WebAssembly has no f16 arithmetic or conversion (in Node 20), so the f16 kernels convert with
// integer SIMD: 5 instructions per 8 weights (f16top, f16low, f16x8lo, f16x8hi below) give f32s
// whose values are the weights · 2^−112; the 2^112 that rebiases the exponent (15 → 127) is
// applied once to each finished sum, not to every weight. That conversion, not the memory, is what
// bounds the f16 decode loop on one core; bf16 needs only an interleave with zeros.
//
// Prefill (n ≥ 4 tokens) converts a few weight rows at a time to f32 and runs the f32 kernel over
// them. Both that and the decode kernel's scaled copy of x (dotF16) live in scratch slots, one per
// thread, that fast.ts allocates (see claimSlot).

import { f16, hsum, madd } from "./common";
import { matmulF32 } from "./float";

// ---------------------------------------------------------------- f16 → f32 · 2^−112

/** 2^112: what a sum of products of f16x8lo/hi values must be multiplied by. */
const REBIAS: f32 = reinterpret<f32>(0x77800000);

/**
 * The top 16 bits of the f32s for 8 f16 lanes: the f16 shifted right by 3, arithmetically, lines
 * its 5-bit exponent and first 7 mantissa bits up with f32's fields; clearing the 3 copied sign bits
 * leaves sign, exponent (still biased by 15, not 127, hence 2^−112) and mantissa.
 */
@inline function f16top(h: v128): v128 {
  return v128.and(i16x8.shr_s(h, 3), i16x8.splat(<i16>0x8fff));
}

/** The bottom 16 bits of the f32s for 8 f16 lanes: the last 3 mantissa bits, on top. */
@inline function f16low(h: v128): v128 {
  return i16x8.shl(h, 13);
}

/**
 * f16 lanes 0–3 as f32 · 2^−112: their bottom and top halves interleaved (x86: punpcklwd). Exact for
 * every finite f16, subnormals included (they become f32 subnormals); Inf/NaN become large finite
 * values (as `f16` in common.ts).
 */
@inline function f16x8lo(top: v128, low: v128): v128 {
  return v128.shuffle<i16>(low, top, 0, 8, 1, 9, 2, 10, 3, 11);
}

/** f16 lanes 4–7 as f32 · 2^−112 (x86: punpckhwd). */
@inline function f16x8hi(top: v128, low: v128): v128 {
  return v128.shuffle<i16>(low, top, 4, 12, 5, 13, 6, 14, 7, 15);
}

// ---------------------------------------------------------------- scratch slots

// Scratch layout (fast.ts allocates it; `xs` points at it, `xq` = slots ≤ 64, `xsum` = bytes per
// slot): 64 i32 flags (0 free, 1 taken), then the slots. A kernel call claims a free slot with an
// atomic compare-exchange and frees it when done: the pool's threads claim chunks of rows as they
// go, so no thread index says which slot is whose. With no scratch, or no free slot, the kernels
// take a slower path that needs none.

/** A free slot of the scratch at `flags` (now taken), or −1 if all `slots` are taken. */
@inline function claimSlot(flags: usize, slots: i32): i32 {
  if (flags == 0) return -1;
  for (let s = 0; s < slots; s++) if (atomic.cmpxchg<i32>(flags + (<usize>s << 2), 0, 1) == 0) return s;
  return -1;
}

/** The address of slot s. */
@inline function slotAt(scratch: usize, s: i32, slotBytes: usize): usize {
  return scratch + 256 + <usize>s * slotBytes;
}

@inline function freeSlot(scratch: usize, s: i32): void {
  atomic.store<i32>(scratch + (<usize>s << 2), 0);
}

// ---------------------------------------------------------------- f16, one token (decode)

/** 2^64, by which matmulF16 scales its copy of x; 2^48 = 2^112 / 2^64 then rebiases its sums. */
const X_SCALE: f32 = reinterpret<f32>(0x5f800000);
const REBIAS_SCALED_X: f32 = reinterpret<f32>(0x57800000);

/** Σ over the values k8..k−1, one f16 at a time (converted exactly: no rebias needed). */
@inline function tailF16(wr: usize, xt: usize, k8: i32, k: i32): f32 {
  let s: f32 = 0;
  for (let i = k8; i < k; i++) s += f16(load<u16>(wr + (<usize>i << 1))) * load<f32>(xt + (<usize>i << 2));
  return s;
}

/**
 * Row wr of f16 weights · token xt (any k), the vector part's sum times `rebias`: 2^112 for x as it
 * is, 2^48 for x · 2^64 (matmulF16). 16 weights a step, into 4 accumulators so the multiply-adds
 * don't wait on each other. Two rows side by side (to share the loads of x) made the stream of
 * weights from memory markedly slower; two rows half the range apart (decodeF16) are faster.
 *
 * Why x · 2^64: with the weights at 2^−112 of their value, every product |w·x| < 2^−14 (~1 % of
 * a real model's) would be an f32 subnormal. That costs no accuracy worth the name (an absolute
 * error ≤ 2^−38 after the rebias) but can cost much time: x86 multiplies that round to a subnormal
 * take a microcode assist of ~100+ cycles (here on Zen 3: the plain build's separate multiply ran
 * 2.5× slower; its fused multiply-add did not; Intel CPUs assist on both). At 2^−48 of their value
 * the products are subnormal only below 2^−78. (f16 subnormal weights still become f32 subnormals,
 * exactly, as before; x would overflow to ±Inf only past 2^64 ≈ 1.8e19.)
 */
@inline function dotF16(wr: usize, xt: usize, k: i32, rebias: f32): f32 {
  const k16 = k & ~15;
  const k8 = k & ~7;
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let i = 0;
  for (; i < k16; i += 16) {
    const h = v128.load(wr + (<usize>i << 1));
    const g = v128.load(wr + (<usize>i << 1), 16);
    const xo = xt + (<usize>i << 2);
    const th = f16top(h), lh = f16low(h);
    const tg = f16top(g), lg = f16low(g);
    a0 = madd(f16x8lo(th, lh), v128.load(xo), a0);
    a1 = madd(f16x8hi(th, lh), v128.load(xo, 16), a1);
    a2 = madd(f16x8lo(tg, lg), v128.load(xo, 32), a2);
    a3 = madd(f16x8hi(tg, lg), v128.load(xo, 48), a3);
  }
  if (i < k8) {
    const h = v128.load(wr + (<usize>i << 1));
    const xo = xt + (<usize>i << 2);
    const th = f16top(h), lh = f16low(h);
    a0 = madd(f16x8lo(th, lh), v128.load(xo), a0);
    a1 = madd(f16x8hi(th, lh), v128.load(xo, 16), a1);
  }
  // The tail's exact weights need x's own scale undone: rebias · 2^−112 (1, or 2^−64).
  const tailScale = rebias * reinterpret<f32>(0x07800000);
  return hsum(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3))) * rebias + tailF16(wr, xt, k8, k) * tailScale;
}

/** Tokens [t0, n) one at a time against the rows [r0, r1); `rebias` as in dotF16. */
@inline function tokensF16(out: usize, t0: i32, n: i32, x: usize, w: usize, k: i32, rows: i32, r0: i32, r1: i32, rebias: f32): void {
  for (let r = r0; r < r1; r++) {
    const wr = w + ((<usize>r * k) << 1);
    for (let t = t0; t < n; t++) store<f32>(out + ((<usize>t * rows + r) << 2), dotF16(wr, x + ((<usize>t * k) << 2), k, rebias));
  }
}

/**
 * f16 weights, one token at a time (decode; n ≥ 4 goes to matmulF16T), against x · 2^64 copied
 * into a scratch slot (see dotF16 for why) when its n·k·4 bytes fit one (fast.ts makes sure).
 */
export function matmulF16(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const count = n * k;
  const s = (<usize>count << 2) <= xsum ? claimSlot(xs, <i32>xq) : -1;
  if (s < 0) {
    tokensF16(out, 0, n, x, w, k, rows, r0, r1, REBIAS);
    return;
  }
  const xScaled = slotAt(xs, s, xsum);
  const scale = f32x4.splat(X_SCALE);
  let i = 0;
  for (; i + 4 <= count; i += 4) v128.store(xScaled + (<usize>i << 2), f32x4.mul(v128.load(x + (<usize>i << 2)), scale));
  for (; i < count; i++) store<f32>(xScaled + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) * X_SCALE);
  if (n == 1) decodeF16(out, xScaled, w, k, r0, r1, REBIAS_SCALED_X);
  else tokensF16(out, 0, n, xScaled, w, k, rows, r0, r1, REBIAS_SCALED_X);
  freeSlot(xs, s);
}

/** dst ← src · 2^64 (count values): the decode kernel's activations (see dotF16 for why), made once per matmul. */
export function scaleXForF16(dst: usize, src: usize, count: i32): void {
  const scale = f32x4.splat(X_SCALE);
  let i = 0;
  for (; i + 4 <= count; i += 4) v128.store(dst + (<usize>i << 2), f32x4.mul(v128.load(src + (<usize>i << 2)), scale));
  for (; i < count; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)) * X_SCALE);
}

/**
 * f16 weights × one token (n = 1) whose activations were scaled by 2^64 beforehand (scaleXForF16):
 * matmulF16's decode without its per-call copy — the pool calls a kernel once per chunk of rows,
 * ~12 times a matmul on 2 threads, and each copy of a 4864-wide x cost ~1 µs.
 */
export function matmulF16X(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  decodeF16(out, x, w, k, r0, r1, REBIAS_SCALED_X);
}

/**
 * One token: rows in pairs half the range apart (two accumulators each, then the tail one value at a
 * time). Two streams far apart keep the prefetcher going where one row at a time restarted it at
 * every row.
 */
function decodeF16(out: usize, x: usize, w: usize, k: i32, r0: i32, r1: i32, rebias: f32): void {
  const k8 = k & ~7;
  const rb = (<usize>k) << 1;
  const half = (r1 - r0) >> 1;
  const tailScale = rebias * reinterpret<f32>(0x07800000);
  for (let r = r0; r < r0 + half; r++) {
    const wa = w + <usize>r * rb;
    const wb = wa + <usize>half * rb;
    // 8 weights of each row a step, into two accumulators each. (Steps of 16 into four each held 8
    // accumulators, 4 activation and 4 weight vectors at once: V8 spilled 3 accumulators to the
    // stack and back every step, and the multiply-adds then waited on the store and reload —
    // 1.3–1.4× slower.)
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
    let b0 = f32x4.splat(0), b1 = f32x4.splat(0);
    for (let i = 0; i < k8; i += 8) {
      const o = (<usize>i) << 1;
      const xo = x + ((<usize>i) << 2);
      const x0 = v128.load(xo);
      const x1 = v128.load(xo, 16);
      const ha = v128.load(wa + o);
      const hb = v128.load(wb + o);
      const tha = f16top(ha), lha = f16low(ha);
      const thb = f16top(hb), lhb = f16low(hb);
      a0 = madd(f16x8lo(tha, lha), x0, a0);
      a1 = madd(f16x8hi(tha, lha), x1, a1);
      b0 = madd(f16x8lo(thb, lhb), x0, b0);
      b1 = madd(f16x8hi(thb, lhb), x1, b1);
    }
    store<f32>(out + (<usize>r << 2), hsum(f32x4.add(a0, a1)) * rebias + tailF16(wa, x, k8, k) * tailScale);
    store<f32>(out + (<usize>(r + half) << 2), hsum(f32x4.add(b0, b1)) * rebias + tailF16(wb, x, k8, k) * tailScale);
  }
  if ((r1 - r0) & 1) store<f32>(out + (<usize>(r1 - 1) << 2), dotF16(w + <usize>(r1 - 1) * rb, x, k, rebias));
}

// ---------------------------------------------------------------- bf16

/**
 * One token (decode): rows in pairs half the range apart, 8 weights of each a step into two
 * accumulators each (as decodeF16: steps of 16 into four spilled), then the tail one value at a
 * time. Two streams far apart keep the prefetcher going where one row at a time restarted it at
 * every row.
 */
function decodeBF16(out: usize, x: usize, w: usize, k: i32, r0: i32, r1: i32): void {
  const zero = i16x8.splat(0);
  const k8 = k & ~7;
  const rb = (<usize>k) << 1;
  const half = (r1 - r0) >> 1;
  for (let r = r0; r < r0 + half; r++) {
    const wa = w + <usize>r * rb;
    const wb = wa + <usize>half * rb;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
    let b0 = f32x4.splat(0), b1 = f32x4.splat(0);
    for (let i = 0; i < k8; i += 8) {
      const o = (<usize>i) << 1;
      const xo = x + ((<usize>i) << 2);
      const x0 = v128.load(xo);
      const x1 = v128.load(xo, 16);
      const ha = v128.load(wa + o);
      const hb = v128.load(wb + o);
      a0 = madd(v128.shuffle<i16>(zero, ha, 0, 8, 1, 9, 2, 10, 3, 11), x0, a0);
      a1 = madd(v128.shuffle<i16>(zero, ha, 4, 12, 5, 13, 6, 14, 7, 15), x1, a1);
      b0 = madd(v128.shuffle<i16>(zero, hb, 0, 8, 1, 9, 2, 10, 3, 11), x0, b0);
      b1 = madd(v128.shuffle<i16>(zero, hb, 4, 12, 5, 13, 6, 14, 7, 15), x1, b1);
    }
    let sa = hsum(f32x4.add(a0, a1));
    let sb = hsum(f32x4.add(b0, b1));
    for (let i = k8; i < k; i++) {
      const xi = load<f32>(x + ((<usize>i) << 2));
      sa += reinterpret<f32>(<u32>load<u16>(wa + ((<usize>i) << 1)) << 16) * xi;
      sb += reinterpret<f32>(<u32>load<u16>(wb + ((<usize>i) << 1)) << 16) * xi;
    }
    store<f32>(out + (<usize>r << 2), sa);
    store<f32>(out + (<usize>(r + half) << 2), sb);
  }
  if ((r1 - r0) & 1) store<f32>(out + (<usize>(r1 - 1) << 2), dotBF16(w + <usize>(r1 - 1) * rb, x, k));
}

/**
 * Row wr of bf16 weights · token xt (any k). bf16 is the top half of an f32: interleaving 8 bf16
 * lanes with zeros (x86: punpcklwd/punpckhwd) makes their f32s. 16 weights a step into 4
 * accumulators, as dotF16.
 */
@inline function dotBF16(wr: usize, xt: usize, k: i32): f32 {
  const zero = i16x8.splat(0);
  const k16 = k & ~15;
  const k8 = k & ~7;
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let i = 0;
  for (; i < k16; i += 16) {
    const h = v128.load(wr + (<usize>i << 1));
    const g = v128.load(wr + (<usize>i << 1), 16);
    const xo = xt + (<usize>i << 2);
    a0 = madd(v128.shuffle<i16>(zero, h, 0, 8, 1, 9, 2, 10, 3, 11), v128.load(xo), a0);
    a1 = madd(v128.shuffle<i16>(zero, h, 4, 12, 5, 13, 6, 14, 7, 15), v128.load(xo, 16), a1);
    a2 = madd(v128.shuffle<i16>(zero, g, 0, 8, 1, 9, 2, 10, 3, 11), v128.load(xo, 32), a2);
    a3 = madd(v128.shuffle<i16>(zero, g, 4, 12, 5, 13, 6, 14, 7, 15), v128.load(xo, 48), a3);
  }
  if (i < k8) {
    const h = v128.load(wr + (<usize>i << 1));
    const xo = xt + (<usize>i << 2);
    a0 = madd(v128.shuffle<i16>(zero, h, 0, 8, 1, 9, 2, 10, 3, 11), v128.load(xo), a0);
    a1 = madd(v128.shuffle<i16>(zero, h, 4, 12, 5, 13, 6, 14, 7, 15), v128.load(xo, 16), a1);
  }
  let s = hsum(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
  for (i = k8; i < k; i++) s += reinterpret<f32>(<u32>load<u16>(wr + (<usize>i << 1)) << 16) * load<f32>(xt + (<usize>i << 2));
  return s;
}

export function matmulBF16(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  if (n == 1) {
    decodeBF16(out, x, w, k, r0, r1);
    return;
  }
  for (let r = r0; r < r1; r++) {
    const wr = w + ((<usize>r * k) << 1);
    for (let t = 0; t < n; t++) store<f32>(out + ((<usize>t * rows + r) << 2), dotBF16(wr, x + ((<usize>t * k) << 2), k));
  }
}

// ---------------------------------------------------------------- f16 and bf16, tiles of tokens (prefill)

// For n ≥ 4 tokens, each call converts 4 to 8 weight rows at a time to f32, exactly, into its
// scratch slot, and runs the f32 kernel (matmulF32's tiles of 4 rows × 2 tokens) over them: a weight
// is converted once for all n tokens, and V8 keeps matmulF32's loop in registers, which it did not
// for tiles that convert as they go (it issues all of a step's loads first, and 4 tokens'
// activations next to the accumulators and converted weights did not fit 16 registers).

/** count (a multiple of 8) f16 values at src → f32 at dst, exactly (each · 2^112 once). */
@inline function f16ToF32(src: usize, count: i32, dst: usize): void {
  const rebias = f32x4.splat(REBIAS);
  for (let i = 0; i < count; i += 8) {
    const h = v128.load(src + (<usize>i << 1));
    const top = f16top(h), low = f16low(h);
    const o = dst + (<usize>i << 2);
    v128.store(o, f32x4.mul(f16x8lo(top, low), rebias));
    v128.store(o, f32x4.mul(f16x8hi(top, low), rebias), 16);
  }
}

/** count (a multiple of 8) bf16 values at src → f32 at dst: each one the top half of its f32. */
@inline function bf16ToF32(src: usize, count: i32, dst: usize): void {
  const zero = i16x8.splat(0);
  for (let i = 0; i < count; i += 8) {
    const h = v128.load(src + (<usize>i << 1));
    const o = dst + (<usize>i << 2);
    v128.store(o, v128.shuffle<i16>(zero, h, 0, 8, 1, 9, 2, 10, 3, 11));
    v128.store(o, v128.shuffle<i16>(zero, h, 4, 12, 5, 13, 6, 14, 7, 15), 16);
  }
}

/**
 * Rows [r0, r1) of 16-bit weights (bf16 if `brain`, else f16) × n tokens through f32 rows in a
 * scratch slot. False (nothing done) when k % 8 != 0, a slot holds < 4 rows, or none is free.
 */
@inline function viaF32Rows(brain: bool, out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, scratch: usize, slots: i32, slotBytes: usize): bool {
  if ((k & 7) != 0) return false;
  const per = <i32>(slotBytes / (<usize>k << 2)) & ~3; // rows per conversion: whole f32 tiles
  if (per == 0) return false;
  const s = claimSlot(scratch, slots);
  if (s < 0) return false;
  const slot = slotAt(scratch, s, slotBytes);
  const rowBytes = <usize>k << 1;
  for (let g = r0; g < r1; g += per) {
    const g1 = min(r1, g + per);
    if (brain) bf16ToF32(w + <usize>g * rowBytes, (g1 - g) * k, slot);
    else f16ToF32(w + <usize>g * rowBytes, (g1 - g) * k, slot);
    // matmulF32 reads row r at its w + r·4k: point that at the slot for rows g..g1.
    matmulF32(out, x, n, slot - ((<usize>g * k) << 2), k, rows, g, g1, 0, 0, 0);
  }
  freeSlot(scratch, s);
  return true;
}

/** matmulF16 for n ≥ 4 tokens (prefill), through f32 rows (viaF32Rows); else one token at a time. */
export function matmulF16T(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  if (!viaF32Rows(false, out, x, n, w, k, rows, r0, r1, xs, <i32>xq, xsum)) tokensF16(out, 0, n, x, w, k, rows, r0, r1, REBIAS);
}

/** matmulBF16 for n ≥ 4 tokens (prefill), as matmulF16T. */
export function matmulBF16T(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  if (!viaF32Rows(true, out, x, n, w, k, rows, r0, r1, xs, <i32>xq, xsum)) matmulBF16(out, x, n, w, k, rows, r0, r1, xs, xq, xsum);
}

// tongguan's hot kernels, AssemblyScript compiled to WebAssembly SIMD (build: npm run build:wasm).
// This file builds kernels.wasm (plain 128-bit SIMD); relaxed.ts adds relaxed-SIMD kernels on top
// of it for kernels-relaxed.wasm.
//
// Every matmul kernel has the same parameters (out, x, n, w, k, rows, r0, r1, xs, xq, xsum, xt) —
// unused ones are ignored or left off — so the worker pool can call any of them the same way. Each computes y = x·Wᵀ
// for the weight rows [r0, r1): out[t·rows + r] = Σ_i x[t, i]·W[r, i] for all tokens t < n.
// Pointers are byte addresses in the shared memory (src/tensor/memory.ts); the worker pool calls the
// same kernel on each thread with a different [r0, r1).
//
// Quantized weights use llama.cpp's scheme: the activations were first quantized to 8 bits per
// block (quantizeX32 / quantizeXK below: scales at xs, values at xq as i16 so one
// `i32x4.dot_i16x8_s` does 8 multiply-adds), then each block's integer dot product is scaled once
// by d_w·d_x.
//
// Prefill (n > 1 tokens): the quantized kernels work in tiles of 4 tokens (× 1 or 2 weight rows), so
// each weight block is loaded and unpacked once per 4 tokens instead of once per token, and the 4
// tokens' integer sums are gathered into one vector (hadd4) for one scale multiply-add; the rows go
// in groups that stay in L2 (rowTile) while the token tiles stream past. Loops the tiles could
// unroll are kept as loops on purpose: V8 schedules every load of an unrolled body ahead of the
// arithmetic and then spills registers (seen in --print-wasm-code), which cost more than the loop.
// xt (tileActs32) holds each tile's block scales and sums side by side for the 32-block kernels.
//
// No static data and no allocation: the module owns no memory, so every thread can instantiate it
// on the same shared memory.

import { hsum } from "./common";

export * from "./float";
export * from "./half";
export * from "./packed-q5";
export * from "./quant";

// ---------------------------------------------------------------- scalar helpers

/** f32 → nearest f16 value (ties to even), returned as f32: what storing d as f16 does to it. */
function roundF16(x: f32): f32 {
  const b = reinterpret<u32>(x);
  const sign = (b >> 16) & 0x8000;
  const e: i32 = <i32>((b >> 23) & 0xff) - 127 + 15;
  let mant = b & 0x7fffff;
  let r: u32;
  if (e >= 31) {
    r = 0x7c00;
  } else if (e <= 0) {
    if (e < -10) return reinterpret<f32>(sign << 16);
    mant |= 0x800000;
    const shift = <u32>(14 - e);
    const half: u32 = 1 << (shift - 1);
    r = mant >> shift;
    const rem = mant & ((1 << shift) - 1);
    if (rem > half || (rem == half && (r & 1) != 0)) r++;
  } else {
    r = (<u32>e << 10) | (mant >> 13);
    const rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (r & 1) != 0)) r++;
  }
  if ((r & 0x7c00) == 0x7c00) return reinterpret<f32>((sign << 16) | 0x7f800000);
  return f16(r | sign);
}

// ---------------------------------------------------------------- activation quantization

// Both quantizers write each value twice: as i16 at xq (for `i32x4.dot_i16x8_s`) and as i8 at xq8
// (for relaxed SIMD's 8-bit dot, see relaxed.ts); and the sum of every 16 values' q at xsum (i32),
// for the terms where a weight offset multiplies Σ q_x (q4_K mins; q4_0's −8 in relaxed.ts).

/**
 * 16 values at x·id rounded to the nearest integer (ties to even, as the scalar `nearest`): stored
 * as i16 at xq16 and as i8 at xq8 (|q| ≤ 127 fits both); returns their sum. `hi` caps q (q8_K's
 * min(127, …)).
 *
 * The rounding is the "magic number" 1.5·2²³: adding it to v (|v| < 2²²) rounds v to an integer
 * (ties to even, the FPU's rounding) that is then the sum's low mantissa bits, so q = bits(v + M) −
 * bits(M) — two instructions where V8 emits ~8 for `nearest` + `trunc_sat` (~2× faster quantizing).
 */
@inline function quantize16(x: usize, id: v128, hi: v128, xq16: usize, xq8: usize): i32 {
  const m = f32x4.splat(12582912); // 1.5·2²³
  const q0 = i32x4.min_s(i32x4.sub(f32x4.add(f32x4.mul(v128.load(x), id), m), m), hi);
  const q1 = i32x4.min_s(i32x4.sub(f32x4.add(f32x4.mul(v128.load(x, 16), id), m), m), hi);
  const q2 = i32x4.min_s(i32x4.sub(f32x4.add(f32x4.mul(v128.load(x, 32), id), m), m), hi);
  const q3 = i32x4.min_s(i32x4.sub(f32x4.add(f32x4.mul(v128.load(x, 48), id), m), m), hi);
  const a = i16x8.narrow_i32x4_s(q0, q1);
  const b = i16x8.narrow_i32x4_s(q2, q3);
  v128.store(xq16, a);
  v128.store(xq16, b, 16);
  v128.store(xq8, i8x16.narrow_i16x8_s(a, b));
  const s = i32x4.add(i32x4.add(q0, q1), i32x4.add(q2, q3));
  return i32x4.extract_lane(s, 0) + i32x4.extract_lane(s, 1) + i32x4.extract_lane(s, 2) + i32x4.extract_lane(s, 3);
}

/** max |x| over `count` (a multiple of 16) f32 values at x. (pmax: one instruction; |x| has no −0 to order.) */
@inline function absMax(x: usize, count: i32): f32 {
  let m0 = f32x4.splat(0);
  let m1 = f32x4.splat(0);
  for (let j = 0; j < count; j += 16) {
    const p = x + (<usize>j << 2);
    m0 = f32x4.pmax(m0, f32x4.pmax(f32x4.abs(v128.load(p)), f32x4.abs(v128.load(p, 16))));
    m1 = f32x4.pmax(m1, f32x4.pmax(f32x4.abs(v128.load(p, 32)), f32x4.abs(v128.load(p, 48))));
  }
  const m = f32x4.pmax(m0, m1);
  return max(max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
}

/**
 * x (count f32, count % 32 == 0) → blocks of 32: scale f32 at xs (d rounded to f16, as q8_0 stores
 * it). d = max|x|/127, q = round(x·127/max|x|), ties to even.
 */
export function quantizeX32(x: usize, count: i32, xs: usize, xq: usize, xq8: usize, xsum: usize): void {
  const cap = i32x4.splat(127); // |q| ≤ 127 here already: a no-op cap
  for (let b = 0; b < count; b += 32) {
    const amax = absMax(x + (<usize>b << 2), 32);
    store<f32>(xs + ((b >> 5) << 2), roundF16(amax / 127));
    const id = f32x4.splat(amax != 0 ? <f32>127 / amax : 0);
    for (let g = b; g < b + 32; g += 16) {
      const s = quantize16(x + (<usize>g << 2), id, cap, xq + (<usize>g << 1), xq8 + <usize>g);
      store<i32>(xsum + ((g >> 4) << 2), s);
    }
  }
}

/**
 * x → llama.cpp's q8_K blocks of 256: the value of largest magnitude `m` (the first one, if several)
 * maps to −127, q = min(127, round(x·(−127/m))), d = 1/(−127/m) as f32 at xs.
 */
export function quantizeXK(x: usize, count: i32, xs: usize, xq: usize, xq8: usize, xsum: usize): void {
  const cap = i32x4.splat(127);
  for (let b = 0; b < count; b += 256) {
    const p = x + (<usize>b << 2);
    const amax = absMax(p, 256);
    let mx: f32 = 0;
    for (let j = 0; j < 256; j++) {
      const v = load<f32>(p + (<usize>j << 2));
      if (abs(v) == amax) {
        mx = v;
        break;
      }
    }
    const iscale: f32 = amax != 0 ? <f32>-127 / mx : 0;
    store<f32>(xs + ((b >> 8) << 2), amax != 0 ? <f32>1 / iscale : 0);
    const id = f32x4.splat(iscale);
    for (let g = b; g < b + 256; g += 16) {
      const s = quantize16(x + (<usize>g << 2), id, cap, xq + (<usize>g << 1), xq8 + <usize>g);
      store<i32>(xsum + ((g >> 4) << 2), s);
    }
  }
}

// The two quantizers as jobs of the worker pool (src/tensor/pool.ts), over tokens r0..r1 of k values
// each, in its argument order: (x, xq8, k, xs, xq, rows, r0, r1, xsum). Every token's blocks land
// where the whole-array call puts them.

export function quantizeX32Job(x: usize, xq8: usize, k: i32, xs: usize, xq: usize, _rows: i32, r0: i32, r1: i32, xsum: usize): void {
  const v = <usize>r0 * <usize>k;
  quantizeX32(x + (v << 2), (r1 - r0) * k, xs + ((v >> 5) << 2), xq + (v << 1), xq8 + v, xsum + ((v >> 4) << 2));
}

export function quantizeXKJob(x: usize, xq8: usize, k: i32, xs: usize, xq: usize, _rows: i32, r0: i32, r1: i32, xsum: usize): void {
  const v = <usize>r0 * <usize>k;
  quantizeXK(x + (v << 2), (r1 - r0) * k, xs + ((v >> 8) << 2), xq + (v << 1), xq8 + v, xsum + ((v >> 4) << 2));
}

/**
 * For the prefill tiles of the 32-block kernels: for each full tile of 4 tokens T and block b, 32
 * bytes at xt + (T·nb + b)·32: the 4 tokens' scales d_x (f32x4), then their Σ q_x over the block
 * (i32x4) — so a kernel reads them with two loads instead of gathering 12 scalars per block.
 */
export function tileActs32(n: i32, k: i32, xs: usize, xsum: usize, xt: usize): void {
  const nb = k >> 5;
  const sStride = <usize>nb << 2;
  const bStride = <usize>(k >> 4) << 2;
  for (let t = 0; t + 4 <= n; t += 4) {
    const s0 = xs + <usize>t * sStride;
    const b0 = xsum + <usize>t * bStride;
    const out = xt + ((<usize>(t >> 2) * nb) << 5);
    for (let b = 0; b < nb; b++) {
      const sp = s0 + (<usize>b << 2);
      const bp = b0 + (<usize>b << 3);
      let d = f32x4.splat(load<f32>(sp));
      d = f32x4.replace_lane(d, 1, load<f32>(sp + sStride));
      d = f32x4.replace_lane(d, 2, load<f32>(sp + 2 * sStride));
      d = f32x4.replace_lane(d, 3, load<f32>(sp + 3 * sStride));
      let s = i32x4.splat(load<i32>(bp) + load<i32>(bp, 4));
      s = i32x4.replace_lane(s, 1, load<i32>(bp + bStride) + load<i32>(bp + bStride, 4));
      s = i32x4.replace_lane(s, 2, load<i32>(bp + 2 * bStride) + load<i32>(bp + 2 * bStride, 4));
      s = i32x4.replace_lane(s, 3, load<i32>(bp + 3 * bStride) + load<i32>(bp + 3 * bStride, 4));
      v128.store(out + (<usize>b << 5), d);
      v128.store(out + (<usize>b << 5), s, 16);
    }
  }
}

// ---------------------------------------------------------------- memory bandwidth probe

/**
 * out[r] = Σ of row r of w (k f32 values, k % 16 == 0), for rows [r0, r1): a pure streaming read with
 * the matmul kernels' parameters, so the pool can run it on all threads. The benchmark's yardstick.
 * Rows in pairs half the range apart, as the decode kernels read them: two streams keep more reads in
 * flight than one (on these machines one thread reads ~17 GB/s in one stream, ~25 in two), so the
 * yardstick is what the memory gives, not what one stream gets.
 */
export function streamRows(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const rb = <usize>k << 2;
  const half = (r1 - r0) >> 1;
  for (let r = r0; r < r0 + half; r++) {
    const p = w + <usize>r * rb;
    const q = p + <usize>half * rb;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
    for (let o: usize = 0; o < rb; o += 32) {
      a0 = f32x4.add(a0, v128.load(p + o));
      a1 = f32x4.add(a1, v128.load(p + o, 16));
      b0 = f32x4.add(b0, v128.load(q + o));
      b1 = f32x4.add(b1, v128.load(q + o, 16));
    }
    store<f32>(out + (<usize>r << 2), hsum(f32x4.add(a0, a1)));
    store<f32>(out + (<usize>(r + half) << 2), hsum(f32x4.add(b0, b1)));
  }
  if ((r1 - r0) & 1) {
    const p = w + <usize>(r1 - 1) * rb;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
    for (let o: usize = 0; o < rb; o += 32) {
      a0 = f32x4.add(a0, v128.load(p + o));
      a1 = f32x4.add(a1, v128.load(p + o, 16));
    }
    store<f32>(out + (<usize>(r1 - 1) << 2), hsum(f32x4.add(a0, a1)));
  }
}

// tongguan's hot kernels, AssemblyScript compiled to WebAssembly SIMD (build: npm run build:wasm).
// This file builds kernels.wasm (plain 128-bit SIMD); relaxed.ts adds relaxed-SIMD kernels on top
// of it for kernels-relaxed.wasm.
//
// Every matmul kernel has the same parameters (out, x, n, w, k, rows, r0, r1, xs, xq, xsum) — unused
// ones are ignored — so the worker pool can call any of them the same way. Each computes y = x·Wᵀ
// for the weight rows [r0, r1): out[t·rows + r] = Σ_i x[t, i]·W[r, i] for all tokens t < n.
// Pointers are byte addresses in the shared memory (src/tensor/memory.ts); the worker pool calls the
// same kernel on each thread with a different [r0, r1).
//
// Quantized weights use llama.cpp's scheme: the activations were first quantized to 8 bits per
// block (quantizeX32 / quantizeXK below: scales at xs, values at xq as i16 so one
// `i32x4.dot_i16x8_s` does 8 multiply-adds), then each block's integer dot product is scaled once
// by d_w·d_x.
//
// No static data and no allocation: the module owns no memory, so every thread can instantiate it
// on the same shared memory.

import { hsum } from "./common";

export * from "./float";
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

@inline function storeQ(xq: usize, xq8: usize, i: i32, q: i32): void {
  store<i16>(xq + (<usize>i << 1), <i16>q);
  store<i8>(xq8 + <usize>i, <i8>q);
}

/**
 * x (count f32, count % 32 == 0) → blocks of 32: scale f32 at xs (d rounded to f16, as q8_0 stores
 * it). d = max|x|/127, q = round(x·127/max|x|), ties to even.
 */
export function quantizeX32(x: usize, count: i32, xs: usize, xq: usize, xq8: usize, xsum: usize): void {
  for (let b = 0; b < count; b += 32) {
    let amax: f32 = 0;
    for (let j = 0; j < 32; j++) amax = max(amax, abs(load<f32>(x + ((b + j) << 2))));
    store<f32>(xs + ((b >> 5) << 2), roundF16(amax / 127));
    const id: f32 = amax != 0 ? <f32>127 / amax : 0;
    for (let g = 0; g < 32; g += 16) {
      let s = 0;
      for (let j = 0; j < 16; j++) {
        const q = <i32>nearest(load<f32>(x + ((b + g + j) << 2)) * id);
        storeQ(xq, xq8, b + g + j, q);
        s += q;
      }
      store<i32>(xsum + (((b + g) >> 4) << 2), s);
    }
  }
}

/**
 * x → llama.cpp's q8_K blocks of 256: the value of largest magnitude `m` maps to −127,
 * q = min(127, round(x·(−127/m))), d = 1/(−127/m) as f32 at xs.
 */
export function quantizeXK(x: usize, count: i32, xs: usize, xq: usize, xq8: usize, xsum: usize): void {
  for (let b = 0; b < count; b += 256) {
    let amax: f32 = 0;
    let mx: f32 = 0;
    for (let j = 0; j < 256; j++) {
      const v = load<f32>(x + ((b + j) << 2));
      if (abs(v) > amax) {
        amax = abs(v);
        mx = v;
      }
    }
    const iscale: f32 = amax != 0 ? <f32>-127 / mx : 0;
    store<f32>(xs + ((b >> 8) << 2), amax != 0 ? <f32>1 / iscale : 0);
    for (let g = 0; g < 256; g += 16) {
      let s = 0;
      for (let j = 0; j < 16; j++) {
        const q = min(127, <i32>nearest(load<f32>(x + ((b + g + j) << 2)) * iscale));
        storeQ(xq, xq8, b + g + j, q);
        s += q;
      }
      store<i32>(xsum + (((b + g) >> 4) << 2), s);
    }
  }
}

// ---------------------------------------------------------------- memory bandwidth probe

/**
 * out[r] = Σ of row r of w (k f32 values, k % 16 == 0), for rows [r0, r1): a pure streaming read with
 * the matmul kernels' parameters, so the pool can run it on all threads. The benchmark's yardstick.
 */
export function streamRows(out: usize, x: usize, n: i32, w: usize, k: i32, rows: i32, r0: i32, r1: i32, xs: usize, xq: usize, xsum: usize): void {
  const rb = <usize>k << 2;
  for (let r = r0; r < r1; r++) {
    const p = w + <usize>r * rb;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    for (let o: usize = 0; o < rb; o += 64) {
      a0 = f32x4.add(a0, v128.load(p + o));
      a1 = f32x4.add(a1, v128.load(p + o, 16));
      a2 = f32x4.add(a2, v128.load(p + o, 32));
      a3 = f32x4.add(a3, v128.load(p + o, 48));
    }
    store<f32>(out + (<usize>r << 2), hsum(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3))));
  }
}

// AssemblyScript: per-row ops between the matmuls of GPT-2 and BERT — adding a linear layer's bias and
// LayerNorm — as 128-bit SIMD on the shared tensor memory. Build: npm run build:wasm. Called through
// src/tensor/wasm/row-ops-simd.ts (fast-ops.ts picks it or the reference ops). All pointers are byte addresses of f32 arrays.

/** y (rows, cols) += b (cols) on every row. */
export function addBias(y: usize, b: usize, rows: i32, cols: i32): void {
  const rowBytes = (<usize>cols) << 2;
  const vecBytes = rowBytes & ~(<usize>15);
  for (let r = 0; r < rows; r++) {
    const row = y + <usize>r * rowBytes;
    let i: usize = 0;
    for (; i < vecBytes; i += 16) v128.store(row + i, f32x4.add(v128.load(row + i), v128.load(b + i)));
    for (; i < rowBytes; i += 4) store<f32>(row + i, load<f32>(row + i) + load<f32>(b + i));
  }
}

/** The high two lanes of an f32x4, moved low (for f64x2.promote_low_f32x4). */
function high(v: v128): v128 {
  return i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
}

/**
 * out (rows, dim) ← w ⊙ (x − mean) / √(var + eps) + b per row (Ba et al. 2016; biased variance). As
 * the reference (and ggml's norm, which sums in double): mean, variance and x − mean in f64, two
 * passes — a row of large values (a residual stream's outliers) keeps its small deviations. out may be x.
 */
export function layerNorm(out: usize, x: usize, rows: i32, dim: i32, w: usize, b: usize, eps: f32): void {
  const rowBytes = (<usize>dim) << 2;
  const vecBytes = rowBytes & ~(<usize>15);
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    const or = out + <usize>r * rowBytes;
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let i: usize = 0;
    for (; i < vecBytes; i += 16) {
      const v = v128.load(xr + i);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(high(v)));
    }
    const s = f64x2.add(s0, s1);
    let sum = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    for (; i < rowBytes; i += 4) sum += <f64>load<f32>(xr + i);
    const mean = sum / <f64>dim;
    const m = f64x2.splat(mean);
    let q0 = f64x2.splat(0);
    let q1 = f64x2.splat(0);
    for (i = 0; i < vecBytes; i += 16) {
      const v = v128.load(xr + i);
      const d0 = f64x2.sub(f64x2.promote_low_f32x4(v), m);
      const d1 = f64x2.sub(f64x2.promote_low_f32x4(high(v)), m);
      q0 = f64x2.add(q0, f64x2.mul(d0, d0));
      q1 = f64x2.add(q1, f64x2.mul(d1, d1));
    }
    const q = f64x2.add(q0, q1);
    let sq = f64x2.extract_lane(q, 0) + f64x2.extract_lane(q, 1);
    for (; i < rowBytes; i += 4) {
      const d = <f64>load<f32>(xr + i) - mean;
      sq += d * d;
    }
    const inv = 1 / Math.sqrt(sq / <f64>dim + <f64>eps);
    const iv = f64x2.splat(inv);
    for (i = 0; i < vecBytes; i += 16) {
      const v = v128.load(xr + i);
      const y0 = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(v), m), iv));
      const y1 = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(high(v)), m), iv));
      const y = i8x16.shuffle(y0, y1, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
      v128.store(or + i, f32x4.add(f32x4.mul(y, v128.load(w + i)), v128.load(b + i)));
    }
    for (; i < rowBytes; i += 4) {
      const y = <f32>((<f64>load<f32>(xr + i) - mean) * inv);
      store<f32>(or + i, y * load<f32>(w + i) + load<f32>(b + i));
    }
  }
}

/**
 * out (rows, dim) ← x / √(mean(x²) + eps) ⊙ w per row (RMSNorm, Zhang & Sennrich 2019). As the
 * reference: the sum of squares, 1/√…, and x · inv · w in f64, rounded to f32 once. out may be x.
 */
export function rmsNorm(out: usize, x: usize, rows: i32, dim: i32, w: usize, eps: f64): void {
  const rowBytes = (<usize>dim) << 2;
  const vecBytes = rowBytes & ~(<usize>15);
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    const or = out + <usize>r * rowBytes;
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let i: usize = 0;
    for (; i < vecBytes; i += 16) {
      const v = v128.load(xr + i);
      const lo = f64x2.promote_low_f32x4(v);
      const hi = f64x2.promote_low_f32x4(high(v));
      s0 = f64x2.add(s0, f64x2.mul(lo, lo));
      s1 = f64x2.add(s1, f64x2.mul(hi, hi));
    }
    const s = f64x2.add(s0, s1);
    let ss = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    for (; i < rowBytes; i += 4) {
      const v = <f64>load<f32>(xr + i);
      ss += v * v;
    }
    const inv = 1 / Math.sqrt(ss / <f64>dim + eps);
    const iv = f64x2.splat(inv);
    for (i = 0; i < vecBytes; i += 16) {
      const v = v128.load(xr + i);
      const wv = v128.load(w + i);
      const y0 = f32x4.demote_f64x2_zero(
        f64x2.mul(f64x2.mul(f64x2.promote_low_f32x4(v), iv), f64x2.promote_low_f32x4(wv)),
      );
      const y1 = f32x4.demote_f64x2_zero(
        f64x2.mul(f64x2.mul(f64x2.promote_low_f32x4(high(v)), iv), f64x2.promote_low_f32x4(high(wv))),
      );
      v128.store(or + i, i8x16.shuffle(y0, y1, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23));
    }
    for (; i < rowBytes; i += 4)
      store<f32>(or + i, <f32>(<f64>load<f32>(xr + i) * inv * <f64>load<f32>(w + i)));
  }
}

/** x (rows, cols) += y (rows, cols): the residual connection. */
export function addRows(x: usize, y: usize, rows: i32, cols: i32): void {
  const bytes = (<usize>rows * <usize>cols) << 2;
  const vecBytes = bytes & ~(<usize>15);
  let i: usize = 0;
  for (; i < vecBytes; i += 16) v128.store(x + i, f32x4.add(v128.load(x + i), v128.load(y + i)));
  for (; i < bytes; i += 4) store<f32>(x + i, load<f32>(x + i) + load<f32>(y + i));
}

// ---------------------------------------------------------------- as jobs of the worker pool
// src/tensor/pool.ts runs these over rows r0..r1 in every thread, with its kernels' argument order
// (a0, a1, a2, a3, a4, rows, r0, r1, …): each does the rows r0..r1 of the op above.

export function addBiasJob(
  y: usize,
  b: usize,
  cols: i32,
  _a3: i32,
  _a4: i32,
  _rows: i32,
  r0: i32,
  r1: i32,
): void {
  addBias(y + ((<usize>r0 * <usize>cols) << 2), b, r1 - r0, cols);
}

export function addRowsJob(
  x: usize,
  y: usize,
  cols: i32,
  _a3: i32,
  _a4: i32,
  _rows: i32,
  r0: i32,
  r1: i32,
): void {
  const offset = (<usize>r0 * <usize>cols) << 2;
  addRows(x + offset, y + offset, r1 - r0, cols);
}

/** eps arrives as its f64 bits, low and high half (the pool's arguments are integers). */
export function rmsNormJob(
  out: usize,
  x: usize,
  dim: i32,
  w: usize,
  epsLo: i32,
  _rows: i32,
  r0: i32,
  r1: i32,
  epsHi: i32,
): void {
  const offset = (<usize>r0 * <usize>dim) << 2;
  const eps = reinterpret<f64>(((<i64>epsHi) << 32) | (<i64>epsLo & 0xffffffff));
  rmsNorm(out + offset, x + offset, r1 - r0, dim, w, eps);
}

/** eps arrives as its f32 bits (the pool's arguments are integers). */
export function layerNormJob(
  out: usize,
  x: usize,
  dim: i32,
  w: usize,
  b: usize,
  _rows: i32,
  r0: i32,
  r1: i32,
  epsBits: i32,
): void {
  const offset = (<usize>r0 * <usize>dim) << 2;
  layerNorm(out + offset, x + offset, r1 - r0, dim, w, b, reinterpret<f32>(epsBits));
}

// ---------------------------------------------------------------- f32 → f16 (the KV cache's rows)

/**
 * 4 f32 lanes → the bits of the nearest f16 (ties to even; overflow → ±Inf, NaN → 0x7e00 with its
 * sign), one per i32 lane — exactly as f32ToF16 in src/tensor/f16.ts. Branch-free, after F. Giesen's
 * float_to_half_fast3_rtne ("Half to float done quic", 2012): a normal f16 rebiases the exponent
 * (−112 << 23) and rounds at bit 13 by adding 0xfff plus the lowest kept bit; a subnormal one adds
 * 0.5 as floats, so the FPU rounds the value to a multiple of 2^−24 (ties to even) in the low bits.
 */
@inline function f16Bits4(v: v128): v128 {
  const sign = v128.and(i32x4.shr_u(v, 16), i32x4.splat(0x8000));
  const u = v128.and(v, i32x4.splat(0x7fffffff));
  const odd = v128.and(i32x4.shr_u(u, 13), i32x4.splat(1));
  const normal = i32x4.shr_u(i32x4.add(i32x4.add(u, i32x4.splat(0xc8000fff)), odd), 13);
  const half = i32x4.splat(126 << 23); // 0.5f
  const sub = i32x4.sub(f32x4.add(u, half), half);
  const inf = v128.bitselect(i32x4.splat(0x7e00), i32x4.splat(0x7c00), i32x4.gt_s(u, i32x4.splat(0x7f800000)));
  const finite = v128.bitselect(sub, normal, i32x4.lt_s(u, i32x4.splat(113 << 23))); // below 2^−14: subnormal
  return v128.or(v128.bitselect(inf, finite, i32x4.ge_s(u, i32x4.splat(143 << 23))), sign); // from 65536: Inf
}

/** dst[0..count) ← f16 bits of src[0..count) (f32), 8 at a time; count % 8 == 0. */
export function toF16(dst: usize, src: usize, count: i32): void {
  const bytes = <usize>count << 2;
  for (let i: usize = 0; i < bytes; i += 32) {
    const lo = f16Bits4(v128.load(src + i));
    const hi = f16Bits4(v128.load(src + i, 16));
    v128.store(dst + (i >> 1), i16x8.narrow_i32x4_u(lo, hi)); // values ≤ 0xffff: no saturation
  }
}

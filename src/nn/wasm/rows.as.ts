// AssemblyScript: per-row ops between the matmuls of GPT-2 and BERT — adding a linear layer's bias and
// LayerNorm — as 128-bit SIMD on the shared tensor memory. Build: npm run build:wasm:nn. Loaded by
// src/nn/linear.ts and src/nn/layerNorm.ts, whose fallbacks are the plain loops / src/tensor's
// reference layerNorm. All pointers are byte addresses of f32 arrays.

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

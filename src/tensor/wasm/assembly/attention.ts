// AssemblyScript: the two inner loops of attention as 128-bit SIMD, on the shared tensor memory.
// Build: npm run build:wasm (writes ../attention.wasm). Called through src/tensor/wasm/attention-simd.ts;
// src/tensor/attention.ts holds the reference loops in plain TypeScript.
// All pointers are byte addresses of f32 arrays; headDim must be a multiple of 4.

import { exp4 } from "./exp4";

/** [Σ lanes of a, Σ b, Σ c, Σ d] for four f32x4 vectors. */
function hadd4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = f32x4.add(
    i8x16.shuffle(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
    i8x16.shuffle(a, b, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31),
  ); // [a0+a2, a1+a3, b0+b2, b1+b3]
  const cd = f32x4.add(
    i8x16.shuffle(c, d, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23),
    i8x16.shuffle(c, d, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31),
  );
  return f32x4.add(
    i8x16.shuffle(ab, cd, 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27),
    i8x16.shuffle(ab, cd, 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31),
  );
}

/** q · k over `rowBytes` bytes, as four partial sums in one f32x4. */
function dot4(q: usize, k: usize, rowBytes: usize): v128 {
  let a = f32x4.splat(0);
  for (let d: usize = 0; d < rowBytes; d += 16)
    a = f32x4.add(a, f32x4.mul(v128.load(q + d), v128.load(k + d)));
  return a;
}

/**
 * scores[i·visible + j] = (q[i] · keys[j]) · scale for i < group, j < visible, where q[i] is the
 * headDim floats at q + i·headDim and keys[j] those at keys + j·kvDim. Four keys at a time, so the
 * four sums are reduced together and stored as one vector.
 */
export function attnScores(
  scores: usize,
  q: usize,
  keys: usize,
  kvDim: i32,
  headDim: i32,
  group: i32,
  visible: i32,
  scale: f32,
): void {
  const rowBytes = (<usize>headDim) << 2;
  const keyStride = (<usize>kvDim) << 2;
  const sc = f32x4.splat(scale);
  const vis = <usize>visible;
  // Keys in blocks of 4, and every query head of the group on each block while it is in L1, so
  // each key row comes from memory once however many heads share it.
  let j = 0;
  for (; j + 4 <= visible; j += 4) {
    const k0 = keys + <usize>j * keyStride;
    const k1 = k0 + keyStride;
    const k2 = k1 + keyStride;
    const k3 = k2 + keyStride;
    for (let i = 0; i < group; i++) {
      const qi = q + <usize>i * rowBytes;
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      for (let d: usize = 0; d < rowBytes; d += 16) {
        const x = v128.load(qi + d);
        a0 = f32x4.add(a0, f32x4.mul(x, v128.load(k0 + d)));
        a1 = f32x4.add(a1, f32x4.mul(x, v128.load(k1 + d)));
        a2 = f32x4.add(a2, f32x4.mul(x, v128.load(k2 + d)));
        a3 = f32x4.add(a3, f32x4.mul(x, v128.load(k3 + d)));
      }
      v128.store(scores + ((<usize>i * vis + <usize>j) << 2), f32x4.mul(hadd4(a0, a1, a2, a3), sc));
    }
  }
  for (; j < visible; j++) {
    const kj = keys + <usize>j * keyStride;
    for (let i = 0; i < group; i++) {
      const a = dot4(q + <usize>i * rowBytes, kj, rowBytes);
      const s =
        f32x4.extract_lane(a, 0) +
        f32x4.extract_lane(a, 1) +
        (f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3));
      store<f32>(scores + ((<usize>i * vis + <usize>j) << 2), s * scale);
    }
  }
}

/**
 * out[i] = Σⱼ p[i·visible + j] · values[j] for i < group (out[i]: headDim floats at out + i·outStride·4,
 * values[j]: headDim floats at values + j·kvDim·4). The output is built 16 floats at a time in four
 * registers while the value rows stream past, so it is stored once per block of rows, not per row.
 */
export function attnWeightedSum(
  out: usize,
  outStride: i32,
  p: usize,
  values: usize,
  kvDim: i32,
  headDim: i32,
  group: i32,
  visible: i32,
): void {
  const rowBytes = (<usize>headDim) << 2;
  const valueStride = (<usize>kvDim) << 2;
  if (visible <= 0) {
    for (let i = 0; i < group; i++) memory.fill(out + ((<usize>i * <usize>outStride) << 2), 0, rowBytes);
    return;
  }
  // Value rows in blocks of 32 (8 KiB at headDim 64), each block used by every head of the group while
  // it sits in L1; the output rows are reloaded per block (exact: they are f32 either way).
  for (let jb = 0; jb < visible; jb += 32) {
    const je = min(jb + 32, visible);
    for (let i = 0; i < group; i++) {
      const o = out + ((<usize>i * <usize>outStride) << 2);
      const pi = p + ((<usize>i * <usize>visible) << 2);
      let d: usize = 0;
      for (; d + 64 <= rowBytes; d += 64) {
        let a0 = f32x4.splat(0);
        let a1 = f32x4.splat(0);
        let a2 = f32x4.splat(0);
        let a3 = f32x4.splat(0);
        if (jb > 0) {
          a0 = v128.load(o + d);
          a1 = v128.load(o + d, 16);
          a2 = v128.load(o + d, 32);
          a3 = v128.load(o + d, 48);
        }
        let v = values + <usize>jb * valueStride + d;
        for (let j = jb; j < je; j++) {
          const pj = f32x4.splat(load<f32>(pi + ((<usize>j) << 2)));
          a0 = f32x4.add(a0, f32x4.mul(pj, v128.load(v)));
          a1 = f32x4.add(a1, f32x4.mul(pj, v128.load(v, 16)));
          a2 = f32x4.add(a2, f32x4.mul(pj, v128.load(v, 32)));
          a3 = f32x4.add(a3, f32x4.mul(pj, v128.load(v, 48)));
          v += valueStride;
        }
        v128.store(o + d, a0);
        v128.store(o + d, a1, 16);
        v128.store(o + d, a2, 32);
        v128.store(o + d, a3, 48);
      }
      for (; d < rowBytes; d += 16) {
        let a0 = jb > 0 ? v128.load(o + d) : f32x4.splat(0);
        let v = values + <usize>jb * valueStride + d;
        for (let j = jb; j < je; j++) {
          a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(pi + ((<usize>j) << 2))), v128.load(v)));
          v += valueStride;
        }
        v128.store(o + d, a0);
      }
    }
  }
}

/** Each of `rows` rows of `width` floats at `scores` becomes its softmax (max subtracted first). */
export function attnSoftmax(scores: usize, rows: i32, width: i32): void {
  const rowBytes = (<usize>width) << 2;
  const body = rowBytes & ~(<usize>15);
  for (let i = 0; i < rows; i++) {
    const s = scores + <usize>i * rowBytes;
    let m: f32 = -Infinity;
    for (let d: usize = 0; d < rowBytes; d += 4) m = max(m, load<f32>(s + d));
    const mv = f32x4.splat(m);
    let sum4 = f32x4.splat(0);
    let d: usize = 0;
    for (; d < body; d += 16) {
      const e = exp4(f32x4.sub(v128.load(s + d), mv));
      v128.store(s + d, e);
      sum4 = f32x4.add(sum4, e);
    }
    let sum =
      f32x4.extract_lane(sum4, 0) +
      f32x4.extract_lane(sum4, 1) +
      (f32x4.extract_lane(sum4, 2) + f32x4.extract_lane(sum4, 3));
    for (; d < rowBytes; d += 4) {
      const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(s + d) - m)), 0);
      store<f32>(s + d, e);
      sum += e;
    }
    const inv = f32x4.splat(<f32>1 / sum);
    for (d = 0; d < body; d += 16) v128.store(s + d, f32x4.mul(v128.load(s + d), inv));
    const invs = <f32>1 / sum;
    for (; d < rowBytes; d += 4) store<f32>(s + d, load<f32>(s + d) * invs);
  }
}

// ---------------------------------------------------------------- as a job of the worker pool

/**
 * Attention over a KV cache for items i0..i1 of (query row r, K/V head g), i = r·kvHeads + g: the
 * scores of the group's query heads against the visible keys, their softmax, and the weighted sum
 * of values. src/tensor/pool.ts runs it in every thread with its kernels' argument order; `thread`
 * picks this thread's scores scratch. The other arguments are in a
 * block of i32 at `params` (attention-simd.ts writes it): out, q, keys, values, kvDim, headDim,
 * group, kvHeads, qDim, qStart, causal, kvLen, scale (f32 bits), scores, scores bytes per thread.
 */
export function attentionJob(
  params: usize,
  _a1: i32,
  _a2: i32,
  _a3: i32,
  _a4: i32,
  _items: i32,
  i0: i32,
  i1: i32,
  _a8: i32,
  _a9: i32,
  _a10: i32,
  _a11: i32,
  thread: i32,
): void {
  const out = <usize>load<i32>(params);
  const q = <usize>load<i32>(params, 4);
  const keys = <usize>load<i32>(params, 8);
  const values = <usize>load<i32>(params, 12);
  const kvDim = load<i32>(params, 16);
  const hd = load<i32>(params, 20);
  const group = load<i32>(params, 24);
  const kvHeads = load<i32>(params, 28);
  const qDim = load<i32>(params, 32);
  const qStart = load<i32>(params, 36);
  const causal = load<i32>(params, 40);
  const kvLen = load<i32>(params, 44);
  const scale = load<f32>(params, 48);
  const scores = <usize>load<i32>(params, 52) + <usize>thread * <usize>load<i32>(params, 56);
  for (let i = i0; i < i1; i++) {
    const r = i / kvHeads;
    const g = i - r * kvHeads;
    const visible = causal ? min(kvLen, qStart + r + 1) : kvLen;
    const rowOffset = (<usize>(r * qDim + g * group * hd)) << 2; // first query head of this group
    const kvOffset = (<usize>(g * hd)) << 2;
    attnScores(scores, q + rowOffset, keys + kvOffset, kvDim, hd, group, visible, scale);
    attnSoftmax(scores, group, visible);
    attnWeightedSum(out + rowOffset, hd, scores, values + kvOffset, kvDim, hd, group, visible);
  }
}

// AssemblyScript: the two inner loops of attention as 128-bit SIMD, on the shared tensor memory.
// Build: npm run build:wasm (writes ../attention.wasm). Called through src/tensor/wasm/attention-simd.ts;
// src/tensor/attention.ts holds the reference loops in plain TypeScript.
// All pointers are byte addresses of f32 arrays; headDim must be a multiple of 4 — except the cached
// keys and values, which may also be f16 (headDim a multiple of 8) or q8_0 (a multiple of 32): the
// KV cache types, read here directly (see "KV cache types" below).

import { F16_REBIAS, f16at, hsum } from "./common";
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

// ---------------------------------------------------------------- KV cache types

// The cache types (src/nn/kv-cache.ts): 0 f32, 1 f16, 2 q8_0 (ggml's blocks of 32 int8 values after
// their f16 scale d, 34 bytes: value = d · q). A row of a head is headDim values at `row`.
const F16: i32 = 1;

/**
 * 8 f16 lanes at p → two f32x4 of their values · 2^−112 (the exponent not yet rebiased: the caller
 * multiplies a finished sum by F16_REBIAS once). Integer SIMD, as in half.ts: shift the f16 right by
 * 3 into the top half of an f32 (sign, exponent, 7 mantissa bits), its last 3 bits into the bottom.
 */
@inline function f16x8(p: usize): v128 {
  return v128.load(p);
}
@inline function f16lo(h: v128): v128 {
  const top = v128.and(i16x8.shr_s(h, 3), i16x8.splat(<i16>0x8fff));
  return v128.shuffle<i16>(i16x8.shl(h, 13), top, 0, 8, 1, 9, 2, 10, 3, 11);
}
@inline function f16hi(h: v128): v128 {
  const top = v128.and(i16x8.shr_s(h, 3), i16x8.splat(<i16>0x8fff));
  return v128.shuffle<i16>(i16x8.shl(h, 13), top, 4, 12, 5, 13, 6, 14, 7, 15);
}

/** 16 int8 lanes → four f32x4 (lanes 0–3, 4–7, 8–11, 12–15) through sign extension. */
@inline function i8f0(x: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(i16x8.extend_low_i8x16_s(x)));
}
@inline function i8f1(x: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(i16x8.extend_low_i8x16_s(x)));
}
@inline function i8f2(x: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(i16x8.extend_high_i8x16_s(x)));
}
@inline function i8f3(x: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(i16x8.extend_high_i8x16_s(x)));
}

/** q (headDim f32) · k (headDim cached values of `kind` at k). */
@inline function dotCached(q: usize, k: usize, headDim: i32, kind: i32): f32 {
  const hd = <usize>headDim;
  if (kind == F16) {
    let a = f32x4.splat(0);
    for (let d: usize = 0; d < hd; d += 8) {
      const h = f16x8(k + (d << 1));
      a = f32x4.add(a, f32x4.mul(v128.load(q + (d << 2)), f16lo(h)));
      a = f32x4.add(a, f32x4.mul(v128.load(q + (d << 2), 16), f16hi(h)));
    }
    return hsum(a) * F16_REBIAS;
  }
  // q8_0: Σ over blocks of d_b · Σᵢ q_i · c_i, the 32 codes c_i of a block in two loads of 16.
  let s: f32 = 0;
  for (let d: usize = 0; d < hd; d += 32) {
    const blk = k + (d >> 5) * 34;
    const x0 = v128.load(blk + 2);
    const x1 = v128.load(blk + 18);
    const qd = q + (d << 2);
    let a = f32x4.mul(v128.load(qd), i8f0(x0));
    a = f32x4.add(a, f32x4.mul(v128.load(qd, 16), i8f1(x0)));
    a = f32x4.add(a, f32x4.mul(v128.load(qd, 32), i8f2(x0)));
    a = f32x4.add(a, f32x4.mul(v128.load(qd, 48), i8f3(x0)));
    a = f32x4.add(a, f32x4.mul(v128.load(qd, 64), i8f0(x1)));
    a = f32x4.add(a, f32x4.mul(v128.load(qd, 80), i8f1(x1)));
    a = f32x4.add(a, f32x4.mul(v128.load(qd, 96), i8f2(x1)));
    a = f32x4.add(a, f32x4.mul(v128.load(qd, 112), i8f3(x1)));
    s += f16at(blk) * hsum(a);
  }
  return s;
}

/** out (headDim f32) += p · v (headDim cached values of `kind` at v). */
@inline function axpyCached(out: usize, p: f32, v: usize, headDim: i32, kind: i32): void {
  const hd = <usize>headDim;
  if (kind == F16) {
    const c = f32x4.splat(p * F16_REBIAS);
    for (let d: usize = 0; d < hd; d += 8) {
      const h = f16x8(v + (d << 1));
      const o = out + (d << 2);
      v128.store(o, f32x4.add(v128.load(o), f32x4.mul(c, f16lo(h))));
      v128.store(o, f32x4.add(v128.load(o, 16), f32x4.mul(c, f16hi(h))), 16);
    }
    return;
  }
  for (let d: usize = 0; d < hd; d += 32) {
    const blk = v + (d >> 5) * 34;
    const c = f32x4.splat(p * f16at(blk));
    const x0 = v128.load(blk + 2);
    const x1 = v128.load(blk + 18);
    const o = out + (d << 2);
    v128.store(o, f32x4.add(v128.load(o), f32x4.mul(c, i8f0(x0))));
    v128.store(o, f32x4.add(v128.load(o, 16), f32x4.mul(c, i8f1(x0))), 16);
    v128.store(o, f32x4.add(v128.load(o, 32), f32x4.mul(c, i8f2(x0))), 32);
    v128.store(o, f32x4.add(v128.load(o, 48), f32x4.mul(c, i8f3(x0))), 48);
    v128.store(o, f32x4.add(v128.load(o, 64), f32x4.mul(c, i8f0(x1))), 64);
    v128.store(o, f32x4.add(v128.load(o, 80), f32x4.mul(c, i8f1(x1))), 80);
    v128.store(o, f32x4.add(v128.load(o, 96), f32x4.mul(c, i8f2(x1))), 96);
    v128.store(o, f32x4.add(v128.load(o, 112), f32x4.mul(c, i8f3(x1))), 112);
  }
}

/** attnScores over cached keys of `kind` (1 f16, 2 q8_0), key j's head row at keys + j·keyStride bytes. */
export function attnScoresCached(
  scores: usize,
  q: usize,
  keys: usize,
  keyStride: i32,
  headDim: i32,
  group: i32,
  visible: i32,
  scale: f32,
  kind: i32,
): void {
  const rowBytes = (<usize>headDim) << 2;
  const vis = <usize>visible;
  for (let j = 0; j < visible; j++) {
    const kj = keys + <usize>j * <usize>keyStride;
    for (let i = 0; i < group; i++) {
      const s = dotCached(q + <usize>i * rowBytes, kj, headDim, kind);
      store<f32>(scores + ((<usize>i * vis + <usize>j) << 2), s * scale);
    }
  }
}

/** attnWeightedSum over cached values of `kind` (1 f16, 2 q8_0), value j's head row at values + j·valueStride bytes. */
export function attnWeightedSumCached(
  out: usize,
  outStride: i32,
  p: usize,
  values: usize,
  valueStride: i32,
  headDim: i32,
  group: i32,
  visible: i32,
  kind: i32,
): void {
  const rowBytes = (<usize>headDim) << 2;
  for (let i = 0; i < group; i++) memory.fill(out + ((<usize>i * <usize>outStride) << 2), 0, rowBytes);
  for (let j = 0; j < visible; j++) {
    const vj = values + <usize>j * <usize>valueStride;
    for (let i = 0; i < group; i++) {
      const pij = load<f32>(p + ((<usize>i * <usize>visible + <usize>j) << 2));
      axpyCached(out + ((<usize>i * <usize>outStride) << 2), pij, vj, headDim, kind);
    }
  }
}

/** Bytes of one cached row of `width` values of `kind` (0 f32, 1 f16, 2 q8_0). */
@inline function cachedBytes(width: i32, kind: i32): usize {
  return kind == 0 ? (<usize>width) << 2 : kind == F16 ? (<usize>width) << 1 : (<usize>(width >> 5)) * 34;
}

// ---------------------------------------------------------------- as a job of the worker pool

/**
 * Attention over a KV cache for items i0..i1 of (query row r, K/V head g), i = r·kvHeads + g: the
 * scores of the group's query heads against the visible keys, their softmax, and the weighted sum
 * of values. src/tensor/pool.ts runs it in every thread with its kernels' argument order; `thread`
 * picks this thread's scores scratch. The other arguments are in a
 * block of i32 at `params` (attention-simd.ts writes it): out, q, keys, values, kvDim, headDim,
 * group, kvHeads, qDim, qStart, causal, kvLen, scale (f32 bits), scores, scores bytes per thread,
 * key type, value type (0 f32, 1 f16, 2 q8_0).
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
  const keyKind = load<i32>(params, 60);
  const valueKind = load<i32>(params, 64);
  const keyStride = <i32>cachedBytes(kvDim, keyKind);
  const valueStride = <i32>cachedBytes(kvDim, valueKind);
  for (let i = i0; i < i1; i++) {
    const r = i / kvHeads;
    const g = i - r * kvHeads;
    const visible = causal ? min(kvLen, qStart + r + 1) : kvLen;
    const rowOffset = (<usize>(r * qDim + g * group * hd)) << 2; // first query head of this group
    const kOffset = cachedBytes(g * hd, keyKind);
    const vOffset = cachedBytes(g * hd, valueKind);
    if (keyKind == 0) attnScores(scores, q + rowOffset, keys + kOffset, kvDim, hd, group, visible, scale);
    else attnScoresCached(scores, q + rowOffset, keys + kOffset, keyStride, hd, group, visible, scale, keyKind);
    attnSoftmax(scores, group, visible);
    if (valueKind == 0)
      attnWeightedSum(out + rowOffset, hd, scores, values + vOffset, kvDim, hd, group, visible);
    else
      attnWeightedSumCached(out + rowOffset, hd, scores, values + vOffset, valueStride, hd, group, visible, valueKind);
  }
}

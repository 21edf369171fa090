// AssemblyScript: attention's two inner loops — q·kᵀ scores and the p-weighted sum of value rows — and
// the softmax between them as 128-bit SIMD, on the shared tensor memory.
// Build: npm run build:wasm (writes ../attention.wasm). Called through src/tensor/wasm/attention-simd.ts;
// src/tensor/attention.ts holds the reference loops in plain TypeScript.
//
// Queries and outputs are f32; the cached keys and values are f32, f16 (headDim a multiple of 8) or
// q8_0 (a multiple of 32) — the KV cache types. Keys and values are visited in blocks of BLOCK rows;
// a block stored as f16 or q8_0 is first converted to f32 rows in a scratch that stays in L1 (exactly:
// f16 → f32 and d·code are both exact in f32), and every query that needs the block — the group's query
// heads, and in a prompt several query rows — reads it there. So all three types run the same f32
// loops and give the same bits as an f32 cache holding the converted values, and each block is
// converted once per item rather than once per query head.

import { F16_REBIAS, f16at } from "./common";
import { exp4 } from "./exp4";

/** Key and value rows per block: 32 rows of headDim 64 are 8 KiB of f32. */
const BLOCK: i32 = 32;

/** [Σ lanes of a, Σ b, Σ c, Σ d] for four f32x4 vectors; each Σ as (x0 + x2) + (x1 + x3). */
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

/**
 * scores[i·scoreStride + j] = (q[i] · keys[j]) · scale for i < group, j < count, where q[i] is the
 * headDim floats at q + i·headDim·4 and keys[j] those at keys + j·keyStride bytes. Four keys at a time
 * for every query head while they are in registers and L1, so each key row is read once for the group;
 * the last count mod 4 keys one at a time, their four partial sums added in hadd4's order — a score
 * does not depend on where its key falls in a block.
 */
export function attnScores(
  scores: usize,
  scoreStride: i32,
  q: usize,
  keys: usize,
  keyStride: i32,
  headDim: i32,
  group: i32,
  count: i32,
  scale: f32,
): void {
  const rowBytes = (<usize>headDim) << 2;
  const ks = <usize>keyStride;
  const ss = (<usize>scoreStride) << 2;
  const sc = f32x4.splat(scale);
  let j = 0;
  for (; j + 4 <= count; j += 4) {
    const k0 = keys + <usize>j * ks;
    const k1 = k0 + ks;
    const k2 = k1 + ks;
    const k3 = k2 + ks;
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
      v128.store(scores + <usize>i * ss + ((<usize>j) << 2), f32x4.mul(hadd4(a0, a1, a2, a3), sc));
    }
  }
  for (; j < count; j++) {
    const kj = keys + <usize>j * ks;
    for (let i = 0; i < group; i++) {
      const qi = q + <usize>i * rowBytes;
      let a = f32x4.splat(0);
      for (let d: usize = 0; d < rowBytes; d += 16) a = f32x4.add(a, f32x4.mul(v128.load(qi + d), v128.load(kj + d)));
      const s =
        f32x4.extract_lane(a, 0) +
        f32x4.extract_lane(a, 2) +
        (f32x4.extract_lane(a, 1) + f32x4.extract_lane(a, 3));
      store<f32>(scores + <usize>i * ss + ((<usize>j) << 2), s * scale);
    }
  }
}

/**
 * out[i] (+)= Σⱼ p[i·pStride + j] · values[j] for i < group, j < count (out[i]: headDim floats at
 * out + i·outStride·4, values[j]: headDim floats at values + j·valueStride bytes); `accumulate` adds to
 * what out holds, else overwrites it. The output is built 16 floats at a time in four registers while
 * the value rows stream past, and stored once per call; over several calls each output float is the
 * same sequential f32 sum over j as one call would make.
 */
export function attnWeightedSum(
  out: usize,
  outStride: i32,
  p: usize,
  pStride: i32,
  values: usize,
  valueStride: i32,
  headDim: i32,
  group: i32,
  count: i32,
  accumulate: bool,
): void {
  const rowBytes = (<usize>headDim) << 2;
  const vs = <usize>valueStride;
  for (let i = 0; i < group; i++) {
    const o = out + ((<usize>i * <usize>outStride) << 2);
    const pi = p + ((<usize>i * <usize>pStride) << 2);
    let d: usize = 0;
    for (; d + 64 <= rowBytes; d += 64) {
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      if (accumulate) {
        a0 = v128.load(o + d);
        a1 = v128.load(o + d, 16);
        a2 = v128.load(o + d, 32);
        a3 = v128.load(o + d, 48);
      }
      let v = values + d;
      for (let j = 0; j < count; j++) {
        const pj = f32x4.splat(load<f32>(pi + ((<usize>j) << 2)));
        a0 = f32x4.add(a0, f32x4.mul(pj, v128.load(v)));
        a1 = f32x4.add(a1, f32x4.mul(pj, v128.load(v, 16)));
        a2 = f32x4.add(a2, f32x4.mul(pj, v128.load(v, 32)));
        a3 = f32x4.add(a3, f32x4.mul(pj, v128.load(v, 48)));
        v += vs;
      }
      v128.store(o + d, a0);
      v128.store(o + d, a1, 16);
      v128.store(o + d, a2, 32);
      v128.store(o + d, a3, 48);
    }
    for (; d < rowBytes; d += 16) {
      let a0 = accumulate ? v128.load(o + d) : f32x4.splat(0);
      let v = values + d;
      for (let j = 0; j < count; j++) {
        a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(pi + ((<usize>j) << 2))), v128.load(v)));
        v += vs;
      }
      v128.store(o + d, a0);
    }
  }
}

/** Each of `rows` rows of `width` floats, `stride` floats apart at `scores`, becomes its softmax (max subtracted first). */
export function attnSoftmax(scores: usize, rows: i32, width: i32, stride: i32): void {
  const rowBytes = (<usize>width) << 2;
  const body = rowBytes & ~(<usize>15);
  for (let i = 0; i < rows; i++) {
    const s = scores + ((<usize>i * <usize>stride) << 2);
    // The max four lanes at a time (pmax: one instruction, where f32.max's NaN and ±0 rules take
    // several); the same value as a scalar pass, whatever the order.
    let m4 = f32x4.splat(-Infinity);
    for (let d: usize = 0; d < body; d += 16) m4 = f32x4.pmax(m4, v128.load(s + d));
    let m = max(max(f32x4.extract_lane(m4, 0), f32x4.extract_lane(m4, 1)), max(f32x4.extract_lane(m4, 2), f32x4.extract_lane(m4, 3)));
    for (let d = body; d < rowBytes; d += 4) m = max(m, load<f32>(s + d));
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

// The cache types (src/tensor/kv-rows.ts): 0 f32, 1 f16, 2 q8_0 (ggml's blocks of 32 int8 codes after
// their f16 scale d, 34 bytes: value = d · code).
const F16: i32 = 1;

/**
 * 8 f16 lanes h → two f32x4 of their values · 2^−112 (× F16_REBIAS gives the values, exactly, subnormals
 * too). Integer SIMD: each f16 shifted right by 3 (sign-extending) into the top half of an f32 (sign,
 * exponent, 7 mantissa bits), its last 3 mantissa bits shifted left by 13 into the bottom half.
 */
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

/**
 * `count` cached rows of one head — headDim values of `kind` (1 f16, 2 q8_0) at src + j·srcStride
 * bytes — as f32 rows (count, headDim) at dst. Exact: an f16 is an f32 with fewer bits, and a q8_0
 * value d·code (an 11-bit mantissa times an 8-bit integer) fits f32's 24 bits.
 */
export function cachedRowsToF32(dst: usize, src: usize, srcStride: i32, headDim: i32, count: i32, kind: i32): void {
  const hd = <usize>headDim;
  const ss = <usize>srcStride;
  if (kind == F16) {
    const rb = f32x4.splat(F16_REBIAS);
    for (let j = 0; j < count; j++) {
      const s = src + <usize>j * ss;
      const o = dst + ((<usize>j * hd) << 2);
      for (let d: usize = 0; d < hd; d += 8) {
        const h = v128.load(s + (d << 1));
        v128.store(o + (d << 2), f32x4.mul(f16lo(h), rb));
        v128.store(o + (d << 2), f32x4.mul(f16hi(h), rb), 16);
      }
    }
    return;
  }
  for (let j = 0; j < count; j++) {
    const s = src + <usize>j * ss;
    const o = dst + ((<usize>j * hd) << 2);
    for (let d: usize = 0; d < hd; d += 32) {
      const blk = s + (d >> 5) * 34;
      const c = f32x4.splat(f16at(blk));
      const x0 = v128.load(blk + 2);
      const x1 = v128.load(blk + 18);
      const od = o + (d << 2);
      v128.store(od, f32x4.mul(c, i8f0(x0)));
      v128.store(od, f32x4.mul(c, i8f1(x0)), 16);
      v128.store(od, f32x4.mul(c, i8f2(x0)), 32);
      v128.store(od, f32x4.mul(c, i8f3(x0)), 48);
      v128.store(od, f32x4.mul(c, i8f0(x1)), 64);
      v128.store(od, f32x4.mul(c, i8f1(x1)), 80);
      v128.store(od, f32x4.mul(c, i8f2(x1)), 96);
      v128.store(od, f32x4.mul(c, i8f3(x1)), 112);
    }
  }
}

/** Bytes of one cached row of `width` values of `kind` (0 f32, 1 f16, 2 q8_0). */
@inline function cachedBytes(width: i32, kind: i32): usize {
  return kind == 0 ? (<usize>width) << 2 : kind == F16 ? (<usize>width) << 1 : (<usize>(width >> 5)) * 34;
}

// ---------------------------------------------------------------- as jobs of the worker pool

/**
 * Rows r0..r1 of a cache of `kind` (1 f16, 2 q8_0) with `width` values a row, at `src`, → f32 rows at
 * `dst` (a job of the pool, its argument order: out = dst, x = src, n = kind, k = width). A prompt's
 * attention converts the cache once this way and reads f32 from then on (attention-simd.ts).
 */
export function cachedToF32Job(
  dst: usize,
  src: usize,
  kind: i32,
  _w: usize,
  width: i32,
  _rows: i32,
  r0: i32,
  r1: i32,
  _a8: i32,
  _a9: i32,
  _a10: i32,
  _a11: i32,
  _thread: i32,
): void {
  const srcStride = cachedBytes(width, kind);
  cachedRowsToF32(
    dst + ((<usize>r0 * <usize>width) << 2),
    src + <usize>r0 * srcStride,
    <i32>srcStride,
    width,
    r1 - r0,
    kind,
  );
}

/**
 * Attention over a KV cache for items i0..i1 of (block b of `rowsPerItem` query rows, K/V head g),
 * i = b·kvHeads + g: the scores of the block's rows × the group's query heads against their visible
 * keys, the softmax of each, and the weighted sums of values. A block of BLOCK key (then value) rows
 * serves all of those queries while it is in L1 — for a prompt, rowsPerItem × group queries; for one
 * decoded token, the group.
 *
 * src/tensor/pool.ts runs it in every thread with its kernels' argument order; `thread` picks this
 * thread's scratch: scores (rowsPerItem·group rows of `last` floats, `last` = the keys the item's last
 * row sees), then BLOCK·headDim floats for a converted block. The other arguments are in a block of
 * i32 at `params` (attention-simd.ts writes it): out, q, keys, values, kvDim, headDim, group, kvHeads,
 * qDim, qStart, causal, kvLen, scale (f32 bits), scratch, scratch bytes per thread, key type, value
 * type (0 f32, 1 f16, 2 q8_0), rowsPerItem, n (query rows).
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
  const rowsPerItem = load<i32>(params, 68);
  const n = load<i32>(params, 72);
  const keyStride = <i32>cachedBytes(kvDim, keyKind);
  const valueStride = <i32>cachedBytes(kvDim, valueKind);
  const hdBytes = hd << 2;
  for (let i = i0; i < i1; i++) {
    const b = i / kvHeads;
    const g = i - b * kvHeads;
    const r0 = b * rowsPerItem;
    const r1 = min(n, r0 + rowsPerItem);
    const last = causal ? min(kvLen, qStart + r1) : kvLen; // keys row r1 − 1 sees: every row sees fewer
    const block = scores + ((<usize>(rowsPerItem * group * last)) << 2); // after this item's scores
    const headQ = (<usize>(g * group * hd)) << 2; // first query head of this group, in a row
    const stride = (<usize>(group * last)) << 2; // from one query row's scores to the next
    const keyHead = keys + cachedBytes(g * hd, keyKind);
    const valueHead = values + cachedBytes(g * hd, valueKind);

    // scores (rows r0..r1, the group's heads; `last` floats each) ← q·kᵀ·scale, block by block
    for (let jb = 0; jb < last; jb += BLOCK) {
      const je = min(jb + BLOCK, last);
      let k = keyHead + <usize>jb * <usize>keyStride;
      let ks = keyStride;
      if (keyKind != 0) {
        cachedRowsToF32(block, k, keyStride, hd, je - jb, keyKind);
        k = block;
        ks = hdBytes;
      }
      for (let r = r0; r < r1; r++) {
        const visible = causal ? min(kvLen, qStart + r + 1) : kvLen;
        const count = min(je, visible) - jb;
        if (count <= 0) continue;
        const s = scores + <usize>(r - r0) * stride + ((<usize>jb) << 2);
        attnScores(s, last, q + ((<usize>(r * qDim)) << 2) + headQ, k, ks, hd, group, count, scale);
      }
    }
    for (let r = r0; r < r1; r++) {
      const visible = causal ? min(kvLen, qStart + r + 1) : kvLen;
      if (visible > 0) attnSoftmax(scores + <usize>(r - r0) * stride, group, visible, last);
      else memory.fill(out + ((<usize>(r * qDim)) << 2) + headQ, 0, <usize>(group * hdBytes));
    }
    // out (rows r0..r1, the group's heads) ← Σⱼ p·v, block by block
    for (let jb = 0; jb < last; jb += BLOCK) {
      const je = min(jb + BLOCK, last);
      let v = valueHead + <usize>jb * <usize>valueStride;
      let vs = valueStride;
      if (valueKind != 0) {
        cachedRowsToF32(block, v, valueStride, hd, je - jb, valueKind);
        v = block;
        vs = hdBytes;
      }
      for (let r = r0; r < r1; r++) {
        const visible = causal ? min(kvLen, qStart + r + 1) : kvLen;
        const count = min(je, visible) - jb;
        if (count <= 0) continue;
        const p = scores + <usize>(r - r0) * stride + ((<usize>jb) << 2);
        const o = out + ((<usize>(r * qDim)) << 2) + headQ;
        attnWeightedSum(o, hd, p, last, v, vs, hd, group, count, jb > 0);
      }
    }
  }
}

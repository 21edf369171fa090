/**
 * Scaled dot-product attention (Vaswani et al. 2017), written out as the loops it is:
 *
 *   for each head h and query row r:
 *     score[j] = q[r,h] · k[j,g] / √headDim      for every visible key j   (g = the K/V head of h)
 *     p        = softmax(score)                   (max subtracted first, so exp never overflows)
 *     out[r,h] = Σⱼ p[j] · v[j,g]
 *
 * Multi-head (kvHeads = heads), grouped-query (heads a multiple of kvHeads: query head h reads K/V head
 * ⌊h / (heads/kvHeads)⌋) and multi-query (kvHeads = 1) attention are the same loop.
 * Masks: `causal` hides keys after the query's own position; `keyMask[j] = 0` hides key j (padding).
 *
 * Two versions: `scaledDotProductAttention` below is the reference, the loops as written above;
 * `attention` is what the layers call — the same numbers as SIMD on the worker pool
 * (wasm/attention-simd.ts), or the reference where that cannot run or a mask or the probabilities
 * are asked for. test/tensor/attention.test.ts compares them.
 */
import { type CacheRows, type CacheType, cacheRowsF32 } from "./kv-rows.ts";
import { attentionSimd } from "./wasm/attention-simd.ts";

export interface AttentionOptions {
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Position of query row 0; row r sits at qStart + r and, when causal, sees keys 0..qStart + r. */
  qStart: number;
  causal: boolean;
  /** keyMask[j] = 0 hides key j from every query (padding); absent = all keys visible. */
  keyMask?: Uint8Array;
  /** Scratch of at least kvLen floats. */
  scores: Float32Array;
  /** When given, receives the attention probabilities (heads, n, kvLen); masked entries are 0. */
  probs?: Float32Array;
  /** Score scale; default 1/√headDim. */
  scale?: number;
  /** How `attention`'s keys and values are stored (kv-rows.ts); default f32. */
  keyType?: CacheType;
  valueType?: CacheType;
}

/**
 * out (n, heads·headDim) ← attention of q (n, heads·headDim) over the first kvLen rows of
 * keys and values (kvLen, kvHeads·headDim).
 */
export function scaledDotProductAttention(
  out: Float32Array,
  q: Float32Array,
  keys: Float32Array,
  values: Float32Array,
  n: number,
  kvLen: number,
  o: AttentionOptions,
): void {
  const { heads, kvHeads, headDim, qStart, causal, keyMask, scores, probs } = o;
  const scale = o.scale ?? 1 / Math.sqrt(headDim);
  const group = heads / kvHeads;
  const qDim = heads * headDim;
  const kvDim = kvHeads * headDim;
  for (let r = 0; r < n; r++) {
    // Keys this row may see: all of them, or up to its own position when causal.
    const visible = causal ? Math.min(kvLen, qStart + r + 1) : kvLen;
    for (let h = 0; h < heads; h++) {
      const qo = r * qDim + h * headDim;
      const ko = Math.floor(h / group) * headDim;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < visible; j++) {
        if (keyMask && keyMask[j] === 0) continue;
        let dot = 0;
        const kj = j * kvDim + ko;
        for (let d = 0; d < headDim; d++) dot += q[qo + d] * keys[kj + d];
        const s = dot * scale;
        scores[j] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let j = 0; j < visible; j++) {
        if (keyMask && keyMask[j] === 0) {
          scores[j] = 0;
          continue;
        }
        const e = Math.exp(scores[j] - max);
        scores[j] = e;
        sum += e;
      }
      const inv = sum > 0 ? 1 / sum : 0; // every key masked: the output is zeros, not NaN
      for (let d = 0; d < headDim; d++) out[qo + d] = 0;
      for (let j = 0; j < visible; j++) {
        const p = scores[j] * inv;
        if (p === 0) continue;
        const vj = j * kvDim + ko;
        for (let d = 0; d < headDim; d++) out[qo + d] += p * values[vj + d];
      }
      if (probs) {
        const po = (h * n + r) * kvLen;
        for (let j = 0; j < kvLen; j++) probs[po + j] = j < visible ? scores[j] * inv : 0;
      }
    }
  }
}

/**
 * out (n, heads·headDim) ← attention of q over keys and values, as `scaledDotProductAttention`:
 * fast where it can be (no padding mask, no probabilities asked for), else that reference. Keys and
 * values may be stored as f16 or q8_0 (o.keyType, o.valueType: a KV cache's types), which the fast
 * kernels read as they are and the reference reads as f32 copies of the first kvLen rows.
 */
export function attention(
  out: Float32Array,
  q: Float32Array,
  keys: CacheRows,
  values: CacheRows,
  n: number,
  kvLen: number,
  o: AttentionOptions,
): void {
  if (!o.keyMask && !o.probs && attentionSimd(out, q, keys, values, n, kvLen, o)) return;
  const kvDim = o.kvHeads * o.headDim;
  const k = cacheRowsF32(keys, o.keyType ?? "f32", kvLen, kvDim);
  const v = cacheRowsF32(values, o.valueType ?? "f32", kvLen, kvDim);
  scaledDotProductAttention(out, q, k, v, n, kvLen, o);
}

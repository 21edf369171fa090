/**
 * The fast attention loop used by decoder models. It computes exactly what attention.ts's
 * `scaledDotProductAttention` (the readable reference) computes, reorganised for speed:
 *
 *   - Grouped-query attention (Qwen2: 14 query heads share 2 K/V heads): each K and V row of a K/V
 *     head is loaded once and used for all `group` query heads that read it, instead of once per head.
 *   - Dot products and the P·V sum are unrolled by 4 with separate accumulators, so the JIT keeps
 *     them in registers instead of chaining one long dependency (about 2–3× faster in V8).
 *   - P·V adds 4 value rows per pass over the output, so the output row is stored 4× less often.
 *   - No allocation: `scores` is scratch of at least group·kvLen floats.
 *
 * No padding mask and no probabilities here: padded batches (BERT with an attention mask) and anyone
 * looking at "attn_probs" (a hook) use the reference. attention-wasm.ts runs the same loops as wasm
 * SIMD and falls back to these; test/nn/attention-kernels.test.ts checks all three agree.
 */

export interface FastAttentionOptions {
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Position of query row 0 (see AttentionOptions.qStart). */
  qStart: number;
  causal: boolean;
  /** Scratch of at least (heads / kvHeads) · kvLen floats. */
  scores: Float32Array;
  /** Score scale; default 1/√headDim. */
  scale?: number;
}

/**
 * out (n, heads·headDim) ← softmax(q·kᵀ·scale + causal mask)·v, over the first kvLen rows of
 * keys and values (kvLen, kvHeads·headDim).
 */
export function attentionFast(
  out: Float32Array,
  q: Float32Array,
  keys: Float32Array,
  values: Float32Array,
  n: number,
  kvLen: number,
  o: FastAttentionOptions,
): void {
  const { heads, kvHeads, headDim: hd, qStart, causal, scores } = o;
  const scale = o.scale ?? 1 / Math.sqrt(hd);
  const group = heads / kvHeads;
  const qDim = heads * hd;
  const kvDim = kvHeads * hd;
  const hd4 = hd & ~3;
  for (let r = 0; r < n; r++) {
    const visible = causal ? Math.min(kvLen, qStart + r + 1) : kvLen;
    for (let g = 0; g < kvHeads; g++) {
      const ko = g * hd;
      const q0 = r * qDim + g * group * hd; // first query head of this group
      // scores[i·visible + j] = q[head g·group+i] · k[j, g] · scale, each key row read once.
      for (let j = 0; j < visible; j++) {
        const kj = j * kvDim + ko;
        for (let i = 0; i < group; i++) {
          const qo = q0 + i * hd;
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          let d = 0;
          for (; d < hd4; d += 4) {
            s0 += q[qo + d] * keys[kj + d];
            s1 += q[qo + d + 1] * keys[kj + d + 1];
            s2 += q[qo + d + 2] * keys[kj + d + 2];
            s3 += q[qo + d + 3] * keys[kj + d + 3];
          }
          for (; d < hd; d++) s0 += q[qo + d] * keys[kj + d];
          scores[i * visible + j] = (s0 + s1 + (s2 + s3)) * scale;
        }
      }
      // Softmax of each head's row, max subtracted first; then normalised in place.
      for (let i = 0; i < group; i++) {
        const so = i * visible;
        let max = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < visible; j++) if (scores[so + j] > max) max = scores[so + j];
        let sum = 0;
        for (let j = 0; j < visible; j++) {
          const e = Math.exp(scores[so + j] - max);
          scores[so + j] = e;
          sum += e;
        }
        const inv = 1 / sum;
        for (let j = 0; j < visible; j++) scores[so + j] = scores[so + j] * inv;
      }
      // out[head] = Σⱼ p[j]·v[j, g], four value rows per pass.
      for (let i = 0; i < group; i++) {
        const so = i * visible;
        const oo = q0 + i * hd;
        for (let d = 0; d < hd; d++) out[oo + d] = 0;
        let j = 0;
        for (; j + 4 <= visible; j += 4) {
          const p0 = scores[so + j];
          const p1 = scores[so + j + 1];
          const p2 = scores[so + j + 2];
          const p3 = scores[so + j + 3];
          const v0 = j * kvDim + ko;
          const v1 = v0 + kvDim;
          const v2 = v1 + kvDim;
          const v3 = v2 + kvDim;
          for (let d = 0; d < hd; d++) {
            out[oo + d] +=
              p0 * values[v0 + d] + p1 * values[v1 + d] + (p2 * values[v2 + d] + p3 * values[v3 + d]);
          }
        }
        for (; j < visible; j++) {
          const p = scores[so + j];
          const vj = j * kvDim + ko;
          for (let d = 0; d < hd; d++) out[oo + d] += p * values[vj + d];
        }
      }
    }
  }
}

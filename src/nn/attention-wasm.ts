/**
 * Attention over a KV cache, the fast way: the two inner loops — q·kᵀ scores and the p-weighted sum
 * of value rows — and the softmax between them run as WebAssembly SIMD (wasm/attention.as.ts) on the
 * shared tensor memory. Grouped-query heads that share a K/V head are handled
 * together, so each cached K and V row is read once for all of them.
 *
 * Why wasm: in plain JavaScript these loops cost ~1–3 ns per multiply-add (V8 does not vectorise);
 * at 200 cached tokens that is ~10 ms per Qwen2-0.5B token, as much as reading all its q8_0 weights.
 *
 * Falls back to attention-kernels.ts's `attentionFast` (same loops in TypeScript) when the wasm
 * cannot load, a buffer lies outside the tensor memory, or headDim is not a multiple of 4.
 */
import { inTensorMemory } from "../tensor/index.ts";
import { attentionFast, type FastAttentionOptions } from "./attention-kernels.ts";
import { loadNnWasm } from "./wasm-modules.ts";

interface AttentionWasm {
  attnScores(
    scores: number,
    q: number,
    keys: number,
    kvDim: number,
    headDim: number,
    group: number,
    visible: number,
    scale: number,
  ): void;
  attnSoftmax(scores: number, rows: number, width: number): void;
  attnWeightedSum(
    out: number,
    outStride: number,
    p: number,
    values: number,
    kvDim: number,
    headDim: number,
    group: number,
    visible: number,
  ): void;
}

/** The wasm loops, or null where this runtime cannot compile them (no SIMD). */
export function attentionWasm(): AttentionWasm | null {
  return loadNnWasm<AttentionWasm>("attention");
}

/** Same contract as `attentionFast` (causal or not, no padding mask, no probabilities). */
export function attentionCached(
  out: Float32Array,
  q: Float32Array,
  keys: Float32Array,
  values: Float32Array,
  n: number,
  kvLen: number,
  o: FastAttentionOptions,
): void {
  const { heads, kvHeads, headDim: hd, qStart, causal, scores } = o;
  const w = attentionWasm();
  const group = heads / kvHeads;
  if (
    !w ||
    hd % 4 !== 0 ||
    !inTensorMemory(out) ||
    !inTensorMemory(q) ||
    !inTensorMemory(keys) ||
    !inTensorMemory(values) ||
    !inTensorMemory(scores) ||
    scores.length < group * kvLen
  ) {
    attentionFast(out, q, keys, values, n, kvLen, o);
    return;
  }
  const scale = o.scale ?? 1 / Math.sqrt(hd);
  const qDim = heads * hd;
  const kvDim = kvHeads * hd;
  const sp = scores.byteOffset;
  for (let r = 0; r < n; r++) {
    const visible = causal ? Math.min(kvLen, qStart + r + 1) : kvLen;
    for (let g = 0; g < kvHeads; g++) {
      const rowOffset = (r * qDim + g * group * hd) * 4; // first query head of this group, in bytes
      w.attnScores(
        sp,
        q.byteOffset + rowOffset,
        keys.byteOffset + g * hd * 4,
        kvDim,
        hd,
        group,
        visible,
        scale,
      );
      w.attnSoftmax(sp, group, visible);
      w.attnWeightedSum(
        out.byteOffset + rowOffset,
        hd,
        sp,
        values.byteOffset + g * hd * 4,
        kvDim,
        hd,
        group,
        visible,
      );
    }
  }
}

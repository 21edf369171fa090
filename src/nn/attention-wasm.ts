/**
 * Attention over a KV cache, the fast way: the two inner loops — q·kᵀ scores and the p-weighted sum
 * of value rows — and the softmax between them run as WebAssembly SIMD (wasm/attention.as.ts) on the
 * shared tensor memory. Grouped-query heads that share a K/V head are handled
 * together, so each cached K and V row is read once for all of them.
 *
 * Why wasm: in plain JavaScript these loops cost ~1–3 ns per multiply-add (V8 does not vectorise);
 * at 200 cached tokens that is ~10 ms per Qwen2-0.5B token, as much as reading all its q8_0 weights.
 *
 * The (query row, K/V head) pairs are independent, so they are split across the worker pool's
 * threads (wasm `attentionJob`, each thread with a scores scratch of its own): a prompt's rows, and
 * in decoding the K/V heads — at long contexts attention is a large part of a decode step.
 *
 * Falls back to attention-kernels.ts's `attentionFast` (same loops in TypeScript) when the wasm
 * cannot load, a buffer lies outside the tensor memory, or headDim is not a multiple of 4.
 */
import { allocF32, getThreads, inTensorMemory } from "../tensor/index.ts";
import { attentionFast, type FastAttentionOptions } from "./attention-kernels.ts";
import { loadNnWasm, runRowJob } from "./wasm-modules.ts";

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
  const { heads, kvHeads, headDim: hd, qStart, causal } = o;
  const w = attentionWasm();
  const group = heads / kvHeads;
  // (o.scores is the TypeScript loops' scratch; the wasm job has per-thread slots of its own)
  if (
    !w ||
    hd % 4 !== 0 ||
    !inTensorMemory(out) ||
    !inTensorMemory(q) ||
    !inTensorMemory(keys) ||
    !inTensorMemory(values)
  ) {
    attentionFast(out, q, keys, values, n, kvLen, o);
    return;
  }
  const scale = o.scale ?? 1 / Math.sqrt(hd);
  // The job's parameters (attentionJob in wasm/attention.as.ts reads them in this order).
  const slotBytes = group * kvLen * 4;
  const scratch = threadScores((getThreads() * slotBytes) / 4);
  const p = params();
  p[0] = out.byteOffset;
  p[1] = q.byteOffset;
  p[2] = keys.byteOffset;
  p[3] = values.byteOffset;
  p[4] = kvHeads * hd;
  p[5] = hd;
  p[6] = group;
  p[7] = kvHeads;
  p[8] = heads * hd;
  p[9] = qStart;
  p[10] = causal ? 1 : 0;
  p[11] = kvLen;
  paramsF32![12] = scale;
  p[13] = scratch.byteOffset;
  p[14] = slotBytes;
  const items = n * kvHeads;
  // work: the multiply-adds of scores and weighted sums (a causal prompt sees half the keys on average)
  const work = 2 * items * group * hd * (causal && n > 1 ? Math.max(1, kvLen / 2) : kvLen);
  runRowJob("attention", "attentionJob", items, work, p.byteOffset, 0, 0, 0, 0, 0, 1);
}

let paramsI32: Int32Array | undefined;
let paramsF32: Float32Array | undefined;
function params(): Int32Array {
  if (!paramsI32) {
    const block = allocF32(16);
    paramsI32 = new Int32Array(block.buffer, block.byteOffset, 16);
    paramsF32 = block;
  }
  return paramsI32;
}

let scoresScratch: Float32Array | undefined;
/** Scores scratch of at least `floats` (one slot per thread), grown by doubling in the tensor memory. */
function threadScores(floats: number): Float32Array {
  if (!scoresScratch || scoresScratch.length < floats)
    scoresScratch = allocF32(Math.max(floats, 2 * (scoresScratch?.length ?? 0)));
  return scoresScratch;
}

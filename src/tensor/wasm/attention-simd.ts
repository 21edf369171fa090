/**
 * The fast version of attention.ts's `attention`: the two inner loops — q·kᵀ scores and the
 * p-weighted sum of value rows — and the softmax between them as WebAssembly SIMD
 * (assembly/attention.ts) on the shared tensor memory. Grouped-query heads that share a K/V head are
 * handled together, so each cached K and V row is read once for all of them.
 *
 * Why wasm: in plain JavaScript these loops cost ~1–3 ns per multiply-add (V8 does not vectorise),
 * at long contexts as much as reading all of a small model's weights per token.
 *
 * The (query row, K/V head) pairs are independent, so they are split across the worker pool's
 * threads (`attentionJob`, each thread with a scores scratch of its own): a prompt's rows, and in
 * decoding the K/V heads.
 */

import { inTensorMemory } from "../fast.ts";
import type { CacheRows, CacheType } from "../kv-rows.ts";
import { allocF32 } from "../memory.ts";
import { getThreads } from "../pool.ts";
import { runJob } from "./jobs.ts";
import { loadWasm } from "./kernels.ts";

/** The shape of one attention call (see attention.ts's AttentionOptions). */
export interface AttentionShape {
  heads: number;
  kvHeads: number;
  headDim: number;
  qStart: number;
  causal: boolean;
  scale?: number;
  /** The KV cache types of keys and values (default f32). */
  keyType?: CacheType;
  valueType?: CacheType;
}

/** The kernels' code of a cache type: 0 f32, 1 f16, 2 q8_0. */
const KIND: Record<CacheType, number> = { f32: 0, f16: 1, q8_0: 2 };
/** Key and value rows the kernels convert and visit at a time (BLOCK in assembly/attention.ts). */
const BLOCK = 32;
/** Head sizes each type's loops take whole: 4 f32 lanes, 8 f16 lanes, 32-value q8_0 blocks. */
const HEAD_MULTIPLE: Record<CacheType, number> = { f32: 4, f16: 8, q8_0: 32 };

/**
 * out (n, heads·hd) ← softmax(q·kᵀ·scale + causal mask)·v over the first kvLen rows of keys and
 * values (kvLen, kvHeads·hd), stored as f32, f16 or q8_0. False, computing nothing, when the module
 * does not load, headDim is not a multiple of 4 (f16: 8, q8_0: 32) or an array lies outside the
 * tensor memory.
 */
export function attentionSimd(
  out: Float32Array,
  q: Float32Array,
  keys: CacheRows,
  values: CacheRows,
  n: number,
  kvLen: number,
  o: AttentionShape,
): boolean {
  const { heads, kvHeads, headDim: hd, qStart, causal } = o;
  let kt = o.keyType ?? "f32";
  let vt = o.valueType ?? "f32";
  if (!loadWasm("attention") || hd % HEAD_MULTIPLE[kt] !== 0 || hd % HEAD_MULTIPLE[vt] !== 0) return false;
  if (!inTensorMemory(out) || !inTensorMemory(q) || !inTensorMemory(keys) || !inTensorMemory(values))
    return false;
  const group = heads / kvHeads;
  const scale = o.scale ?? 1 / Math.sqrt(hd);
  // An item is a block of query rows × one K/V head: enough query heads (rows × group ≥ 8) that each
  // block of keys and values, converted to f32 once, serves several of them.
  const rowsPerItem = Math.min(n, Math.ceil(8 / group));
  if (n > rowsPerItem) {
    // A prompt: every item would convert the cached rows it reads again; convert them once instead
    // (exactly, as the blocks are), and read f32 from then on.
    const kvDim = kvHeads * hd;
    if (kt !== "f32") keys = cachedToF32(0, keys, kt, kvLen, kvDim);
    if (vt !== "f32") values = cachedToF32(1, values, vt, kvLen, kvDim);
    kt = "f32";
    vt = "f32";
  }
  // Each thread's scratch: the item's scores (rowsPerItem·group rows of ≤ kvLen), then one block
  // of BLOCK converted rows; whole cache lines, so two threads never write the same one.
  const slotBytes = Math.ceil((rowsPerItem * group * kvLen + BLOCK * hd) / 16) * 64;
  const scratch = threadScratch((getThreads() * slotBytes) / 4);
  // The job's parameters (attentionJob in assembly/attention.ts reads them in this order).
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
  p[15] = KIND[kt];
  p[16] = KIND[vt];
  p[17] = rowsPerItem;
  p[18] = n;
  const items = Math.ceil(n / rowsPerItem) * kvHeads;
  // work: the multiply-adds of scores and weighted sums (a causal prompt sees half the keys on average)
  const work = 2 * n * heads * hd * (causal && n > 1 ? Math.max(1, kvLen / 2) : kvLen);
  return runJob("attention", "attentionJob", items, work, { out: p.byteOffset }, 1);
}

let paramsI32: Int32Array | undefined;
let paramsF32: Float32Array | undefined;
function params(): Int32Array {
  if (!paramsI32) {
    const block = allocF32(32);
    paramsI32 = new Int32Array(block.buffer, block.byteOffset, 32);
    paramsF32 = block;
  }
  return paramsI32;
}

const converted: (Float32Array | undefined)[] = [undefined, undefined];
/**
 * The first `rows` rows (of `width` values) of a cache of `type` as f32 (rows, width), in scratch
 * `slot` (0 keys, 1 values: grown by doubling, reused by every call), the rows split across the pool.
 */
function cachedToF32(
  slot: number,
  src: CacheRows,
  type: CacheType,
  rows: number,
  width: number,
): Float32Array {
  let dst = converted[slot];
  if (!dst || dst.length < rows * width)
    dst = converted[slot] = allocF32(Math.max(rows * width, 2 * (dst?.length ?? 0)));
  const slots = { out: dst.byteOffset, x: src.byteOffset, n: KIND[type], k: width };
  runJob("attention", "cachedToF32Job", rows, rows * width, slots, 16);
  return dst;
}

let scratchBlock: Float32Array | undefined;
/** Scratch of at least `floats` (one slot per thread), grown by doubling in the tensor memory. */
function threadScratch(floats: number): Float32Array {
  if (!scratchBlock || scratchBlock.length < floats)
    scratchBlock = allocF32(Math.max(floats, 2 * (scratchBlock?.length ?? 0)));
  return scratchBlock;
}

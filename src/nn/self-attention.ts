/**
 * Multi-head self-attention as a layer: project x into queries, keys and values, (normalise q and k per
 * head — Qwen3), rotate them (RoPE — Llama, Qwen), attend (src/tensor's `attention`), and project back.
 *
 *   q = x·Wqᵀ (+bq)  (n, heads·hd)      k = x·Wkᵀ (+bk)  (n, kvHeads·hd)      v = x·Wvᵀ (+bv)  (n, kvHeads·hd)
 *   a = softmax(q·kᵀ/√hd + mask)·v       (n, heads·hd)
 *   out = a·Woᵀ (+bo)                    (n, dim)
 *
 * With a cache (decoder models) the new k and v rows are appended at [start, start+n) and the
 * queries attend over keys 0..start+n−1; without one (BERT) they attend over the n rows given.
 * Hook names: "q", "k", "v" (after norm and RoPE), "attn_probs" (heads, n, kvLen), "attn_out" (before Wo).
 */

import { type AttentionOptions, attention, type CacheRows, storeCacheRows } from "../tensor/index.ts";
import type { ForwardContext, LayerCache } from "./context.ts";
import { stackLinears } from "./fused.ts";
import { emit } from "./hooks.ts";
import type { Linear } from "./linear.ts";
import type { RMSNorm } from "./rms-norm.ts";
import type { Rope } from "./rope.ts";

export interface SelfAttentionParts {
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Separate projections … */
  q?: Linear;
  k?: Linear;
  v?: Linear;
  /** … or one fused projection whose rows are q, then k, then v (GPT-2's c_attn). */
  qkv?: Linear;
  o: Linear;
  qNorm?: RMSNorm;
  kNorm?: RMSNorm;
  rope?: Rope;
  causal: boolean;
}

export type { LayerCache };

export class SelfAttention {
  readonly p: SelfAttentionParts;
  readonly qDim: number;
  readonly kvDim: number;
  /** q, k and v as one matmul when their weights lie back to back in memory (see fused.ts). */
  private readonly qkv: Linear | undefined;
  /** Reused by every attention call without a hook or mask (only qStart and scores change). */
  private readonly options: AttentionOptions;

  constructor(parts: SelfAttentionParts) {
    this.p = parts;
    this.qDim = parts.heads * parts.headDim;
    this.kvDim = parts.kvHeads * parts.headDim;
    const { q, k, v } = parts;
    this.qkv = parts.qkv ?? (q && k && v ? stackLinears([q, k, v], "qkv") : undefined);
    this.options = {
      heads: parts.heads,
      kvHeads: parts.kvHeads,
      headDim: parts.headDim,
      qStart: 0,
      causal: parts.causal,
      scores: new Float32Array(0),
    };
  }

  /**
   * out (n, dim) ← attention of x (n, dim) at positions [ctx.start, ctx.start+n), over ctx.cache
   * when there is one; ctx.keyMask (padding) applies to keys 0..kvLen−1.
   */
  forward(out: Float32Array, x: Float32Array, n: number, ctx: ForwardContext): void {
    const { heads, kvHeads, headDim, qNorm, kNorm, rope } = this.p;
    const { start, cache, scratch: s, hook, layer, keyMask } = ctx;
    const { qDim, kvDim } = this;
    let q = s.get("q", n * qDim); // (n, heads·hd)
    let k = s.get("k", n * kvDim); // (n, kvHeads·hd)
    let v = s.get("v", n * kvDim); // (n, kvHeads·hd)
    if (this.qkv) {
      const qkv = s.get("qkv", n * (qDim + 2 * kvDim)); // (n, (heads + 2·kvHeads)·hd)
      this.qkv.forward(qkv, x, n);
      if (n === 1) {
        // One row [q | k | v]: use its three parts where they are.
        q = s.view("qkv.q", qkv, 0, qDim);
        k = s.view("qkv.k", qkv, qDim, kvDim);
        v = s.view("qkv.v", qkv, qDim + kvDim, kvDim);
      } else splitQkv(qkv, q, k, v, n, qDim, kvDim);
    } else {
      this.p.q!.forward(q, x, n);
      this.p.k!.forward(k, x, n);
      this.p.v!.forward(v, x, n);
    }
    if (qNorm) qNorm.forward(q, q, n * heads);
    if (kNorm) kNorm.forward(k, k, n * kvHeads);
    if (rope) {
      rope.apply(q, n, heads, start);
      rope.apply(k, n, kvHeads, start);
    }
    emit(hook, "q", layer, q, n, qDim);
    emit(hook, "k", layer, k, n, kvDim);
    emit(hook, "v", layer, v, n, kvDim);

    let keys: CacheRows = k;
    let values: CacheRows = v;
    let kvLen = n;
    if (cache) {
      // Appended in the cache's types (rounded to f16 or quantized to q8_0 once, here).
      storeCacheRows(cache.keys, cache.keyType, k, start, n, kvDim);
      storeCacheRows(cache.values, cache.valueType, v, start, n, kvDim);
      keys = cache.keys;
      values = cache.values;
      kvLen = start + n;
    }
    const keyType = cache?.keyType ?? "f32";
    const valueType = cache?.valueType ?? "f32";
    const a = s.get("attn", n * qDim); // (n, heads·hd)
    // Sized for the whole cache at once: growing it token by token would allocate on every step.
    const scores = s.get("scores", heads * (cache ? cache.contextLength : n));
    if (hook || keyMask) {
      // With a mask or a hook: the probabilities materialised for whoever is looking.
      const probs = hook ? new Float32Array(heads * n * kvLen) : undefined;
      attention(a, q, keys, values, n, kvLen, {
        heads,
        kvHeads,
        headDim,
        qStart: start,
        causal: this.p.causal,
        keyMask,
        scores,
        probs,
        keyType,
        valueType,
      });
      if (probs) emit(hook, "attn_probs", layer, probs, heads, n, kvLen);
    } else {
      const o = this.options; // no allocation per decoded token
      o.qStart = start;
      o.scores = scores;
      o.keyType = keyType;
      o.valueType = valueType;
      attention(a, q, keys, values, n, kvLen, o);
    }
    emit(hook, "attn_out", layer, a, n, qDim);
    this.p.o.forward(out, a, n);
  }
}

/** Splits fused rows [q | k | v] (n, qDim + 2·kvDim) into three buffers. */
function splitQkv(
  qkv: Float32Array,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  n: number,
  qDim: number,
  kvDim: number,
): void {
  const w = qDim + 2 * kvDim;
  for (let r = 0; r < n; r++) {
    const o = r * w;
    q.set(qkv.subarray(o, o + qDim), r * qDim);
    k.set(qkv.subarray(o + qDim, o + qDim + kvDim), r * kvDim);
    v.set(qkv.subarray(o + qDim + kvDim, o + w), r * kvDim);
  }
}

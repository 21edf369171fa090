/**
 * What a forward pass hands each layer besides its input rows: where the rows sit in the sequence,
 * the scratch buffers, the hook that names intermediate tensors, and — per layer — the layer's index
 * and its slice of the KV cache. One object per pass (per session when decoding), updated in place
 * as the pass moves through the layers, so that decoding a token allocates nothing.
 *
 *   ctx.layer = l; ctx.cache = kv.layer(l);
 *   attn.forward(y, h, n, ctx);   ffn.forward(y, h, n, ctx);
 */
import { type CacheRows, type CacheType, setPoolHot } from "../tensor/index.ts";
import type { TensorHook } from "./hooks.ts";
import type { Scratch } from "./scratch.ts";

/** One layer's slice of a KV cache, as the attention layer reads and appends to it (kv-cache.ts). */
export interface LayerCache {
  /** (contextLength, kvHeads·hd) values stored as keyType / valueType (tensor/kv-rows.ts). */
  keys: CacheRows;
  values: CacheRows;
  keyType: CacheType;
  valueType: CacheType;
  contextLength: number;
}

export interface ForwardContext {
  /** Position of the first row in the sequence (RoPE angles, the causal mask, where K/V are cached). */
  start: number;
  scratch: Scratch;
  hook?: TensorHook;
  /** The layer being run, for the hook's names; −1 outside the layers. */
  layer: number;
  /** This layer's slice of the KV cache (decoders); absent, queries attend over the rows given (BERT). */
  cache?: LayerCache;
  /** keyMask[j] = 0 hides key j from every query (padding); absent, all keys are visible. */
  keyMask?: Uint8Array;
}

/**
 * Brackets one forward pass (beginForward … endForward, in a finally): its ~100 kernel jobs come
 * back to back, so the worker pool's threads keep polling between them instead of sleeping
 * (tensor/pool.ts). Nests; never allocates.
 */
export function beginForward(): void {
  setPoolHot(true);
}

export function endForward(): void {
  setPoolHot(false);
}

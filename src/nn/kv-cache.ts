/**
 * The KV cache: every layer's keys and values of the tokens seen so far, so that decoding token t
 * computes K and V for token t only and attends over the stored 0..t−1 (prefill fills it, decode
 * appends one row at a time).
 *
 * It is allocated once, for the whole context, in the shared tensor memory:
 *   keys[layer], values[layer]: (contextLength, kvDim)   with kvDim = kvHeads · headDim
 * stored as f32, f16 (llama.cpp's default) or q8_0 (tensor/kv-rows.ts), each row rounded once when its
 * token is computed; the attention kernels read the stored type directly.
 * Size: 2 · layers · contextLength · kvDim · bytes per value. Qwen2-0.5B at 4096 tokens in f16:
 * 2·24·4096·128·2 = 48 MiB (f32: 96 MiB, q8_0: ~26 MiB).
 *
 * A full cache is an error, never a silent cut of the oldest tokens.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import {
  type CacheRows,
  type CacheType,
  cacheRowBytes,
  checkCacheType,
  newCacheRows,
  storeCacheRows,
} from "../tensor/kv-rows.ts";
import { alloc } from "../tensor/memory.ts";
import type { LayerCache } from "./context.ts";

export { CACHE_TYPES, type CacheType } from "../tensor/kv-rows.ts";

/** The type of a cache nobody chose one for: f16, as llama.cpp's default. */
export const DEFAULT_CACHE_TYPE: CacheType = "f16";

/** Bytes per cached value: f32 4, f16 2, q8_0 34/32 (blocks of 32 int8 values with an f16 scale). */
export function cacheValueBytes(type: CacheType): number {
  return cacheRowBytes(type, 32) / 32;
}

export class KvCache {
  readonly layers: number;
  readonly contextLength: number;
  readonly kvDim: number;
  /** keys[layer]: (contextLength, kvDim) stored as keyType */
  readonly keys: CacheRows[];
  /** values[layer]: (contextLength, kvDim) stored as valueType */
  readonly values: CacheRows[];
  /** views[layer]: layer l's slice, built once (handed to each layer per token). */
  private readonly views: LayerCache[];
  /** How keys and values are stored. */
  readonly keyType: CacheType;
  readonly valueType: CacheType;
  /** Tokens stored so far (the same for every layer once a forward pass has finished). */
  length = 0;

  constructor(
    layers: number,
    contextLength: number,
    kvDim: number,
    keyType: CacheType = "f32",
    valueType: CacheType = "f32",
    headDim = kvDim,
  ) {
    if (!Number.isInteger(contextLength) || contextLength < 1) {
      throw new TongguanError(t("nn.kvCache.contextLengthMustBe", { contextLength }));
    }
    checkCacheType(keyType, headDim);
    checkCacheType(valueType, headDim);
    this.layers = layers;
    this.keyType = keyType;
    this.valueType = valueType;
    this.contextLength = contextLength;
    this.kvDim = kvDim;
    this.keys = [];
    this.values = [];
    for (let l = 0; l < layers; l++) {
      this.keys.push(newCacheRows(keyType, contextLength, kvDim, (b) => alloc(b)));
      this.values.push(newCacheRows(valueType, contextLength, kvDim, (b) => alloc(b)));
    }
    this.views = this.keys.map((keys, l) => ({
      keys,
      values: this.values[l],
      keyType,
      valueType,
      contextLength,
    }));
  }

  /** Layer `l`'s keys and values (contextLength, kvDim), as one object that is not rebuilt per token. */
  layer(l: number): LayerCache {
    return this.views[l];
  }

  /** Bytes held by the cache. */
  get bytes(): number {
    const row = cacheRowBytes(this.keyType, this.kvDim) + cacheRowBytes(this.valueType, this.kvDim);
    return this.layers * this.contextLength * row;
  }

  /** Throws a clear error unless `n` more tokens fit after `length`. */
  ensureRoom(n: number): void {
    if (this.length + n > this.contextLength) {
      throw new TongguanError(
        t("nn.kvCache.contextIsFullTokens", { length: this.length, n, contextLength: this.contextLength }),
      );
    }
  }

  /** Copies `n` rows of k and v (n, kvDim) into `layer` at positions [start, start + n). */
  write(layer: number, start: number, k: Float32Array, v: Float32Array, n: number): void {
    if (start + n > this.contextLength) this.ensureRoom(start + n - this.length);
    storeCacheRows(this.keys[layer], this.keyType, k, start, n, this.kvDim);
    storeCacheRows(this.values[layer], this.valueType, v, start, n, this.kvDim);
  }

  /** Forgets everything after the first `position` tokens. */
  truncate(position: number): void {
    if (!Number.isInteger(position) || position < 0 || position > this.length) {
      throw new TongguanError(t("nn.kvCache.truncatePositionMustBe", { length: this.length, position }));
    }
    this.length = position;
  }
}

/**
 * The KV cache: every layer's keys and values of the tokens seen so far, so that decoding token t
 * computes K and V for token t only and attends over the stored 0..t−1 (prefill fills it, decode
 * appends one row at a time).
 *
 * It is allocated once, for the whole context, in the shared tensor memory:
 *   keys[layer], values[layer]: (contextLength, kvDim)   with kvDim = kvHeads · headDim
 * Size: 2 · layers · contextLength · kvDim · 4 bytes. Qwen2-0.5B at 4096 tokens: 2·24·4096·128·4 = 96 MiB.
 *
 * A full cache is an error, never a silent cut of the oldest tokens.
 */
import { TongguanError } from "../errors.ts";
import { allocF32 } from "../tensor/memory.ts";

/** How cached keys and values are stored (llama.cpp's --cache-type-k/v). */
export type CacheType = "f32" | "f16" | "q8_0";
export const CACHE_TYPES: readonly CacheType[] = ["f32", "f16", "q8_0"];
/** The type of a cache nobody chose one for. */
export const DEFAULT_CACHE_TYPE: CacheType = "f32";

/** Bytes per cached value: f32 4, f16 2, q8_0 34/32 (blocks of 32 int8 values with an f16 scale). */
export function cacheValueBytes(type: CacheType): number {
  return type === "f32" ? 4 : type === "f16" ? 2 : 34 / 32;
}

export class KvCache {
  readonly layers: number;
  readonly contextLength: number;
  readonly kvDim: number;
  /** keys[layer]: (contextLength, kvDim) */
  readonly keys: Float32Array[];
  /** values[layer]: (contextLength, kvDim) */
  readonly values: Float32Array[];
  /** views[layer] = { keys: keys[layer], values: values[layer] }, built once (handed to each layer per token). */
  private readonly views: { keys: Float32Array; values: Float32Array }[];
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
  ) {
    if (!Number.isInteger(contextLength) || contextLength < 1) {
      throw new TongguanError(`context length must be a positive integer, got ${contextLength}`);
    }
    for (const t of [keyType, valueType])
      if (t !== "f32") throw new TongguanError(`KV cache type ${t} is not supported yet (f32 is)`);
    this.layers = layers;
    this.keyType = keyType;
    this.valueType = valueType;
    this.contextLength = contextLength;
    this.kvDim = kvDim;
    this.keys = [];
    this.values = [];
    for (let l = 0; l < layers; l++) {
      this.keys.push(allocF32(contextLength * kvDim));
      this.values.push(allocF32(contextLength * kvDim));
    }
    this.views = this.keys.map((keys, l) => ({ keys, values: this.values[l] }));
  }

  /** Layer `l`'s keys and values (contextLength, kvDim), as one object that is not rebuilt per token. */
  layer(l: number): { keys: Float32Array; values: Float32Array } {
    return this.views[l];
  }

  /** Bytes held by the cache. */
  get bytes(): number {
    return 2 * this.layers * this.contextLength * this.kvDim * 4;
  }

  /** Throws a clear error unless `n` more tokens fit after `length`. */
  ensureRoom(n: number): void {
    if (this.length + n > this.contextLength) {
      throw new TongguanError(
        `context is full: ${this.length} tokens in the cache + ${n} new > context length ${this.contextLength} ` +
          "(start a new session, truncate, or use a longer context length)",
      );
    }
  }

  /** Copies `n` rows of k and v (n, kvDim) into `layer` at positions [start, start + n). */
  write(layer: number, start: number, k: Float32Array, v: Float32Array, n: number): void {
    if (start + n > this.contextLength) this.ensureRoom(start + n - this.length);
    const len = n * this.kvDim;
    this.keys[layer].set(k.subarray(0, len), start * this.kvDim);
    this.values[layer].set(v.subarray(0, len), start * this.kvDim);
  }

  /** Forgets everything after the first `position` tokens. */
  truncate(position: number): void {
    if (!Number.isInteger(position) || position < 0 || position > this.length) {
      throw new TongguanError(`truncate: position must be an integer in 0..${this.length}, got ${position}`);
    }
    this.length = position;
  }
}

/**
 * Exercise: a KV cache for one attention head — what makes decoding one token at a time cheap.
 *
 * Prefill and every decode step append the new token's key and value; the new token's query then
 * attends over every cached position (its own included), so nothing before it is recomputed:
 *
 *   out = softmax(q·Kᵀ / √d) · V        K, V: the (length, d) rows cached so far
 *
 * Fill in the class, then: npm run exercise -- kv-cache
 */
export class KvCache {
  constructor(
    /** Entries per key/value vector. */
    readonly dim: number,
    /** Positions it can hold; appending past it is an error. */
    readonly capacity: number,
  ) {}

  /** Positions cached so far. */
  get length(): number {
    throw new Error("not implemented");
  }

  /** Stores one position's key and value (each `dim` long); throws an Error when the cache is full. */
  append(k: Float32Array, v: Float32Array): void {
    throw new Error("not implemented");
  }

  /** Attention of one query (`dim` long) over every cached position. */
  attend(q: Float32Array): Float32Array {
    throw new Error("not implemented");
  }
}

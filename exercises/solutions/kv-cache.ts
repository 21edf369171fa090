/** Reference solution of exercises/kv-cache.ts. */
export class KvCache {
  private readonly keys: Float32Array; // (capacity, dim)
  private readonly values: Float32Array; // (capacity, dim)
  private used = 0;

  constructor(
    readonly dim: number,
    readonly capacity: number,
  ) {
    this.keys = new Float32Array(capacity * dim);
    this.values = new Float32Array(capacity * dim);
  }

  get length(): number {
    return this.used;
  }

  append(k: Float32Array, v: Float32Array): void {
    if (this.used === this.capacity) throw new Error(`the cache is full (${this.capacity} positions)`);
    this.keys.set(k, this.used * this.dim);
    this.values.set(v, this.used * this.dim);
    this.used++;
  }

  attend(q: Float32Array): Float32Array {
    const { dim: d, used: n } = this;
    const p = new Float64Array(n);
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let e = 0; e < d; e++) dot += q[e] * this.keys[j * d + e];
      p[j] = dot / Math.sqrt(d);
      max = Math.max(max, p[j]);
    }
    let sum = 0;
    for (let j = 0; j < n; j++) {
      p[j] = Math.exp(p[j] - max);
      sum += p[j];
    }
    const out = new Float32Array(d);
    for (let j = 0; j < n; j++) for (let e = 0; e < d; e++) out[e] += (p[j] / sum) * this.values[j * d + e];
    return out;
  }
}

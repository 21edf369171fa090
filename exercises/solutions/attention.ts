/** Reference solution of exercises/attention.ts. */
export function attention(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  n: number,
  d: number,
  causal: boolean,
): Float32Array {
  const out = new Float32Array(n * d);
  const scale = 1 / Math.sqrt(d);
  for (let i = 0; i < n; i++) {
    const visible = causal ? i + 1 : n;
    const scores = new Float64Array(visible);
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < visible; j++) {
      let dot = 0;
      for (let e = 0; e < d; e++) dot += q[i * d + e] * k[j * d + e];
      scores[j] = dot * scale;
      max = Math.max(max, scores[j]);
    }
    let sum = 0;
    for (let j = 0; j < visible; j++) {
      scores[j] = Math.exp(scores[j] - max);
      sum += scores[j];
    }
    for (let j = 0; j < visible; j++) {
      const p = scores[j] / sum;
      for (let e = 0; e < d; e++) out[i * d + e] += p * v[j * d + e];
    }
  }
  return out;
}

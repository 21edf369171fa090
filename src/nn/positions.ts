/**
 * Telling the model where each token is. Attention itself is blind to order, so position information
 * is added to the token embeddings (or, with RoPE — see rope.ts — rotated into q and k).
 *
 * Sinusoidal (the original Transformer, Vaswani et al. 2017), fixed, no parameters:
 *   PE[p, 2i]   = sin(p / 10000^(2i/d))
 *   PE[p, 2i+1] = cos(p / 10000^(2i/d))
 * Worked example (d = 2): PE[0] = [0, 1], PE[1] = [sin 1, cos 1] ≈ [0.841, 0.540].
 *
 * Learned (GPT-2, BERT): a trained table (maxPositions, d) — an `Embedding` indexed by position, added
 * with `Embedding.addRange`. Its size is a hard context limit: GPT-2 knows positions 0..1023 only.
 */

/** The sinusoidal table (count, dim) as a Float32Array. */
export function sinusoidalPositions(count: number, dim: number, base = 10000): Float32Array {
  const pe = new Float32Array(count * dim);
  for (let p = 0; p < count; p++) {
    for (let i = 0; i < dim / 2; i++) {
      const angle = p / base ** ((2 * i) / dim);
      pe[p * dim + 2 * i] = Math.sin(angle);
      if (2 * i + 1 < dim) pe[p * dim + 2 * i + 1] = Math.cos(angle);
    }
  }
  return pe;
}

/** x (n, dim) += table rows start..start+n−1 of a (count, dim) f32 table. */
export function addPositions(
  x: Float32Array,
  n: number,
  dim: number,
  table: Float32Array,
  start: number,
): void {
  for (let r = 0; r < n; r++) {
    const o = r * dim;
    const t = (start + r) * dim;
    for (let j = 0; j < dim; j++) x[o + j] += table[t + j];
  }
}

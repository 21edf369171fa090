/**
 * Exercise: scaled dot-product attention with a causal mask, one head (Vaswani et al. 2017).
 *
 *   scores = Q·Kᵀ / √d                 (n, n)
 *   causal: scores[i][j] = −∞ for j > i (a token does not see the ones after it)
 *   P = softmax(scores) row by row     (subtract the row's max before exp)
 *   out = P·V                          (n, d)
 *
 * q, k, v and the result are (n, d), row-major: row i is entries [i·d, (i+1)·d).
 * Fill in the function, then: npm run exercise -- attention
 */
export function attention(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  n: number,
  d: number,
  causal: boolean,
): Float32Array {
  throw new Error("not implemented");
}

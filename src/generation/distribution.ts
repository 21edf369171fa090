/**
 * Turning scores into probabilities: softmax, computed in float64 with the maximum subtracted
 * first so that exp() never overflows (exp(x - max) ≤ 1). Scores of -Infinity get probability 0.
 *
 *   softmax([2, 1, 0]) = [e², e¹, e⁰] / (e² + e + 1) ≈ [0.665, 0.245, 0.090]
 */
export function softmax(logits: ArrayLike<number>): Float64Array {
  const n = logits.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if (logits[i] > max) max = logits[i];
  const probs = new Float64Array(n);
  if (max === Number.NEGATIVE_INFINITY) return probs; // nothing survived; callers check
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(logits[i] - max);
    probs[i] = e;
    sum += e;
  }
  for (let i = 0; i < n; i++) probs[i] /= sum;
  return probs;
}

/** log(softmax(x)) without leaving log space: x - max - log(Σ exp(x - max)). */
export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  const n = logits.length;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if (logits[i] > max) max = logits[i];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(logits[i] - max);
  const logZ = max + Math.log(sum);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = logits[i] - logZ;
  return out;
}

/** The index of the largest score; the lowest index wins a tie (as `run.c`'s argmax and torch.argmax). */
export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  return best;
}

/**
 * Indices 0..n-1 ordered by `key`, ascending or descending; equal keys keep index order
 * (Array.prototype.sort is stable), so results do not depend on the sort algorithm.
 */
export function sortedIndices(key: ArrayLike<number>, descending: boolean): number[] {
  const idx = Array.from({ length: key.length }, (_, i) => i);
  const ascending = (a: number, b: number) => (key[a] < key[b] ? -1 : key[a] > key[b] ? 1 : 0);
  idx.sort(descending ? (a, b) => ascending(b, a) : ascending);
  return idx;
}

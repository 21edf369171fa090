/**
 * Turning scores into probabilities: softmax, computed in float64 with the maximum subtracted
 * first so that exp() never overflows (exp(x - max) ≤ 1). Scores of -Infinity get probability 0.
 *
 *   softmax([2, 1, 0]) = [e², e¹, e⁰] / (e² + e + 1) ≈ [0.665, 0.245, 0.090]
 */
export function softmax(logits: ArrayLike<number>): Float64Array {
  return softmaxInto(new Float64Array(logits.length), logits);
}

/**
 * softmax(logits) written into `probs` (exactly logits.length long; returned): a sampler that keeps
 * one such buffer allocates nothing per token — a new 1.2 MB array for a 151,936-token vocabulary,
 * twice a token, cost more than the sums. A score of −Infinity (a token a processor removed) gets
 * its 0 without calling exp.
 */
export function softmaxInto(probs: Float64Array, logits: ArrayLike<number>): Float64Array {
  const n = logits.length;
  const removed = Number.NEGATIVE_INFINITY;
  let max = removed;
  for (let i = 0; i < n; i++) if (logits[i] > max) max = logits[i];
  if (max === removed) return probs.fill(0); // nothing survived; callers check
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = logits[i];
    if (x === removed) probs[i] = 0;
    else {
      const e = Math.exp(x - max);
      probs[i] = e;
      sum += e;
    }
  }
  for (let i = 0; i < n; i++) if (probs[i] !== 0) probs[i] /= sum;
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

/**
 * The k-th largest of `values` (1 ≤ k ≤ length), counting equal values separately and NaN as larger
 * than everything — what `Float32Array.from(values).sort().reverse()[k - 1]` gives, without sorting
 * the whole vocabulary: the k largest so far in a min-heap (`heap`: scratch of at least k), whose
 * root most values fail to beat. Example: [1, 3, 2, 3], k = 2 → 3; k = 3 → 2.
 */
export function kthLargest(values: ArrayLike<number>, k: number, heap: Float64Array): number {
  let nans = 0;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) nans++;
  if (k <= nans) return Number.NaN;
  const want = k - nans;
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (size < want) {
      // push, then sift up
      let c = size++;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (heap[parent] <= v) break;
        heap[c] = heap[parent];
        c = parent;
      }
      heap[c] = v;
    } else if (v > heap[0]) {
      // replace the root (the smallest kept), then sift down
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= size) break;
        const child = l + 1 < size && heap[l + 1] < heap[l] ? l + 1 : l;
        if (heap[child] >= v) break;
        heap[c] = heap[child];
        c = child;
      }
      heap[c] = v;
    }
  }
  return heap[0];
}

/**
 * The k largest scores out of n, without sorting all n.
 *
 * A min-heap of size k holds the best seen so far; its root is the worst of them, so each new score
 * costs one comparison unless it beats the root (then O(log k) to fix the heap). Over 400k scores
 * with k = 10 almost every score is rejected by that one comparison: O(n + k log k · hits).
 *
 *   topK(new Float32Array([0.1, 0.9, 0.5, 0.7]), 2)  // → [[1, 0.9], [3, 0.7]]
 */
export function topK(
  scores: ArrayLike<number>,
  k: number,
  exclude: ReadonlySet<number> = new Set(),
  count = scores.length,
): Array<[index: number, score: number]> {
  k = Math.min(k, Math.max(0, count - exclude.size));
  if (k <= 0) return [];
  const heapScore = new Float64Array(k);
  const heapIndex = new Int32Array(k);
  let size = 0;
  // "a is worse than b": lower score, or equal score and a later index (so earlier words win ties).
  const worse = (sa: number, ia: number, sb: number, ib: number) => sa < sb || (sa === sb && ia > ib);
  const siftDown = (at: number) => {
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let m = at;
      if (l < size && worse(heapScore[l], heapIndex[l], heapScore[m], heapIndex[m])) m = l;
      if (r < size && worse(heapScore[r], heapIndex[r], heapScore[m], heapIndex[m])) m = r;
      if (m === at) return;
      const s = heapScore[at];
      const i = heapIndex[at];
      heapScore[at] = heapScore[m];
      heapIndex[at] = heapIndex[m];
      heapScore[m] = s;
      heapIndex[m] = i;
      at = m;
    }
  };
  for (let i = 0; i < count; i++) {
    const s = scores[i];
    if (size === k && !(s > heapScore[0])) continue; // the one comparison most scores get
    if (Number.isNaN(s) || exclude.has(i)) continue;
    if (size < k) {
      // Sift up.
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(s, i, heapScore[parent], heapIndex[parent])) break;
        heapScore[at] = heapScore[parent];
        heapIndex[at] = heapIndex[parent];
        at = parent;
      }
      heapScore[at] = s;
      heapIndex[at] = i;
    } else {
      heapScore[0] = s;
      heapIndex[0] = i;
      siftDown(0);
    }
  }
  const out: Array<[number, number]> = [];
  for (let j = 0; j < size; j++) out.push([heapIndex[j], heapScore[j]]);
  return out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}

/**
 * BPE training, the fast way. It learns exactly the merges of `train-plain.ts` (a test checks it),
 * with three changes that remove the repeated work:
 *
 *   1. Unique chunks. " the" may occur 50,000 times in a corpus; it is stored once with its
 *      frequency, and each of its pairs counts 50,000 at once (minbpe PR #82 measured ~5×).
 *   2. Incremental counts. Merging (a, b) only changes the chunks that contain (a, b), so the
 *      pair counts are corrected from those chunks alone instead of recounting everything. An index
 *      pair → chunks says which ones to visit.
 *   3. A priority queue (`PairHeap`) finds the most frequent pair without scanning all of them.
 *
 * Example: chunks {"aaab": 1, "ab": 3}; counts (a,a): 2, (a,b): 4, so "ab" = 256 first. Only the
 * chunks holding (a,b) — both — are visited: "aaab" = [a,a,a,b] loses (a,a)×2 and (a,b)×1 and gains
 * (a,a)×1 and (a,256)×1 from its new form [a,a,256]; "ab" = [256] loses (a,b)×3. Nothing else moves.
 *
 * Cost: the initial count is O(unique chunk bytes); each merge is O(total length of the chunks
 * that contain the pair) plus heap pushes for the pairs whose count changed.
 */
import { utf8Encoder } from "../unicode.ts";
import { resolveTrainOptions, type TrainOptions } from "./options.ts";
import { PairHeap } from "./pair-heap.ts";
import { hasPair, mergePair, pairKey, pairLeft, pairRight } from "./pairs.ts";
import { compileSplitPattern, countChunks } from "./split.ts";
import { TrainedBpe } from "./trained-bpe.ts";

export function trainBpeFast(text: string, options: TrainOptions): TrainedBpe {
  const { targetSize, specialTokens, pattern } = resolveTrainOptions(options);
  const model = new TrainedBpe(pattern);

  // 1. Each distinct chunk once, as byte ids, with its frequency.
  const words: number[][] = [];
  const freqs: number[] = [];
  for (const [chunk, freq] of countChunks(text, compileSplitPattern(pattern), specialTokens)) {
    words.push(Array.from(utf8Encoder.encode(chunk)));
    freqs.push(freq);
  }

  // Pair counts over the whole corpus, and for each pair the chunks (word indices) that hold it.
  // The index lists only grow: a listed chunk may since have lost the pair; it is checked on visit.
  const counts = new Map<number, number>();
  const where = new Map<number, number[]>();
  words.forEach((ids, w) => {
    for (let i = 0; i + 1 < ids.length; i++) {
      const key = pairKey(ids[i], ids[i + 1]);
      counts.set(key, (counts.get(key) ?? 0) + freqs[w]);
      const list = where.get(key);
      if (!list) where.set(key, [w]);
      else if (list[list.length - 1] !== w) list.push(w);
    }
  });
  const heap = new PairHeap();
  for (const [key, count] of counts) heap.push(count, key);

  const visited = new Int32Array(words.length).fill(-1);
  while (model.size < targetSize) {
    // 3. The best pair: pop until an entry still matches its pair's current count.
    const top = heap.pop();
    if (!top) break;
    if (counts.get(top.key) !== top.count) continue; // stale entry
    const left = pairLeft(top.key);
    const right = pairRight(top.key);
    const merge = model.addMerge(left, right, top.count);

    // 2. Rewrite only the chunks that contain the pair, collecting how each pair's count moves.
    const delta = new Map<number, number>();
    const step = model.merges.length;
    for (const w of where.get(top.key) ?? []) {
      const ids = words[w];
      if (visited[w] === step || !hasPair(ids, left, right)) continue;
      visited[w] = step;
      const merged = mergePair(ids, left, right, merge.id);
      addPairs(delta, ids, -freqs[w]);
      addPairs(delta, merged, freqs[w]);
      // Pairs with the new id are the only pairs this chunk did not have before.
      for (let i = 0; i + 1 < merged.length; i++) {
        if (merged[i] !== merge.id && merged[i + 1] !== merge.id) continue;
        const key = pairKey(merged[i], merged[i + 1]);
        const list = where.get(key);
        if (!list) where.set(key, [w]);
        else if (list[list.length - 1] !== w) list.push(w);
      }
      words[w] = merged;
    }
    where.delete(top.key);
    for (const [key, d] of delta) {
      if (d === 0) continue;
      const count = (counts.get(key) ?? 0) + d;
      if (count > 0) {
        counts.set(key, count);
        heap.push(count, key);
      } else counts.delete(key);
    }
    options.onMerge?.(merge, model, targetSize);
  }
  model.addSpecialTokens(specialTokens);
  return model;
}

/** Adds `weight` to `delta` for every adjacent pair of `ids` (as `countPairs`, into a delta table). */
function addPairs(delta: Map<number, number>, ids: readonly number[], weight: number): void {
  for (let i = 0; i + 1 < ids.length; i++) {
    const key = pairKey(ids[i], ids[i + 1]);
    delta.set(key, (delta.get(key) ?? 0) + weight);
  }
}

/**
 * The two small helpers all of BPE training is built from (minbpe's `get_stats` and `merge`), and
 * the one rule that decides which pair wins when several are equally frequent.
 *
 * A token id sequence is a plain `number[]`. The 256 byte values are the first 256 ids; every
 * merge adds (at most) one id.
 */

/** Ids must stay below 2^21 so that a pair packs into one safe integer (see `pairKey`). */
export const MAX_VOCAB = 1 << 21;

/**
 * Packs a pair of ids into one number, so pairs can be Map keys and compared with `<`.
 * Ordering keys is ordering pairs: first by the left id, then by the right one.
 *
 *   pairKey(1, 2) = 1 * 2^21 + 2 = 2097154;   pairLeft(2097154) = 1, pairRight(2097154) = 2
 */
export function pairKey(left: number, right: number): number {
  return left * MAX_VOCAB + right;
}
export function pairLeft(key: number): number {
  return Math.floor(key / MAX_VOCAB);
}
export function pairRight(key: number): number {
  return key % MAX_VOCAB;
}

/**
 * Counts every adjacent pair in `ids`, adding `weight` per occurrence into `counts` (a new Map if
 * none is given). Overlapping pairs count: `[1,1,1]` has the pair (1,1) twice.
 *
 *   countPairs([1,2,3,1,2])  ->  {(1,2): 2, (2,3): 1, (3,1): 1}
 *
 * `weight` lets the fast trainer count a chunk that occurs 7 times in the corpus once, with weight 7.
 */
export function countPairs(ids: readonly number[], counts = new Map<number, number>(), weight = 1) {
  for (let i = 0; i + 1 < ids.length; i++) {
    const key = pairKey(ids[i], ids[i + 1]);
    counts.set(key, (counts.get(key) ?? 0) + weight);
  }
  return counts;
}

/**
 * Replaces every occurrence of the pair (left, right) in `ids` by `newId`, scanning left to right;
 * a replaced pair is consumed, so occurrences never overlap. Returns a new array.
 *
 *   mergePair([1,2,3,1,2], 1, 2, 4)  ->  [4,3,4]
 *   mergePair([5,5,5], 5, 5, 6)      ->  [6,5]        (the leftmost (5,5) wins)
 */
export function mergePair(ids: readonly number[], left: number, right: number, newId: number): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < ids.length) {
    if (i + 1 < ids.length && ids[i] === left && ids[i + 1] === right) {
      out.push(newId);
      i += 2;
    } else {
      out.push(ids[i]);
      i += 1;
    }
  }
  return out;
}

/** True when `ids` contains the adjacent pair (left, right). */
export function hasPair(ids: readonly number[], left: number, right: number): boolean {
  for (let i = 0; i + 1 < ids.length; i++) if (ids[i] === left && ids[i + 1] === right) return true;
  return false;
}

/**
 * THE TIE-BREAKING RULE, shared by both trainers: the pair with the higher count wins; between
 * equal counts, the pair with the smaller left id wins, then the smaller right id — that is, the
 * smaller `pairKey`. (minbpe takes Python's `max`, which keeps the pair seen first in the text; that
 * order is costly to keep in an incremental trainer, so tongguan uses an order both can compute.)
 *
 *   beats(5, pairKey(1,9), 5, pairKey(2,0)) -> true   (same count, left id 1 < 2)
 *   beats(4, pairKey(1,9), 5, pairKey(2,0)) -> false  (lower count loses)
 */
export function beats(countA: number, keyA: number, countB: number, keyB: number): boolean {
  return countA > countB || (countA === countB && keyA < keyB);
}

/**
 * The most frequent pair of a count table under the rule of `beats`, or undefined if it is empty.
 *
 *   bestPair({(1,2): 2, (2,3): 2, (3,1): 1}) -> { key: pairKey(1,2), count: 2 }
 */
export function bestPair(counts: Map<number, number>): { key: number; count: number } | undefined {
  let best: { key: number; count: number } | undefined;
  for (const [key, count] of counts) {
    if (count > 0 && (!best || beats(count, key, best.count, best.key))) best = { key, count };
  }
  return best;
}

/**
 * Exercise: byte-level BPE, the algorithm of GPT-2's tokenizer (minbpe's BasicTokenizer, no regex).
 *
 * Text is a list of bytes (0..255, its UTF-8 encoding). Training repeats: count every adjacent
 * pair, take the most frequent one, and replace it everywhere by a new id (256, 257, …). Encoding
 * applies the learned merges to new text, the earliest-learned applicable merge first.
 *
 * Fill in the four functions, then: npm run exercise -- bpe
 * (the reference is in solutions/bpe.ts — try first!)
 */

/** How often each adjacent pair occurs, keyed "a,b", in order of first occurrence: [1, 2, 3, 1, 2] → {"1,2": 2, "2,3": 1, "3,1": 1}. */
export function getStats(ids: number[]): Map<string, number> {
  throw new Error("not implemented");
}

/** Every occurrence of `pair`, left to right, replaced by `id`: merge([1, 2, 3, 1, 2], [1, 2], 4) → [4, 3, 4]. */
export function merge(ids: number[], pair: [number, number], id: number): number[] {
  throw new Error("not implemented");
}

/**
 * `numMerges` merges learned from `text`'s UTF-8 bytes: merge i is the most frequent pair at that
 * point (on a tie, the pair that occurs first) and gets the id 256 + i.
 */
export function train(text: string, numMerges: number): [number, number][] {
  throw new Error("not implemented");
}

/**
 * `text`'s UTF-8 bytes with `merges` applied: while some adjacent pair is a learned merge, merge
 * the pair learned earliest (everywhere), until none is left.
 */
export function encode(text: string, merges: [number, number][]): number[] {
  throw new Error("not implemented");
}

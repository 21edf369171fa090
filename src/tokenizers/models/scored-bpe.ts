/**
 * SentencePiece-style BPE (Llama 2's tokenizer.model, llama.cpp's "llama" vocabularies, llama2.c):
 * there is no merge list; every piece has a score, and the pair of neighbours whose concatenation
 * is the highest-scoring piece in the vocabulary is merged first (the leftmost on a tie), until no
 * concatenation is a piece.
 *
 *   pieces: ▁t -1, he -2, ▁the -3     "▁the": ▁ t h e → ▁t h e → ▁t he → ▁the
 */
import { MinHeap, POSITION_LIMIT } from "./min-heap.ts";

export interface ScoredSymbol {
  id: number;
  start: number;
  end: number;
}

export class ScoredMerger {
  /** rank[id]: 0 for the highest score, equal scores share a rank (so position breaks the tie). */
  private readonly rank: Int32Array;

  constructor(
    readonly pieces: string[],
    readonly scores: ArrayLike<number>,
    readonly vocab: Map<string, number>,
    /** Pieces that may be produced by a merge (SentencePiece skips unused/control/byte pieces). */
    readonly mergeable: (id: number) => boolean = () => true,
  ) {
    const distinct = [...new Set(Array.from(scores))].sort((a, b) => b - a);
    const rankOfScore = new Map(distinct.map((s, i) => [s, i]));
    this.rank = Int32Array.from(Array.from(scores), (s) => rankOfScore.get(s)!);
  }

  /** Merge the symbols in place order; returns the merged symbols. */
  merge(symbols: ScoredSymbol[]): ScoredSymbol[] {
    const n = symbols.length;
    if (n < 2) return symbols;
    const ids = symbols.map((s) => s.id);
    const ends = symbols.map((s) => s.end);
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      next[k] = k + 1 < n ? k + 1 : -1;
      prev[k] = k - 1;
    }
    const alive = new Uint8Array(n).fill(1);
    const heap = new MinHeap();
    const merged = (left: number): number | undefined => {
      const right = next[left];
      // Symbols with id -1 (characters outside the vocabulary) never merge.
      if (right < 0 || ids[left] < 0 || ids[right] < 0) return undefined;
      const id = this.vocab.get(this.pieces[ids[left]] + this.pieces[ids[right]]);
      return id !== undefined && this.mergeable(id) ? id : undefined;
    };
    const pushPair = (left: number) => {
      const id = merged(left);
      if (id !== undefined) heap.push(this.rank[id] * POSITION_LIMIT + left);
    };
    for (let k = 0; k + 1 < n; k++) pushPair(k);
    for (let top = heap.pop(); top !== undefined; top = heap.pop()) {
      const left = top % POSITION_LIMIT;
      if (!alive[left]) continue;
      const id = merged(left);
      if (id === undefined || this.rank[id] !== Math.floor(top / POSITION_LIMIT)) continue;
      const right = next[left];
      ids[left] = id;
      ends[left] = ends[right];
      alive[right] = 0;
      next[left] = next[right];
      if (next[right] >= 0) prev[next[right]] = left;
      if (prev[left] >= 0) pushPair(prev[left]);
      pushPair(left);
    }
    const out: ScoredSymbol[] = [];
    for (let k = 0; k >= 0; k = next[k]) out.push({ id: ids[k], start: symbols[k].start, end: ends[k] });
    return out;
  }
}

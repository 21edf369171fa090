/** What every tokenizer model (BPE, WordPiece, Unigram) does with one pre-tokenized word. */
export interface ModelToken {
  id: number;
  /** [start, end) of the token in the word, in UTF-16 code units. */
  start: number;
  end: number;
}

export interface Model {
  /** Cut one word into vocabulary tokens. */
  tokenize(word: string): ModelToken[];
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  /** Largest id + 1. */
  readonly size: number;
}

/** id → token array from a token → id table (holes stay undefined). */
export function invertVocab(vocab: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [t, id] of vocab) out[id] = t;
  return out;
}

/**
 * What BPE training produces: the bytes of every token, the merges in the order they were learned,
 * and the special tokens. Both trainers fill one of these through `addMerge`, so they share the
 * rules for new ids.
 */
import { BYTE_TO_CHAR } from "../unicode.ts";
import { MAX_VOCAB } from "./pairs.ts";

/** One learned merge: `left` + `right` → `id`, chosen when the pair occurred `count` times. */
export interface Merge {
  left: number;
  right: number;
  id: number;
  count: number;
}

/** A byte sequence in GPT-2's byte-level alphabet, as tokenizer.json spells tokens: " the" → "Ġthe". */
export function byteLevelString(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += BYTE_TO_CHAR[b];
  return s;
}

export class TrainedBpe {
  /** (vocab,) the bytes each id stands for; ids 0..255 are the single bytes 0x00..0xFF. */
  readonly tokenBytes: Uint8Array[] = [];
  readonly merges: Merge[] = [];
  /** Special tokens, numbered after the BPE tokens (as GPT-2's `<|endoftext|>` is 50256). */
  readonly specialTokens: { content: string; id: number }[] = [];
  /** Byte-level string → id; two merges that spell the same bytes must share one id. */
  private readonly idOf = new Map<string, number>();

  constructor(readonly pattern: string) {
    for (let b = 0; b < 256; b++) this.addToken(Uint8Array.of(b));
  }

  /** Number of BPE tokens (bytes and merged tokens), not counting special tokens. */
  get size(): number {
    return this.tokenBytes.length;
  }

  /**
   * Records the merge left + right and returns the id of the merged token.
   *
   * Usually that is a new id (256, 257, …). But two different merges can spell the same bytes:
   * with "ab" and "bc" both learned, one chunk may become [a, bc] and another [ab, c], and merging
   * either gives "abc". A tokenizer.json vocabulary maps each string to one id, so — as Hugging
   * Face's trainer does — the second merge reuses the id of the first and the vocabulary does not grow.
   */
  addMerge(left: number, right: number, count: number): Merge {
    const a = this.tokenBytes[left];
    const b = this.tokenBytes[right];
    const bytes = new Uint8Array(a.length + b.length);
    bytes.set(a, 0);
    bytes.set(b, a.length);
    const id = this.idOf.get(byteLevelString(bytes)) ?? this.addToken(bytes);
    const merge = { left, right, id, count };
    this.merges.push(merge);
    return merge;
  }

  /** Appends the special tokens after the BPE tokens. */
  addSpecialTokens(contents: readonly string[]): void {
    for (const content of contents) {
      if (this.specialTokens.some((s) => s.content === content)) continue;
      this.specialTokens.push({ content, id: this.size + this.specialTokens.length });
    }
  }

  /** The token's text in byte-level form ("Ġthe"); special tokens as they are. */
  tokenString(id: number): string {
    if (id < this.size) return byteLevelString(this.tokenBytes[id]);
    const special = this.specialTokens.find((s) => s.id === id);
    if (!special) throw new RangeError(`token id ${id} is outside the trained vocabulary`);
    return special.content;
  }

  private addToken(bytes: Uint8Array): number {
    const id = this.tokenBytes.length;
    if (id >= MAX_VOCAB) throw new RangeError(`BPE training supports at most ${MAX_VOCAB} tokens`);
    this.tokenBytes.push(bytes);
    this.idOf.set(byteLevelString(bytes), id);
    return id;
  }
}

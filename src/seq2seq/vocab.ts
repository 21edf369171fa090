/**
 * A character vocabulary: each character one id, after three special ids —
 * 0 `<pad>` (fills short rows of a batch), 1 `<s>` (the decoder's first input), 2 `</s>` (end).
 *
 *   const v = new CharVocab("abc");   v.encode("cab") → [5, 3, 4];   v.decode([5, 3, 4, 2]) → "cab"
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";

export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
const SPECIALS = ["<pad>", "<s>", "</s>"];

export class CharVocab {
  readonly chars: string[];
  private readonly ids = new Map<string, number>();

  constructor(chars: string) {
    this.chars = [...new Set(chars)];
    this.chars.forEach((c, i) => {
      this.ids.set(c, i + SPECIALS.length);
    });
  }

  get size(): number {
    return this.chars.length + SPECIALS.length;
  }

  /** Ids of the characters of `text` (no `<s>` or `</s>`); an unknown character is a one-line error. */
  encode(text: string, what = "input"): number[] {
    return [...text].map((c) => {
      const id = this.ids.get(c);
      if (id === undefined) {
        throw new TongguanError(
          t("seq2seq.vocab.characterIsNotIn", { what, text: JSON.stringify(text), c: JSON.stringify(c) }),
        );
      }
      return id;
    });
  }

  /** Text of ids up to the first `</s>`; `<pad>` and `<s>` are skipped. */
  decode(ids: number[]): string {
    let out = "";
    for (const id of ids) {
      if (id === EOS) break;
      if (id >= SPECIALS.length) out += this.chars[id - SPECIALS.length];
    }
    return out;
  }

  /** A token's display text (specials by name). */
  token(id: number): string {
    return id < SPECIALS.length ? SPECIALS[id] : this.chars[id - SPECIALS.length];
  }
}

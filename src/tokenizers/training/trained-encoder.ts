/**
 * Encoding with a freshly trained BPE, the minbpe way: split like the trainer, then in each chunk
 * merge the pair with the lowest rank (learned earliest) until no learned pair is left.
 *
 *   merges: 256 = (97,97) "aa", 257 = (97,98) "ab"
 *   "aab" -> [97,97,98]; ranks (97,97): 0, (97,98): 1 -> merge (97,97) -> [256,98]; no more -> [256,98]
 *
 * This is the trainer's own check, not the project's tokenizer (that is `loadTokenizer` on the
 * written tokenizer.json); tests compare the two and Hugging Face's tokenizers.
 */
import { utf8Encoder } from "../unicode.ts";
import { mergePair, pairKey } from "./pairs.ts";
import { compileSplitPattern, splitChunks, splitOnSpecials } from "./split.ts";
import type { TrainedBpe } from "./trained-bpe.ts";

export class TrainedBpeEncoder {
  /** pair key → [rank, merged id]; a pair learned twice keeps its first (lowest) rank. */
  private readonly ranks = new Map<number, [number, number]>();
  private readonly re: RegExp;
  private readonly specials: Map<string, number>;

  constructor(private readonly model: TrainedBpe) {
    model.merges.forEach((m, rank) => {
      const key = pairKey(m.left, m.right);
      if (!this.ranks.has(key)) this.ranks.set(key, [rank, m.id]);
    });
    this.re = compileSplitPattern(model.pattern);
    this.specials = new Map(model.specialTokens.map((s) => [s.content, s.id]));
  }

  encode(text: string): number[] {
    const out: number[] = [];
    for (const part of splitOnSpecials(text, [...this.specials.keys()])) {
      const special = this.specials.get(part);
      if (special !== undefined) out.push(special);
      else for (const chunk of splitChunks(part, this.re)) out.push(...this.encodeChunk(chunk));
    }
    return out;
  }

  encodeChunk(chunk: string): number[] {
    let ids = Array.from(utf8Encoder.encode(chunk));
    for (;;) {
      let best: [number, number] | undefined;
      let bestAt = -1;
      for (let i = 0; i + 1 < ids.length; i++) {
        const r = this.ranks.get(pairKey(ids[i], ids[i + 1]));
        if (r && (!best || r[0] < best[0])) {
          best = r;
          bestAt = i;
        }
      }
      if (!best) return ids;
      ids = mergePair(ids, ids[bestAt], ids[bestAt + 1], best[1]);
    }
  }

  /** The token strings of `ids` in tokenizer.json's byte-level form. */
  tokens(ids: readonly number[]): string[] {
    return ids.map((id) => this.model.tokenString(id));
  }
}

/**
 * tiktoken's byte-pair encoding (GPT-3.5/4's cl100k_base, GPT-4o's o200k_base). There is no merge
 * list: every token's rank is its id, and a word is encoded by repeatedly joining the adjacent pair
 * whose concatenation has the lowest rank (the leftmost on a tie), until no concatenation is a token.
 *
 *   ranks: "a"=0 "b"=1 "c"=2 "ab"=3 "abc"=4      word "abc"
 *   a b c → ab c (rank 3 < "bc" missing) → abc (rank 4)
 *
 * Symbols are byte-level strings (one of GPT-2's 256 printable characters a byte), so a word's
 * positions are its bytes and every byte is a token: nothing is ever unknown.
 */
import { TongguanError } from "../../errors.ts";
import { t as tr } from "../../messages/index.ts";
import type { Model, ModelToken } from "./model.ts";

export class RankBpeModel implements Model {
  readonly size: number;
  private readonly tokens: string[];
  private readonly cache = new Map<string, ModelToken[]>();

  /** `ranks`: byte-level token string → rank (= id). */
  constructor(readonly ranks: Map<string, number>) {
    this.tokens = [];
    for (const [t, r] of ranks) this.tokens[r] = t;
    this.size = this.tokens.length;
  }

  tokenToId(token: string): number | undefined {
    return this.ranks.get(token);
  }
  idToToken(id: number): string | undefined {
    return this.tokens[id];
  }

  /** The rank of the token `a + b`, or undefined: the priority of joining a and b. */
  rankOf(a: string, b: string): number | undefined {
    return this.ranks.get(a + b);
  }

  tokenize(word: string): ModelToken[] {
    const hit = this.cache.get(word);
    if (hit) return hit;
    const whole = this.ranks.get(word);
    if (whole !== undefined) return [{ id: whole, start: 0, end: word.length }];
    const parts = [...word].map((ch, i) => ({ s: ch, start: i, end: i + 1 }));
    for (;;) {
      let best = -1;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let i = 0; i + 1 < parts.length; i++) {
        const r = this.ranks.get(parts[i].s + parts[i + 1].s);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      const [l, r] = [parts[best], parts[best + 1]];
      parts.splice(best, 2, { s: l.s + r.s, start: l.start, end: r.end });
    }
    const out = parts.map((p) => {
      const id = this.ranks.get(p.s);
      if (id === undefined)
        throw new TongguanError(
          tr("tokenizers.models.rankBpe.rankBpeByteSymbol", { s: JSON.stringify(p.s) }),
        );
      return { id, start: p.start, end: p.end };
    });
    if (this.cache.size > 100_000) this.cache.clear();
    this.cache.set(word, out);
    return out;
  }
}

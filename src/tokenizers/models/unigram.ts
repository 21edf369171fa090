/**
 * Unigram (SentencePiece's default model, T5, ALBERT): every piece has a log-probability; the
 * tokenization of a word is the split whose pieces' scores add up to the most (Viterbi, dynamic
 * programming over positions). A character no piece covers is an unknown token whose score is
 * the lowest score minus 10; unknown characters in a row are fused into one unknown token.
 *
 *   pieces: ▁he -2, llo -3, ▁hel -4, lo -2, ▁hello -9   "▁hello": ▁he+llo = -5 beats ▁hel+lo = -6 and -9
 */
import { TongguanError } from "../../errors.ts";
import { t as tr } from "../../messages/index.ts";
import { bytePiece, utf8Encoder } from "../unicode.ts";
import type { Model, ModelToken } from "./model.ts";

export class UnigramModel implements Model {
  readonly vocab = new Map<string, number>();
  readonly pieces: string[] = [];
  readonly scores: number[] = [];
  readonly size: number;
  private readonly maxLength: number;
  private readonly unkScore: number;

  constructor(
    vocab: [string, number][],
    readonly unkId: number | undefined,
    readonly byteFallback = false,
  ) {
    let min = 0;
    let maxLength = 1;
    vocab.forEach(([piece, score], id) => {
      this.vocab.set(piece, id);
      this.pieces.push(piece);
      this.scores.push(score);
      if (score < min) min = score;
      if (piece.length > maxLength) maxLength = piece.length;
    });
    this.size = vocab.length;
    this.maxLength = maxLength;
    this.unkScore = min - 10;
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }
  idToToken(id: number): string | undefined {
    return this.pieces[id];
  }

  tokenize(word: string): ModelToken[] {
    const n = word.length;
    if (n === 0) return [];
    // best[i]: best score of word[0, i); from[i], id[i]: the last piece of that best split.
    const best = new Float64Array(n + 1).fill(Number.NEGATIVE_INFINITY);
    const from = new Int32Array(n + 1).fill(-1);
    const ids = new Int32Array(n + 1).fill(-1);
    best[0] = 0;
    for (let i = 0; i < n; i++) {
      if (best[i] === Number.NEGATIVE_INFINITY) continue;
      if (i > 0 && word.charCodeAt(i) >= 0xdc00 && word.charCodeAt(i) <= 0xdfff) continue; // inside a surrogate pair
      const charEnd = i + (word.codePointAt(i)! > 0xffff ? 2 : 1);
      let coveredChar = false;
      for (let j = i + 1; j <= Math.min(n, i + this.maxLength); j++) {
        const id = this.vocab.get(word.slice(i, j));
        if (id === undefined) continue;
        if (j === charEnd) coveredChar = true;
        const s = best[i] + this.scores[id];
        if (s > best[j]) {
          best[j] = s;
          from[j] = i;
          ids[j] = id;
        }
      }
      if (!coveredChar) {
        const s = best[i] + this.unkScore;
        if (s > best[charEnd]) {
          best[charEnd] = s;
          from[charEnd] = i;
          ids[charEnd] = -1; // unknown
        }
      }
    }
    const rev: ModelToken[] = [];
    for (let j = n; j > 0; j = from[j]) rev.push({ id: ids[j], start: from[j], end: j });
    rev.reverse();
    const out: ModelToken[] = [];
    for (const t of rev) {
      if (t.id >= 0) {
        out.push(t);
        continue;
      }
      const ch = word.slice(t.start, t.end);
      const bytes = this.byteFallback
        ? [...utf8Encoder.encode(ch)].map((b) => this.vocab.get(bytePiece(b)))
        : [];
      if (bytes.length > 0 && bytes.every((b) => b !== undefined)) {
        for (const b of bytes) out.push({ id: b!, start: t.start, end: t.end });
        continue;
      }
      if (this.unkId === undefined)
        throw new TongguanError(tr("tokenizers.models.unigram.characterIsNotIn", { ch: JSON.stringify(ch) }));
      const last = out[out.length - 1];
      if (last && last.id === this.unkId && last.end === t.start) last.end = t.end;
      else out.push({ id: this.unkId, start: t.start, end: t.end });
    }
    return out;
  }
}

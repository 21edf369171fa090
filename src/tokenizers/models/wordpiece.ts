/**
 * WordPiece (BERT): greedy longest match. Take the longest vocabulary entry the word starts with,
 * then the longest `##`-prefixed entry the rest starts with, and so on. If some rest has no match,
 * the whole word becomes `[UNK]`.
 *
 *   vocab: un, ##aff, ##able, ##a     "unaffable" → un ##aff ##able
 */
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { invertVocab, type Model, type ModelToken } from "./model.ts";

export class WordPieceModel implements Model {
  readonly idToTokenTable: string[];
  readonly size: number;
  private readonly unkId: number;

  constructor(
    readonly vocab: Map<string, number>,
    readonly unkToken = "[UNK]",
    readonly continuingSubwordPrefix = "##",
    readonly maxInputCharsPerWord = 100,
    where = "WordPiece model",
  ) {
    this.idToTokenTable = invertVocab(vocab);
    this.size = this.idToTokenTable.length;
    const unk = vocab.get(unkToken);
    if (unk === undefined)
      throw new TongguanError(t("tokenizers.models.wordpiece.unknownTokenIsNot", { where, unkToken }));
    this.unkId = unk;
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }
  idToToken(id: number): string | undefined {
    return this.idToTokenTable[id];
  }

  tokenize(word: string): ModelToken[] {
    let chars = 0;
    for (const _ of word) chars++;
    if (chars > this.maxInputCharsPerWord) return [{ id: this.unkId, start: 0, end: word.length }];
    const out: ModelToken[] = [];
    let start = 0;
    while (start < word.length) {
      let end = word.length;
      let found: number | undefined;
      while (start < end) {
        const sub =
          start > 0 ? this.continuingSubwordPrefix + word.slice(start, end) : word.slice(start, end);
        found = this.vocab.get(sub);
        if (found !== undefined) break;
        // Step back one whole character (a surrogate pair counts as one).
        const c = word.charCodeAt(end - 1);
        end -= c >= 0xdc00 && c <= 0xdfff && end - 2 >= start ? 2 : 1;
      }
      if (found === undefined) return [{ id: this.unkId, start: 0, end: word.length }];
      out.push({ id: found, start, end });
      start = end;
    }
    return out;
  }
}

/** WordLevel: each pre-tokenized word is looked up whole; unknown words become the unknown token. */
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { invertVocab, type Model, type ModelToken } from "./model.ts";

export class WordLevelModel implements Model {
  readonly idToTokenTable: string[];
  readonly size: number;
  constructor(
    readonly vocab: Map<string, number>,
    readonly unkToken: string | undefined,
    readonly where = "WordLevel model",
  ) {
    this.idToTokenTable = invertVocab(vocab);
    this.size = this.idToTokenTable.length;
  }
  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }
  idToToken(id: number): string | undefined {
    return this.idToTokenTable[id];
  }
  tokenize(word: string): ModelToken[] {
    const id =
      this.vocab.get(word) ?? (this.unkToken !== undefined ? this.vocab.get(this.unkToken) : undefined);
    if (id === undefined)
      throw new TongguanError(
        t("tokenizers.models.wordLevel.isNotInThe", { where: this.where, word: JSON.stringify(word) }),
      );
    return [{ id, start: 0, end: word.length }];
  }
}

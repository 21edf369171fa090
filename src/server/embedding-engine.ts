/**
 * The server's Engine for an encoder (BERT): /v1/embeddings, /tokenize and /detokenize; the text
 * routes answer that this model makes embeddings, not text. Each text is tokenized with the model's
 * special tokens ([CLS] … [SEP]) and pooled as the model says (mean or [CLS]), as `tongguan embed`.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import type { Tokenizer } from "../tokenizers/types.ts";
import type { Engine } from "./engine.ts";

/** What the engine needs of an encoder (models/bert.ts's Bert has it). */
export interface Encoder {
  readonly vocabSize: number;
  readonly contextLength: number;
  embed(ids: number[]): Float32Array;
}

export function createEmbeddingEngine(options: {
  modelId: string;
  model: Encoder;
  tokenizer: Tokenizer;
}): Engine {
  const { model, tokenizer } = options;
  const contextLength = model.contextLength;
  let longest: number | undefined;
  return {
    modelId: options.modelId,
    contextLength,
    vocabSize: model.vocabSize,
    generates: false,
    get maxPromptChars() {
      if (longest === undefined) {
        longest = 16;
        for (let id = 0; id < tokenizer.vocabSize; id++)
          longest = Math.max(longest, tokenizer.idToToken(id)?.length ?? 0);
      }
      return contextLength * longest;
    },
    tokenize: (text, addSpecialTokens) => tokenizer.encode(text, { addSpecialTokens }).ids,
    tokenString: (id) => tokenizer.decode([id]),
    detokenize: (ids) => tokenizer.decode(ids),
    renderChat() {
      throw new TongguanError(t("server.embeddingEngine.isAnEncoderIt", { modelId: options.modelId }));
    },
    embed(texts) {
      return texts.map((text, i) => {
        const ids = tokenizer.encode(text, { addSpecialTokens: true }).ids;
        if (ids.length > contextLength)
          throw new TongguanError(
            t("server.embeddingEngine.inputIsTokensThis", {
              v1: texts.length > 1 ? `[${i}]` : "",
              idsLength: ids.length,
              contextLength,
            }),
          );
        return { embedding: model.embed(ids), tokens: ids.length };
      });
    },
    // biome-ignore lint/correctness/useYield: an encoder never generates; the route refuses first
    async *generate() {
      throw new TongguanError(t("server.embeddingEngine.isAnEncoderIt2", { modelId: options.modelId }));
    },
  };
}

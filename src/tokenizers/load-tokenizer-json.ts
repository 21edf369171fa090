/** Build the pipeline from a Hugging Face `tokenizer.json` (the `tokenizers` library's own format). */
import { fileError, TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import { type AddedToken, addedTokenFromJson } from "./added-tokens.ts";
import { decoderFromJson } from "./decoders.ts";
import { HfTokenizer } from "./hf-tokenizer.ts";
import { BpeModel } from "./models/bpe.ts";
import type { Model } from "./models/model.ts";
import { UnigramModel } from "./models/unigram.ts";
import { WordLevelModel } from "./models/word-level.ts";
import { WordPieceModel } from "./models/wordpiece.ts";
import { normalizerFromJson } from "./normalizers.ts";
import { postProcessorFromJson } from "./post-processors.ts";
import { preTokenizerFromJson } from "./pre-tokenizers.ts";
import { resolveSpecialTokens, type TokenizerConfig } from "./tokenizer-config.ts";

// biome-ignore lint/suspicious/noExplicitAny: JSON
function vocabMap(json: any, path: string): Map<string, number> {
  if (json === null || typeof json !== "object" || Array.isArray(json))
    throw fileError(path, tr("tokenizers.loadTokenizerJson.fieldModelVocabMust"));
  const m = new Map<string, number>();
  for (const [t, id] of Object.entries(json)) {
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0)
      throw fileError(
        path,
        tr("tokenizers.loadTokenizerJson.modelVocabTokenHas", {
          t: JSON.stringify(t),
          id: JSON.stringify(id),
        }),
      );
    m.set(t, id);
  }
  return m;
}

/** Merges are "a b" strings (older files) or ["a", "b"] pairs (newer files). */
export function parseMerges(list: unknown, path: string): [string, string][] {
  if (!Array.isArray(list)) throw fileError(path, tr("tokenizers.loadTokenizerJson.fieldModelMergesMust"));
  return list.map((m, i) => {
    if (Array.isArray(m) && m.length === 2) return [String(m[0]), String(m[1])];
    if (typeof m === "string") {
      const parts = m.split(" ");
      if (parts.length === 2) return [parts[0], parts[1]];
    }
    throw fileError(
      path,
      tr("tokenizers.loadTokenizerJson.modelMergesIsExpected", { i, m: JSON.stringify(m) }),
    );
  });
}

// biome-ignore lint/suspicious/noExplicitAny: JSON
export function modelFromJson(json: any, path: string): Model {
  if (json == null || typeof json !== "object")
    throw fileError(path, tr("tokenizers.loadTokenizerJson.fieldModelIsMissing"));
  const type =
    json.type ??
    (json.merges ? "BPE" : json.continuing_subword_prefix !== undefined ? "WordPiece" : undefined);
  const where = `${path}: model`;
  switch (type) {
    case "BPE":
      return new BpeModel(
        vocabMap(json.vocab, path),
        parseMerges(json.merges, path),
        {
          unkToken: json.unk_token,
          continuingSubwordPrefix: json.continuing_subword_prefix,
          endOfWordSuffix: json.end_of_word_suffix,
          fuseUnk: json.fuse_unk ?? false,
          byteFallback: json.byte_fallback ?? false,
          ignoreMerges: json.ignore_merges ?? false,
        },
        where,
      );
    case "WordPiece":
      return new WordPieceModel(
        vocabMap(json.vocab, path),
        json.unk_token ?? "[UNK]",
        json.continuing_subword_prefix ?? "##",
        json.max_input_chars_per_word ?? 100,
        where,
      );
    case "WordLevel":
      return new WordLevelModel(vocabMap(json.vocab, path), json.unk_token, where);
    case "Unigram":
      if (!Array.isArray(json.vocab))
        throw fileError(path, tr("tokenizers.loadTokenizerJson.modelVocabMustBe"));
      if (
        json.unk_id != null &&
        !(Number.isInteger(json.unk_id) && json.unk_id >= 0 && json.unk_id < json.vocab.length)
      )
        throw fileError(
          path,
          tr("tokenizers.loadTokenizerJson.modelUnkIdIs", {
            unk_id: JSON.stringify(json.unk_id),
            vocabLength: json.vocab.length,
            v3: json.vocab.length - 1,
          }),
        );
      return new UnigramModel(json.vocab, json.unk_id ?? undefined, json.byte_fallback ?? false);
    default:
      throw fileError(
        path,
        tr("tokenizers.loadTokenizerJson.modelTypeIsNot", { type: JSON.stringify(type) }),
      );
  }
}

/**
 * Ids are array indices everywhere (embedding rows, logits): one past 2²⁴ (16.7 M, also where
 * float32 stops holding every integer) is no real vocabulary's and would size arrays by it.
 */
const MAX_TOKEN_ID = 2 ** 24;

// biome-ignore lint/suspicious/noExplicitAny: JSON
export function addedTokensFromJson(list: any, path: string): AddedToken[] {
  if (list == null) return [];
  if (!Array.isArray(list)) throw fileError(path, tr("tokenizers.loadTokenizerJson.fieldAddedTokensMust"));
  return list.map((t, i) => {
    if (typeof t?.id !== "number" || typeof t?.content !== "string")
      throw fileError(path, tr("tokenizers.loadTokenizerJson.addedTokensNeedsA", { i }));
    if (!Number.isInteger(t.id) || t.id < 0 || t.id >= MAX_TOKEN_ID)
      throw fileError(
        path,
        tr("tokenizers.loadTokenizerJson.addedTokensIdIs", { i, tId: t.id, v3: MAX_TOKEN_ID - 1 }),
      );
    return addedTokenFromJson(t.id, t);
  });
}

/** tokenizer.json (parsed) + optional tokenizer_config.json → tokenizer. */
// biome-ignore lint/suspicious/noExplicitAny: JSON
export function tokenizerFromJson(json: any, path: string, config?: TokenizerConfig): HfTokenizer {
  if (json === null || typeof json !== "object" || Array.isArray(json))
    throw fileError(path, tr("tokenizers.loadTokenizerJson.expectedAJsonObject"));
  if (json.model === undefined)
    throw fileError(path, tr("tokenizers.loadTokenizerJson.fieldModelIsMissing2"));
  try {
    const model = modelFromJson(json.model, path);
    const addedTokens = addedTokensFromJson(json.added_tokens, path);
    const byContent = new Map(addedTokens.map((t) => [t.content, t.id]));
    return new HfTokenizer({
      normalizer: normalizerFromJson(json.normalizer, `${path}: normalizer`),
      preTokenizer: preTokenizerFromJson(json.pre_tokenizer, `${path}: pre_tokenizer`),
      model,
      postProcessor: postProcessorFromJson(json.post_processor, `${path}: post_processor`),
      decoder: decoderFromJson(json.decoder, `${path}: decoder`),
      addedTokens,
      specialTokens: resolveSpecialTokens(
        config,
        (t) => byContent.get(t) ?? model.tokenToId(t),
        (t) => byContent.get(t),
      ),
      chatTemplate: config?.chatTemplate,
    });
  } catch (e) {
    if (e instanceof TongguanError && !e.message.startsWith(path)) throw fileError(path, e.message);
    throw e;
  }
}

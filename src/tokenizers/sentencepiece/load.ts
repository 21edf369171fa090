/**
 * `tokenizer.model` (+ tokenizer_config.json beside it) → SentencePieceTokenizer; with
 * `"tokenizer_class": "ChatGLMTokenizer"`, ChatGLM3's tokenizer (chatglm.ts).
 */
import { fileError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { chatGlmSpec } from "../chatglm.ts";
import { readBytes } from "../read-files.ts";
import type { TokenizerConfig } from "../tokenizer-config.ts";
import type { Tokenizer } from "../types.ts";
import { parseModelProto } from "./model-proto.ts";
import { SentencePieceTokenizer } from "./tokenizer.ts";

export async function loadSentencePieceTokenizer(path: string, config?: TokenizerConfig): Promise<Tokenizer> {
  const m = parseModelProto(await readBytes(path), path);
  if (m.modelType !== "bpe" && m.modelType !== "unigram")
    throw fileError(
      path,
      t("tokenizers.sentencepiece.load.sentencepieceModelTypeIs", { modelType: m.modelType }),
    );
  const norm = m.normalizerName;
  if (norm !== "identity" && !/nfkc/i.test(norm))
    throw fileError(path, t("tokenizers.sentencepiece.load.sentencepieceNormalizerIsNot", { norm }));
  const normalization = norm === "identity" ? "identity" : "nfkc";
  // ChatGLM3: the same model file, plus special tokens its Python class numbers after the pieces.
  if (config?.tokenizerClass === "ChatGLMTokenizer")
    return new SentencePieceTokenizer(chatGlmSpec(m, normalization, config.chatTemplate));
  return new SentencePieceTokenizer({
    pieces: m.pieces.map((p) => p.piece),
    scores: m.pieces.map((p) => p.score),
    types: m.pieces.map((p) => p.type),
    modelType: m.modelType,
    byteFallback: m.byteFallback,
    unkId: m.unkId,
    bosId: m.bosId,
    eosId: m.eosId,
    padId: m.padId,
    normalization,
    addDummyPrefix: m.addDummyPrefix,
    removeExtraWhitespaces: m.removeExtraWhitespaces,
    addBos: config?.addBosToken ?? true,
    addEos: config?.addEosToken ?? false,
    chatTemplate: config?.chatTemplate,
  });
}

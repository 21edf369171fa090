/**
 * ChatGLM3's tokenizer (THUDM's `ChatGLMTokenizer`, tokenization_chatglm.py): a SentencePiece model
 * plus nine special tokens that are not in the model file but numbered right after its pieces:
 *
 *   [MASK] [gMASK] [sMASK] sop eop <|system|> <|user|> <|assistant|> <|observation|>
 *   ChatGLM3-6B: 64789 pieces → [gMASK] = 64790, sop = 64792, <|user|> = 64795, <|assistant|> = 64796
 *
 * Every input starts with `[gMASK] sop` (GLM's "generate from here" mask, then start-of-piece), and a
 * conversation is a run of role tokens, each followed by "\n" and the message:
 *
 *   [gMASK]sop<|user|>\n 你好<|assistant|>
 *
 * The model answers, then ends its turn by writing the next role token (`<|user|>` or
 * `<|observation|>` for a tool result), so those stop generation as well as `</s>`.
 */
import type { SentencePieceModelProto } from "./sentencepiece/model-proto.ts";
import { PieceType } from "./sentencepiece/model-proto.ts";
import type { SentencePieceSpec } from "./sentencepiece/tokenizer.ts";

export const CHATGLM_SPECIAL_TOKENS = [
  "[MASK]",
  "[gMASK]",
  "[sMASK]",
  "sop",
  "eop",
  "<|system|>",
  "<|user|>",
  "<|assistant|>",
  "<|observation|>",
] as const;

/**
 * ChatGLM3-6B's own template (its tokenizer_config.json; llama.cpp's "chatglm3"): the layout that
 * tokenization_chatglm.py's build_chat_input produces, "\n " standing for its separate encodings of
 * "\n" and of the message (each with SentencePiece's leading `▁`). Used when a folder or GGUF has none.
 */
export const CHATGLM3_CHAT_TEMPLATE =
  "{% for message in messages %}{% if loop.first %}[gMASK]sop<|{{ message['role'] }}|>\n {{ message['content'] }}{% else %}<|{{ message['role'] }}|>\n {{ message['content'] }}{% endif %}{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}";

/** Tokens that end an assistant turn. */
export const CHATGLM_END_OF_TURN = ["<|user|>", "<|observation|>"];

/**
 * The SentencePiece spec of a ChatGLM tokenizer: the model's pieces, then the special tokens as
 * control pieces. Special tokens written in the text are matched (rendered chat templates carry
 * them), and every text segment between them gets its own leading `▁`, as the separate encodings of
 * build_chat_input do (and llama.cpp does for this vocabulary).
 */
export function chatGlmSpec(
  m: SentencePieceModelProto,
  normalization: SentencePieceSpec["normalization"],
  chatTemplate?: string,
): SentencePieceSpec {
  const pieces = [...m.pieces.map((p) => p.piece), ...CHATGLM_SPECIAL_TOKENS];
  const n = m.pieces.length;
  const idOf = (t: string) =>
    n + CHATGLM_SPECIAL_TOKENS.indexOf(t as (typeof CHATGLM_SPECIAL_TOKENS)[number]);
  return {
    pieces,
    scores: [...m.pieces.map((p) => p.score), ...CHATGLM_SPECIAL_TOKENS.map(() => 0)],
    types: [...m.pieces.map((p) => p.type), ...CHATGLM_SPECIAL_TOKENS.map(() => PieceType.CONTROL)],
    modelType: m.modelType as "bpe" | "unigram",
    byteFallback: m.byteFallback,
    unkId: m.unkId,
    bosId: m.bosId,
    eosId: m.eosId,
    // tokenization_chatglm.py: pad_id = the model's unk id.
    padId: m.unkId,
    normalization,
    addDummyPrefix: m.addDummyPrefix,
    removeExtraWhitespaces: m.removeExtraWhitespaces,
    addBos: false,
    addEos: false,
    prefixIds: [idOf("[gMASK]"), idOf("sop")],
    prefixEachSegment: true,
    parseControlTokens: true,
    chatTemplate: chatTemplate ?? CHATGLM3_CHAT_TEMPLATE,
    extraEosIds: CHATGLM_END_OF_TURN.map(idOf),
  };
}

/**
 * A tokenizer from a GGUF file's `tokenizer.ggml.*` metadata, as llama.cpp builds it:
 *
 *   tokenizer.ggml.model  "gpt2" → byte-level BPE (tokens + merges), split by the `pre` regexes
 *                         "llama" → SentencePiece BPE (tokens + scores, `<0xNN>` byte fallback)
 *                         "bert" → WordPiece (llama.cpp marks word starts with `▁` instead of `##`)
 *   tokenizer.ggml.token_type: 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte
 *
 * Control tokens written in the text are matched unless encode gets `parseSpecial: false`
 * (llama.cpp's test-tokenizer-0 uses false); user-defined tokens are always matched.
 */
import { fileError } from "../errors.ts";
import { type GgufFile, readGguf } from "../formats/gguf.ts";
import { t as tr } from "../messages/index.ts";
import type { AddedToken } from "./added-tokens.ts";
import { CHATGLM_END_OF_TURN, CHATGLM3_CHAT_TEMPLATE } from "./chatglm.ts";
import { ByteLevelDecoder, WordPieceDecoder } from "./decoders.ts";
import { HfTokenizer } from "./hf-tokenizer.ts";
import { llamaCppPre } from "./llama-cpp-pre.ts";
import { BpeModel } from "./models/bpe.ts";
import { WordPieceModel } from "./models/wordpiece.ts";
import { BertNormalizer } from "./normalizers.ts";
import { WrapProcessing } from "./post-processors.ts";
import {
  BertPreTokenizer,
  ByteLevelPreTokenizer,
  type PreTokenizer,
  PreTokenizerSequence,
  Split,
} from "./pre-tokenizers.ts";
import { PieceType } from "./sentencepiece/model-proto.ts";
import { SentencePieceTokenizer } from "./sentencepiece/tokenizer.ts";
import type { Tokenizer } from "./types.ts";

function arrayOf<T>(g: GgufFile, key: string, check: (v: unknown) => boolean, what: string): T[] | undefined {
  const v = g.metadata.get(key);
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every(check))
    throw fileError(g.path, tr("tokenizers.ggufTokenizer.metadataMustBeAn", { key, what }));
  return v as T[];
}

function optionalId(g: GgufFile, key: string, n: number): number | undefined {
  const v = g.metadata.get(key);
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v))
    throw fileError(g.path, tr("tokenizers.ggufTokenizer.metadataIsNotAn", { key }));
  if (v < 0 || v >= n) return undefined; // -1 / out of range: "none", as llama.cpp treats it
  return v;
}

export function tokenizerFromGguf(g: GgufFile): Tokenizer {
  const path = g.path;
  const model = g.metadata.get("tokenizer.ggml.model");
  if (typeof model !== "string")
    throw fileError(path, tr("tokenizers.ggufTokenizer.metadataTokenizerGgmlModel"));
  const tokens = arrayOf<string>(g, "tokenizer.ggml.tokens", (x) => typeof x === "string", "strings");
  if (!tokens || tokens.length === 0)
    throw fileError(path, tr("tokenizers.ggufTokenizer.metadataTokenizerGgmlTokens"));
  const n = tokens.length;
  const types =
    arrayOf<number>(g, "tokenizer.ggml.token_type", (x) => typeof x === "number", "integers") ??
    new Array(n).fill(PieceType.NORMAL);
  if (types.length !== n)
    throw fileError(
      path,
      tr("tokenizers.ggufTokenizer.metadataTokenizerGgmlToken", { typesLength: types.length, n }),
    );
  const bos = optionalId(g, "tokenizer.ggml.bos_token_id", n);
  const eos = optionalId(g, "tokenizer.ggml.eos_token_id", n);
  const unk = optionalId(g, "tokenizer.ggml.unknown_token_id", n);
  const pad = optionalId(g, "tokenizer.ggml.padding_token_id", n);
  const eot = optionalId(g, "tokenizer.ggml.eot_token_id", n);
  const flag = (key: string) => {
    const v = g.metadata.get(key);
    return typeof v === "boolean" ? v : undefined;
  };
  const chatTemplate = g.metadata.get("tokenizer.chat_template");
  let template = typeof chatTemplate === "string" ? chatTemplate : undefined;
  const eosIds = [eos, eot].filter((x): x is number => x !== undefined);

  if (model === "llama") {
    // ChatGLM3 (tokenizer.ggml.pre "chatglm-spm"): llama.cpp's converter writes no template and
    // marks no end-of-turn token; the model ends a turn by writing the next role token.
    if (g.metadata.get("tokenizer.ggml.pre") === "chatglm-spm") {
      for (const t of CHATGLM_END_OF_TURN) {
        const id = tokens.indexOf(t);
        if (id >= 0 && !eosIds.includes(id)) eosIds.push(id);
      }
      template ??= CHATGLM3_CHAT_TEMPLATE;
    }
    const scores = arrayOf<number>(g, "tokenizer.ggml.scores", (x) => typeof x === "number", "numbers");
    if (!scores || scores.length !== n)
      throw fileError(path, tr("tokenizers.ggufTokenizer.metadataTokenizerGgmlScores", { n }));
    return new SentencePieceTokenizer({
      pieces: tokens,
      scores,
      types,
      modelType: "bpe",
      byteFallback: true,
      unkId: unk ?? 0,
      bosId: bos,
      eosId: eos,
      padId: pad,
      normalization: "identity",
      addDummyPrefix: flag("tokenizer.ggml.add_space_prefix") ?? true,
      removeExtraWhitespaces: flag("tokenizer.ggml.remove_extra_whitespaces") ?? false,
      addBos: flag("tokenizer.ggml.add_bos_token") ?? true,
      addEos: flag("tokenizer.ggml.add_eos_token") ?? false,
      parseControlTokens: true,
      prefixEachSegment: true,
      chatTemplate: template,
      extraEosIds: eosIds,
    });
  }

  const vocab = new Map<string, number>();
  for (let id = 0; id < n; id++) vocab.set(tokens[id], id); // the last duplicate wins, as in llama.cpp
  // Control tokens are special; user-defined ones are plain added tokens matched in the raw text.
  const added: AddedToken[] = [];
  tokens.forEach((content, id) => {
    const control = types[id] === PieceType.CONTROL;
    if (control || types[id] === PieceType.USER_DEFINED)
      added.push({
        id,
        content,
        special: control,
        lstrip: false,
        rstrip: false,
        normalized: false,
        singleWord: false,
      });
  });
  const specialTokens = {
    ...(bos !== undefined ? { bos } : {}),
    ...(eos !== undefined ? { eos } : {}),
    ...(pad !== undefined ? { pad } : {}),
    ...(unk !== undefined ? { unk } : {}),
    ...(eosIds.length > 0 ? { eosIds } : {}),
  };

  if (model === "gpt2") {
    const merges = arrayOf<string>(g, "tokenizer.ggml.merges", (x) => typeof x === "string", "strings");
    if (!merges) throw fileError(path, tr("tokenizers.ggufTokenizer.metadataTokenizerGgmlMerges"));
    const preName = g.metadata.get("tokenizer.ggml.pre");
    const pre = llamaCppPre(typeof preName === "string" ? preName : undefined);
    if (!pre)
      throw fileError(path, tr("tokenizers.ggufTokenizer.tokenizerGgmlPreIs", { preName: String(preName) }));
    const pairs = merges.map((m, i): [string, string] => {
      const k = m.indexOf(" ", 1);
      if (k < 0)
        throw fileError(
          path,
          tr("tokenizers.ggufTokenizer.tokenizerGgmlMergesIs", { i, m: JSON.stringify(m) }),
        );
      return [m.slice(0, k), m.slice(k + 1)];
    });
    let bpe: BpeModel;
    try {
      bpe = new BpeModel(vocab, pairs, { ignoreMerges: pre.ignoreMerges }, "tokenizer.ggml.merges", tokens);
    } catch (e) {
      throw fileError(path, e instanceof Error ? e.message : String(e));
    }
    const splits: PreTokenizer[] = pre.regexes.map((r) => new Split({ Regex: r }, "Isolated"));
    return new HfTokenizer({
      preTokenizer: new PreTokenizerSequence([...splits, new ByteLevelPreTokenizer(false, false)]),
      model: bpe,
      decoder: new ByteLevelDecoder(),
      addedTokens: added,
      specialTokens,
      chatTemplate: template,
    });
  }

  if (model === "bert") {
    // llama.cpp's converter writes word-initial pieces as `▁word`, continuations without `##`,
    // and keeps `[…]` tokens ([CLS], [unused0]) as they are.
    const wp = new Map<string, number>();
    tokens.forEach((t, id) => {
      const name =
        types[id] === PieceType.CONTROL || types[id] === PieceType.UNKNOWN || /^\[.*\]$/.test(t)
          ? t
          : t.startsWith("▁")
            ? t.slice(1)
            : `##${t}`;
      if (!wp.has(name)) wp.set(name, id);
    });
    const unkName = unk !== undefined ? tokens[unk] : "[UNK]";
    const m = new WordPieceModel(wp, unkName, "##", 100, path);
    const cls = bos ?? vocab.get("[CLS]");
    const sep = eos ?? vocab.get("[SEP]");
    return new HfTokenizer({
      normalizer: new BertNormalizer(true, true, null, true),
      preTokenizer: new BertPreTokenizer(),
      model: m,
      postProcessor:
        cls !== undefined && sep !== undefined
          ? new WrapProcessing([[tokens[cls], cls]], [[tokens[sep], sep]])
          : undefined,
      decoder: new WordPieceDecoder("##", true),
      addedTokens: added,
      specialTokens,
      chatTemplate: template,
    });
  }
  throw fileError(path, tr("tokenizers.ggufTokenizer.tokenizerGgmlModelIs", { model }));
}

export async function loadGgufTokenizer(path: string): Promise<Tokenizer> {
  return tokenizerFromGguf(readGguf(path));
}

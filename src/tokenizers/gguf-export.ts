/**
 * A Hugging Face `tokenizer.json` → GGUF's `tokenizer.ggml.*` keys, the way llama.cpp's
 * convert_hf_to_gguf.py writes them, so llama.cpp tokenizes our converted files like its own.
 *
 *   byte-level BPE (GPT-2, Qwen2, Llama 3)  → tokenizer.ggml.model = "gpt2": tokens, token_type, merges
 *   BPE with byte fallback (Llama 2 style)  → "llama": tokens (▁ for spaces), scores, token_type
 *   WordPiece (BERT)                        → "bert": tokens in "phantom space" form (see below), token_type
 *
 * token_type follows llama.cpp's enum: 1 normal, 2 unknown, 3 control (special added tokens),
 * 4 user-defined (other added tokens), 6 byte (`<0x41>`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileError, TongguanError } from "../errors.ts";
import type { ModelConfig } from "../formats/config.ts";
import { readJsonFile } from "../formats/config.ts";
import type { GgufTypedValue } from "../formats/gguf-types.ts";
import { gv } from "../formats/gguf-writer.ts";
import { t as tr } from "../messages/index.ts";
import { parseLlama2cTokenizer } from "./llama2c-tokenizer.ts";

const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const USER_DEFINED = 4;
const BYTE = 6;

interface AddedToken {
  id: number;
  content: string;
  special?: boolean;
}

/** The pre-tokenizer name llama.cpp uses to pick its split regex, per architecture. */
const BPE_PRE: Record<string, string> = { gpt2: "gpt-2", qwen2: "qwen2", qwen3: "qwen2", llama: "llama-bpe" };

/**
 * Reads `dir/tokenizer.json` (and `tokenizer_config.json` for add_bos / chat template) and returns
 * the GGUF metadata entries. `vocabSize` is the embedding's row count: ids the tokenizer does not
 * use are filled with `[PAD<id>]` tokens, as llama.cpp's converter does.
 */
export function tokenizerGgufMetadata(dir: string, config: ModelConfig): Map<string, GgufTypedValue> {
  const path = join(dir, "tokenizer.json");
  if (!existsSync(path)) throw new TongguanError(tr("tokenizers.ggufExport.noTokenizerJsonNeeded", { dir }));
  const tj = readJsonFile(path);
  const model = tj.model as Record<string, unknown> | undefined;
  if (!model || typeof model !== "object")
    throw fileError(path, tr("tokenizers.ggufExport.hasNoModelObject"));
  const vocab = model.vocab as Record<string, number> | undefined;
  if (!vocab || typeof vocab !== "object" || Array.isArray(vocab)) {
    throw fileError(path, tr("tokenizers.ggufExport.modelTypeIsNot", { modelType: String(model.type) }));
  }
  const added = ((tj.added_tokens as AddedToken[] | undefined) ?? []).filter((t) => typeof t.id === "number");
  const size = Math.max(
    config.vocabSize,
    ...Object.values(vocab).map((i) => i + 1),
    ...added.map((t) => t.id + 1),
  );
  if (size > config.vocabSize) {
    throw fileError(
      path,
      tr("tokenizers.ggufExport.tokenIdsReachBeyond", { v1: size - 1, vocabSize: config.vocabSize }),
    );
  }
  const tokens = new Array<string>(size);
  const types = new Array<number>(size).fill(USER_DEFINED);
  for (const [text, id] of Object.entries(vocab)) {
    tokens[id] = text;
    types[id] = NORMAL;
  }
  for (const t of added) {
    tokens[t.id] = t.content;
    types[t.id] = t.special ? CONTROL : USER_DEFINED;
  }
  for (let i = 0; i < size; i++) {
    if (tokens[i] === undefined) {
      tokens[i] = `[PAD${i}]`;
      types[i] = USER_DEFINED;
    }
  }

  const md = new Map<string, GgufTypedValue>();
  const kind = String(model.type);
  const unk = typeof model.unk_token === "string" ? vocab[model.unk_token] : undefined;
  if (kind === "BPE" && model.byte_fallback === true) {
    // SentencePiece-style BPE. llama.cpp's SPM tokenizer merges the pair whose result scores highest,
    // so a merge's rank becomes its result's score: earlier merges score higher.
    const scores = new Array<number>(size).fill(0);
    mergeList(path, model.merges).forEach(([a, b], rank) => {
      const id = vocab[a + b];
      if (id !== undefined && scores[id] === 0) scores[id] = -(rank + 1);
    });
    for (let i = 0; i < size; i++) if (/^<0x[0-9A-Fa-f]{2}>$/.test(tokens[i])) types[i] = BYTE;
    if (unk !== undefined) types[unk] = UNKNOWN;
    md.set("tokenizer.ggml.model", gv.str("llama"));
    md.set("tokenizer.ggml.pre", gv.str("default"));
    md.set("tokenizer.ggml.tokens", gv.strings(tokens));
    md.set("tokenizer.ggml.scores", gv.f32s(scores));
    md.set("tokenizer.ggml.token_type", gv.i32s(types));
  } else if (kind === "BPE") {
    md.set("tokenizer.ggml.model", gv.str("gpt2"));
    md.set("tokenizer.ggml.pre", gv.str(BPE_PRE[config.architecture] ?? "default"));
    md.set("tokenizer.ggml.tokens", gv.strings(tokens));
    md.set("tokenizer.ggml.token_type", gv.i32s(types));
    md.set("tokenizer.ggml.merges", gv.strings(mergeList(path, model.merges).map(([a, b]) => `${a} ${b}`)));
  } else if (kind === "WordPiece") {
    // llama.cpp's WPM tokenizer wants "phantom space" pieces: word starts get ▁, continuations lose "##".
    const phantom = tokens.map((t) =>
      t.startsWith("[") && t.endsWith("]") ? t : t.startsWith("##") ? t.slice(2) : `\u2581${t}`,
    );
    for (const t of added) if (t.special) types[t.id] = CONTROL;
    if (unk !== undefined) types[unk] = UNKNOWN;
    md.set("tokenizer.ggml.model", gv.str("bert"));
    md.set("tokenizer.ggml.pre", gv.str("default"));
    md.set("tokenizer.ggml.tokens", gv.strings(phantom));
    md.set("tokenizer.ggml.token_type", gv.i32s(types));
    md.set("tokenizer.ggml.token_type_count", gv.u32(config.typeVocabSize));
    const id = (s: string) => vocab[s];
    const cls = id("[CLS]");
    const sep = id("[SEP]");
    const mask = id("[MASK]");
    if (cls !== undefined) md.set("tokenizer.ggml.cls_token_id", gv.u32(cls));
    if (sep !== undefined) md.set("tokenizer.ggml.seperator_token_id", gv.u32(sep));
    if (mask !== undefined) md.set("tokenizer.ggml.mask_token_id", gv.u32(mask));
  } else {
    throw fileError(path, tr("tokenizers.ggufExport.modelTypeIsNot2", { kind }));
  }

  if (config.bosTokenId !== undefined && kind !== "WordPiece")
    md.set("tokenizer.ggml.bos_token_id", gv.u32(config.bosTokenId));
  if (config.eosTokenIds[0] !== undefined && kind !== "WordPiece") {
    md.set("tokenizer.ggml.eos_token_id", gv.u32(config.eosTokenIds[0]));
  }
  if (unk !== undefined) md.set("tokenizer.ggml.unknown_token_id", gv.u32(unk));
  if (config.padTokenId !== undefined) md.set("tokenizer.ggml.padding_token_id", gv.u32(config.padTokenId));

  const tcPath = join(dir, "tokenizer_config.json");
  const tc = existsSync(tcPath) ? readJsonFile(tcPath) : {};
  if (kind !== "WordPiece") {
    const addBos =
      typeof tc.add_bos_token === "boolean"
        ? tc.add_bos_token
        : templateAddsBos(tj.post_processor, kind, model);
    md.set("tokenizer.ggml.add_bos_token", gv.bool(addBos));
    if (typeof tc.add_eos_token === "boolean")
      md.set("tokenizer.ggml.add_eos_token", gv.bool(tc.add_eos_token));
  }
  if (typeof tc.chat_template === "string") md.set("tokenizer.chat_template", gv.str(tc.chat_template));
  return md;
}

/** `merges` is either ["a b", …] (older files) or [["a", "b"], …] (newer ones). */
function mergeList(path: string, merges: unknown): [string, string][] {
  if (!Array.isArray(merges)) throw fileError(path, tr("tokenizers.ggufExport.bpeModelHasNo"));
  return merges.map((m, i) => {
    if (Array.isArray(m) && m.length === 2) return [String(m[0]), String(m[1])];
    if (typeof m === "string") {
      const at = m.indexOf(" ", 1);
      if (at > 0) return [m.slice(0, at), m.slice(at + 1)];
    }
    throw fileError(path, tr("tokenizers.ggufExport.mergeIsNotA", { i, m: JSON.stringify(m) }));
  });
}

/** Does the post-processor put a special token before the text (i.e. add BOS)? */
function templateAddsBos(pp: unknown, kind: string, model: Record<string, unknown>): boolean {
  const p = pp as
    | { type?: string; single?: { SpecialToken?: unknown }[]; processors?: unknown[] }
    | null
    | undefined;
  if (p?.type === "TemplateProcessing") return Boolean(p.single?.[0]?.SpecialToken);
  if (p?.type === "Sequence") return (p.processors ?? []).some((x) => templateAddsBos(x, kind, model));
  return kind === "BPE" && model.byte_fallback === true;
}

/**
 * A llama2.c tokenizer .bin → GGUF SentencePiece keys. llama2.c stores SentencePiece's ▁ as a plain
 * space and BOS/EOS as "\n<s>\n" / "\n</s>\n"; llama.cpp wants ▁, "<s>" and "</s>".
 */
export function llama2cTokenizerGgufMetadata(path: string, vocabSize: number): Map<string, GgufTypedValue> {
  const tok = parseLlama2cTokenizer(readFileSync(path), path);
  if (tok.pieces.length !== vocabSize) {
    throw fileError(
      path,
      tr("tokenizers.ggufExport.hasTokensButThe", { piecesLength: tok.pieces.length, vocabSize }),
    );
  }
  const tokens = tok.pieces.map((p, i) => (i === 1 ? "<s>" : i === 2 ? "</s>" : p.replaceAll(" ", "\u2581")));
  const types = tokens.map((t, i) =>
    i === 0 ? UNKNOWN : i < 3 ? CONTROL : /^<0x[0-9A-F]{2}>$/.test(t) ? BYTE : NORMAL,
  );
  const md = new Map<string, GgufTypedValue>();
  md.set("tokenizer.ggml.model", gv.str("llama"));
  md.set("tokenizer.ggml.pre", gv.str("default"));
  md.set("tokenizer.ggml.tokens", gv.strings(tokens));
  md.set("tokenizer.ggml.scores", gv.f32s(tok.scores));
  md.set("tokenizer.ggml.token_type", gv.i32s(types));
  md.set("tokenizer.ggml.bos_token_id", gv.u32(1));
  md.set("tokenizer.ggml.eos_token_id", gv.u32(2));
  md.set("tokenizer.ggml.unknown_token_id", gv.u32(0));
  md.set("tokenizer.ggml.add_bos_token", gv.bool(true));
  return md;
}

/**
 * Tokenizer folders without tokenizer.json, built the way transformers' Python classes build them:
 *
 *   vocab.json + merges.txt, GPT2Tokenizer   byte-level BPE with GPT-2's split regex
 *   vocab.json + merges.txt, Qwen2Tokenizer  NFC, Qwen2's split regex (single digits), byte-level BPE
 *   vocab.txt, BertTokenizer                 BERT normalizer (lowercase per do_lower_case), WordPiece, [CLS] … [SEP]
 */
import { join } from "node:path";
import { fileError, TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import type { AddedToken } from "./added-tokens.ts";
import { ByteLevelDecoder, WordPieceDecoder } from "./decoders.ts";
import { HfTokenizer } from "./hf-tokenizer.ts";
import { BpeModel } from "./models/bpe.ts";
import type { Model } from "./models/model.ts";
import { WordPieceModel } from "./models/wordpiece.ts";
import { BertNormalizer, UnicodeNormalizer } from "./normalizers.ts";
import { NoopProcessing, WrapProcessing } from "./post-processors.ts";
import { BertPreTokenizer, ByteLevelPreTokenizer, PreTokenizerSequence, Split } from "./pre-tokenizers.ts";
import { exists, readJson, readText } from "./read-files.ts";
import { resolveSpecialTokens, type TokenizerConfig } from "./tokenizer-config.ts";
import type { Tokenizer } from "./types.ts";

/** Qwen2's split pattern: like Llama 3's, but digits one at a time. */
export const QWEN2_PATTERN =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

export async function readVocabJson(path: string): Promise<Map<string, number>> {
  const json = await readJson(path);
  if (json === null || typeof json !== "object" || Array.isArray(json))
    throw fileError(path, tr("tokenizers.loadLegacyFiles.expectedAJsonObject"));
  const m = new Map<string, number>();
  for (const [t, id] of Object.entries(json)) {
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0)
      throw fileError(
        path,
        tr("tokenizers.loadLegacyFiles.tokenHasIdExpected", { t: JSON.stringify(t), id: JSON.stringify(id) }),
      );
    m.set(t, id);
  }
  return m;
}

/** merges.txt: an optional `#version` line, then one "a b" merge per line, best first. */
export async function readMergesTxt(path: string): Promise<[string, string][]> {
  const lines = (await readText(path)).split("\n");
  const out: [string, string][] = [];
  lines.forEach((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "" || (i === 0 && line.startsWith("#version"))) return;
    const parts = line.split(" ");
    if (parts.length !== 2)
      throw fileError(
        path,
        tr("tokenizers.loadLegacyFiles.lineIsExpectedTwo", { v1: i + 1, line: JSON.stringify(line) }),
      );
    out.push([parts[0], parts[1]]);
  });
  return out;
}

/** vocab.txt: one token per line; the line number (from 0) is the id. */
export async function readVocabTxt(path: string): Promise<Map<string, number>> {
  const lines = (await readText(path)).split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  if (lines.length === 0) throw fileError(path, tr("tokenizers.loadLegacyFiles.isEmptyExpectedOne"));
  const m = new Map<string, number>();
  lines.forEach((l, i) => {
    const t = l.endsWith("\r") ? l.slice(0, -1) : l;
    if (!m.has(t)) m.set(t, i);
  });
  return m;
}

/**
 * The added tokens of a transformers folder: `added_tokens_decoder`, plus the BOS/EOS/UNK/PAD
 * names (special tokens in transformers even when only named); a name the vocabulary lacks gets
 * the next free id, as transformers does when it adds it.
 */
function addedTokensFor(
  config: TokenizerConfig | undefined,
  model: Model,
  extra: string[] = [],
): AddedToken[] {
  const out = [...(config?.addedTokens ?? [])];
  const have = new Set(out.map((t) => t.content));
  let nextId = out.reduce((n, t) => Math.max(n, t.id + 1), model.size);
  const names = [config?.bosToken, config?.eosToken, config?.unkToken, config?.padToken, ...extra];
  for (const name of names) {
    if (!name || have.has(name)) continue;
    const id = model.tokenToId(name) ?? nextId++;
    out.push({
      id,
      content: name,
      special: true,
      lstrip: false,
      rstrip: false,
      normalized: false,
      singleWord: false,
    });
    have.add(name);
  }
  return out;
}

function specials(config: TokenizerConfig | undefined, model: Model, added: AddedToken[]) {
  const byContent = new Map(added.map((t) => [t.content, t.id]));
  return resolveSpecialTokens(
    config,
    (t) => byContent.get(t) ?? model.tokenToId(t),
    (t) => byContent.get(t),
  );
}

async function loadByteLevelBpe(folder: string, config: TokenizerConfig | undefined): Promise<Tokenizer> {
  const vocabPath = join(folder, "vocab.json");
  const mergesPath = join(folder, "merges.txt");
  if (!(await exists(mergesPath)))
    throw fileError(mergesPath, tr("tokenizers.loadLegacyFiles.noSuchFileVocab"));
  const vocab = await readVocabJson(vocabPath);
  const merges = await readMergesTxt(mergesPath);
  let model: BpeModel;
  try {
    model = new BpeModel(vocab, merges);
  } catch (e) {
    throw fileError(mergesPath, e instanceof Error ? e.message : String(e));
  }
  const cls = config?.tokenizerClass ?? "GPT2Tokenizer";
  const qwen = /^Qwen2Tokenizer/.test(cls);
  if (!qwen && !/^(GPT2|Roberta|Bart|CodeGen|GPTNeoX|Bloom)Tokenizer/.test(cls))
    throw fileError(
      join(folder, "tokenizer_config.json"),
      tr("tokenizers.loadLegacyFiles.tokenizerClassWithVocab", { cls: JSON.stringify(cls) }),
    );
  const added = addedTokensFor(config, model, qwen ? ["<|endoftext|>"] : []);
  return new HfTokenizer({
    normalizer: qwen ? new UnicodeNormalizer("NFC") : undefined,
    preTokenizer: qwen
      ? new PreTokenizerSequence([
          new Split({ Regex: QWEN2_PATTERN }, "Isolated"),
          new ByteLevelPreTokenizer(false, false),
        ])
      : new ByteLevelPreTokenizer(config?.addPrefixSpace ?? false, true),
    model,
    postProcessor: new NoopProcessing(),
    decoder: new ByteLevelDecoder(),
    addedTokens: added,
    specialTokens: specials(config, model, added),
    chatTemplate: config?.chatTemplate,
  });
}

async function loadBert(vocabPath: string, config: TokenizerConfig | undefined): Promise<Tokenizer> {
  const vocab = await readVocabTxt(vocabPath);
  const need = (t: string) => {
    const id = vocab.get(t);
    if (id === undefined) throw fileError(vocabPath, tr("tokenizers.loadLegacyFiles.hasNoTokenWhich", { t }));
    return id;
  };
  const model = new WordPieceModel(vocab, "[UNK]", "##", 100, vocabPath);
  const names = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].filter((t) => vocab.has(t));
  const added = addedTokensFor(config, model, names).map((t) => ({
    ...t,
    normalized: false,
  }));
  return new HfTokenizer({
    normalizer: new BertNormalizer(true, true, null, config?.doLowerCase ?? true),
    preTokenizer: new BertPreTokenizer(),
    model,
    postProcessor: new WrapProcessing([["[CLS]", need("[CLS]")]], [["[SEP]", need("[SEP]")]]),
    decoder: new WordPieceDecoder("##", true),
    addedTokens: added,
    specialTokens: { ...specials(config, model, added), bos: need("[CLS]"), eos: need("[SEP]") },
    chatTemplate: config?.chatTemplate,
  });
}

/** A folder (or a vocab file) without tokenizer.json, per tokenizer_config.json's `tokenizer_class`. */
export async function loadFromClass(
  folder: string,
  config: TokenizerConfig | undefined,
  vocabTxt?: string,
): Promise<Tokenizer> {
  if (vocabTxt) return loadBert(vocabTxt, config);
  const cls = config?.tokenizerClass ?? "";
  if (/^Bert/.test(cls) || !(await exists(join(folder, "vocab.json")))) {
    const p = join(folder, "vocab.txt");
    if (!(await exists(p)))
      throw new TongguanError(tr("tokenizers.loadLegacyFiles.noVocabJsonOr", { folder }));
    return loadBert(p, config);
  }
  return loadByteLevelBpe(folder, config);
}

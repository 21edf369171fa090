/**
 * `loadTokenizer(path)`: one entry point for every tokenizer file tongguan reads.
 *
 *   folder with tokenizer.json (+ tokenizer_config.json)      Hugging Face
 *   folder with vocab.json + merges.txt / vocab.txt / tokenizer.model  (+ tokenizer_config.json)
 *   a single tokenizer.json, vocab.txt, tokenizer.model, .gguf, or llama2.c tokenizer.bin
 *   an OpenAI encoding by name: gpt2, r50k_base, p50k_base, cl100k_base, o200k_base (tiktoken.ts)
 */
import { stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { loadGgufTokenizer } from "./gguf-tokenizer.ts";
import { loadLlama2cTokenizer } from "./llama2c-tokenizer.ts";
import { loadFromClass } from "./load-legacy-files.ts";
import { tokenizerFromJson } from "./load-tokenizer-json.ts";
import { exists, readBytes, readJson } from "./read-files.ts";
import { loadSentencePieceTokenizer } from "./sentencepiece/load.ts";
import { isTiktokenEncoding, loadTiktoken } from "./tiktoken.ts";
import { parseTokenizerConfig, type TokenizerConfig } from "./tokenizer-config.ts";
import type { Tokenizer } from "./types.ts";

async function readConfig(folder: string): Promise<TokenizerConfig | undefined> {
  const p = join(folder, "tokenizer_config.json");
  return (await exists(p)) ? parseTokenizerConfig(await readJson(p)) : undefined;
}

async function loadFolder(folder: string): Promise<Tokenizer> {
  const config = await readConfig(folder);
  const has = (name: string) => exists(join(folder, name));
  if (await has("tokenizer.json")) {
    const path = join(folder, "tokenizer.json");
    return tokenizerFromJson(await readJson(path), path, config);
  }
  if (await has("tokenizer.model"))
    return loadSentencePieceTokenizer(join(folder, "tokenizer.model"), config);
  if ((await has("vocab.json")) || (await has("vocab.txt"))) return loadFromClass(folder, config);
  throw fileError(folder, t("tokenizers.loadTokenizer.noTokenizerFoundExpected"));
}

export async function loadTokenizer(path: string): Promise<Tokenizer> {
  // OpenAI's encodings by name (cl100k_base, o200k_base, …), unless a file of that name is here
  if (isTiktokenEncoding(path) && !(await exists(path))) return loadTiktoken(path);
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch {
    throw fileError(path, t("tokenizers.loadTokenizer.noSuchFileOr"));
  }
  if (isDir) return loadFolder(path);
  const name = basename(path);
  const folder = dirname(path);
  if (name.endsWith(".gguf")) return loadGgufTokenizer(path);
  if (name.endsWith(".model")) return loadSentencePieceTokenizer(path, await readConfig(folder));
  if (
    name === "tokenizer_config.json" ||
    name === "vocab.json" ||
    name === "merges.txt" ||
    name.endsWith(".txt")
  )
    return loadFromClass(
      folder,
      await readConfig(folder),
      name.endsWith(".txt") && name !== "merges.txt" ? path : undefined,
    );
  if (name.endsWith(".json")) return tokenizerFromJson(await readJson(path), path, await readConfig(folder));
  if (name.endsWith(".bin")) return loadLlama2cTokenizer(path);
  // Unknown name: look at the first bytes.
  const head = (await readBytes(path)).subarray(0, 4);
  if (String.fromCharCode(...head) === "GGUF") return loadGgufTokenizer(path);
  if (head[0] === 0x7b) return tokenizerFromJson(await readJson(path), path, await readConfig(folder));
  throw fileError(path, t("tokenizers.loadTokenizer.notATokenizerFile"));
}

/**
 * Tokenizers by short name for `tokenize --compare gpt2,qwen2,bert,llama3` and `--tokenizer`:
 *
 *   tongguan                       the demo BPE shipped in assets/ (always there)
 *   gpt2, cl100k_base, o200k_base  OpenAI's encodings, from js-tiktoken's rank files (always there)
 *   qwen2, bert, llama3, llama2    the tokenizer files of a hub model, if already downloaded
 *   anything else                  a path (a folder, tokenizer.json, .gguf, tokenizer.bin) or a hub id ORG/NAME
 *
 * Nothing is downloaded here: a named tokenizer whose files are not on this machine is a one-line
 * error saying how to get them.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { TongguanError } from "../../errors.ts";
import { cachedCommit, repoDir, snapshotDir } from "../../hub/cache.ts";
import { hubConfig } from "../../hub/config.ts";
import { t } from "../../messages/index.ts";
import { packageRoot } from "../../package-root.ts";
import { loadTokenizer } from "../../tokenizers/index.ts";
import { isTiktokenEncoding } from "../../tokenizers/tiktoken.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";
import { localTokenizerPath } from "../model-path.ts";

export const DEMO_TOKENIZER = join(packageRoot, "assets", "tokenizers", "tongguan-demo", "tokenizer.json");

/** Short names of hub models' tokenizers, and the repository each comes from. */
export const HUB_TOKENIZERS: Record<string, string> = {
  qwen2: "Qwen/Qwen2.5-0.5B",
  bert: "google-bert/bert-base-uncased",
  llama3: "meta-llama/Llama-3.2-1B",
  llama2: "meta-llama/Llama-2-7b-hf",
};

/** A tokenizer by short name or path; `option` names the flag in errors. */
export async function tokenizerByName(name: string, option: string): Promise<Tokenizer> {
  if (name === "tongguan") return loadTokenizer(DEMO_TOKENIZER);
  if (isTiktokenEncoding(name)) return loadTokenizer(name);
  if (existsSync(name)) return loadTokenizer(await localTokenizerPath(name));
  const repo = HUB_TOKENIZERS[name];
  if (repo) {
    const dir = repoDir(hubConfig().cacheDir, repo);
    const commit = await cachedCommit(dir, "main");
    const snapshot = commit ? snapshotDir(dir, commit) : undefined;
    if (snapshot && existsSync(join(snapshot, "tokenizer.json"))) return loadTokenizer(snapshot);
    throw new TongguanError(t("cli.tokenizerNames.needsTheTokenizerFiles", { option, name, repo }));
  }
  if (/^[\w.-]+\/[\w.-]+$/.test(name)) return loadTokenizer(await localTokenizerPath(name)); // a hub id
  throw new TongguanError(
    t("cli.tokenizerNames.isNeitherAFile", { option, name, v3: Object.keys(HUB_TOKENIZERS).join(", ") }),
  );
}

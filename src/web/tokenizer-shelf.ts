/**
 * The tokenizers the Tokens page can put side by side, each loaded on first use:
 *
 *   the loaded model's own        (always; named after the model)
 *   cl100k_base, o200k_base, gpt2 (OpenAI's encodings from js-tiktoken's rank files: always there)
 *   qwen2, bert, llama3, llama2   (a hub model's tokenizer files, when already in the hub cache)
 *   --tokenizers PATH …           (folders or files named on the command line, by their base name)
 *
 * Nothing is downloaded: a hub tokenizer that is not cached is simply not listed.
 */
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { HUB_TOKENIZERS, tokenizerByName } from "../cli/views/tokenizer-names.ts";
import { cachedCommit, repoDir, snapshotDir } from "../hub/cache.ts";
import { hubConfig } from "../hub/config.ts";
import { badField } from "../server/http-error.ts";
import { loadTokenizer } from "../tokenizers/index.ts";
import type { Tokenizer } from "../tokenizers/types.ts";

export interface ShelfEntry {
  /** What the API and the page call it. */
  name: string;
  /** Where it comes from, for the page ("the loaded model", "js-tiktoken", a path). */
  source: string;
}

interface Slot extends ShelfEntry {
  load: () => Promise<Tokenizer>;
  loaded?: Promise<Tokenizer>;
}

export class TokenizerShelf {
  private readonly slots = new Map<string, Slot>();

  /** Adds a tokenizer under `name` (a second one of the same name gets "-2", "-3"). */
  add(name: string, source: string, load: () => Promise<Tokenizer>): string {
    let unique = name;
    for (let i = 2; this.slots.has(unique); i++) unique = `${name}-${i}`;
    this.slots.set(unique, { name: unique, source, load });
    return unique;
  }

  list(): ShelfEntry[] {
    return [...this.slots.values()].map(({ name, source }) => ({ name, source }));
  }

  /** The tokenizer called `name`; `field` names the request field in the error. */
  async get(name: string, field = "tokenizer"): Promise<Tokenizer> {
    const slot = this.slots.get(name);
    if (!slot)
      throw badField(
        field,
        `"${name}" is not one of the lab's tokenizers (${[...this.slots.keys()].join(", ")})`,
      );
    slot.loaded ??= slot.load();
    try {
      return await slot.loaded;
    } catch (err) {
      slot.loaded = undefined; // a failed load may be retried
      throw err;
    }
  }
}

/** Is the named hub tokenizer already in the hub cache? */
async function inHubCache(repo: string): Promise<boolean> {
  try {
    const dir = repoDir(hubConfig().cacheDir, repo);
    const commit = await cachedCommit(dir, "main");
    return commit !== undefined && existsSync(join(snapshotDir(dir, commit), "tokenizer.json"));
  } catch {
    return false;
  }
}

/** The shelf of a lab: the model's tokenizer first, then the always-there ones, the cached, the named. */
export async function buildShelf(
  modelName: string,
  modelTokenizer: Tokenizer,
  paths: readonly string[] = [],
): Promise<{ shelf: TokenizerShelf; modelEntry: string }> {
  const shelf = new TokenizerShelf();
  const modelEntry = shelf.add(modelName, "the loaded model", async () => modelTokenizer);
  for (const name of ["gpt2", "cl100k_base", "o200k_base"])
    shelf.add(name, "js-tiktoken", () => tokenizerByName(name, "tokenizers"));
  for (const [name, repo] of Object.entries(HUB_TOKENIZERS))
    if (await inHubCache(repo))
      shelf.add(name, `hub cache: ${repo}`, () => tokenizerByName(name, "tokenizers"));
  for (const path of paths) {
    // ".../gpt2" and ".../gpt2/tokenizer.json" are both "gpt2"
    const clean = path.replace(/\/+$/, "");
    const file = basename(clean).replace(/\.(json|gguf|bin|model)$/, "");
    const name = file === "tokenizer" ? basename(dirname(clean)) : file;
    shelf.add(name, path, () => loadTokenizer(path));
  }
  return { shelf, modelEntry };
}

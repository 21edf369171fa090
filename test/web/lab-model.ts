/** The shipped default model (assets/default-model), loaded once for the lab pages' API tests. */
import { DEFAULT_MODEL } from "../../src/cli/default-model.ts";
import { loadModel, type Model } from "../../src/models/index.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import type { Tokenizer } from "../../src/tokenizers/types.ts";

let loaded: Promise<{ model: Model; tokenizer: Tokenizer }> | undefined;

export function defaultModel(): Promise<{ model: Model; tokenizer: Tokenizer }> {
  loaded ??= (async () => ({
    model: await loadModel(DEFAULT_MODEL),
    tokenizer: await loadTokenizer(DEFAULT_MODEL),
  }))();
  return loaded;
}

export { DEFAULT_MODEL };

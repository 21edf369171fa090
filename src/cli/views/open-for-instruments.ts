/**
 * A MODEL argument → the model (a causal LM or a BERT encoder) and its tokenizer, for the commands
 * that look inside a model (trace, logits, embed --tokens, fill-mask, template).
 */

import { isLlama2cCheckpoint, openModel } from "../../generation/open-model.ts";
import { resolveModelPath } from "../../hub/index.ts";
import { loadModel, type Model } from "../../models/index.ts";
import { loadTokenizer } from "../../tokenizers/index.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";

export async function openForInstruments(
  modelArg: string,
  tokenizerPath?: string,
): Promise<{ model: Model; tokenizer: Tokenizer; path: string }> {
  const path = await resolveModelPath(modelArg);
  if (isLlama2cCheckpoint(path)) {
    const opened = await openModel(path, { tokenizer: tokenizerPath });
    return { model: opened.model as Model, tokenizer: opened.tokenizer, path };
  }
  const model = await loadModel(path);
  const tokenizer = await loadTokenizer(tokenizerPath ?? path);
  return { model, tokenizer, path };
}

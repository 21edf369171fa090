/**
 * Opening a lab: the model and its tokenizer (as `trace` and `logits` open them), the tokenizer
 * shelf, and the word vectors read on first use.
 */
import { basename } from "node:path";
import { openForInstruments } from "../cli/views/open-for-instruments.ts";
import { loadDefaultVectors } from "../embeddings/default-vectors.ts";
import type { KeyedVectors } from "../embeddings/keyed-vectors.ts";
import type { LabContext } from "./lab-route.ts";
import { buildShelf } from "./tokenizer-shelf.ts";

export interface OpenLabOptions {
  /** A model folder, .gguf, llama2.c .bin or hub id (resolved by the caller to a local path or id). */
  model: string;
  /** The model's tokenizer when it is not beside the model (a llama2.c tokenizer.bin). */
  tokenizer?: string;
  /** More tokenizers for the Tokens page (folders or files). */
  tokenizers?: readonly string[];
  host?: string;
  port?: number;
}

export async function openLab(options: OpenLabOptions): Promise<LabContext> {
  const { model, tokenizer, path } = await openForInstruments(options.model, options.tokenizer);
  const modelName = basename(path.replace(/\/+$/, ""));
  const { shelf } = await buildShelf(modelName, tokenizer, options.tokenizers ?? []);
  let vectors: KeyedVectors | undefined;
  return {
    model,
    tokenizer,
    modelName,
    modelPath: path,
    tokenizers: shelf,
    vectors: () => {
      vectors ??= loadDefaultVectors();
      return vectors;
    },
    options: { host: options.host ?? "127.0.0.1", port: options.port ?? 0 },
  };
}

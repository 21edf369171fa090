/**
 * What `run`, `chat` (and anything else that generates) need from a MODEL argument: the model, its
 * tokenizer, and the model family's generation conventions.
 *
 * llama2.c checkpoints (`.bin`) are special: the tokenizer is a separate file (`tokenizer.bin`
 * beside the model, or --tokenizer; stories260K goes with its own `tok512.bin`), prompts always
 * start with BOS, and `run.c` stops when it samples BOS (id 1) — EOS does not stop it.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileError } from "../errors.ts";
import { t } from "../messages/index.ts";
import type { FitOptions } from "../models/memory-plan.ts";
import type { CausalLM } from "../models/types.ts";
import { loadTokenizer } from "../tokenizers/index.ts";
import type { Tokenizer } from "../tokenizers/types.ts";
import { defaultStopTokens } from "./generate.ts";

export interface OpenedModel {
  model: CausalLM;
  tokenizer: Tokenizer;
  /** "llama2c" for run.c checkpoints, else "hf" (folders, GGUF). */
  family: "llama2c" | "hf";
  /** The ids that end generation. */
  stopTokens: number[];
  /** Where the tokenizer came from (for messages). */
  tokenizerPath: string;
  /** The model's file or folder (a hub id resolved to its downloaded snapshot). */
  modelPath: string;
  /** The context a session gets: --ctx, else what the free memory holds (at most the model's). */
  contextLength: number;
  /** One line for the user when the context was chosen from the free memory. */
  memoryNote?: string;
}

export interface OpenModelOptions extends FitOptions {
  tokenizer?: string;
}

/** Sets the matmul worker pool size (imported when asked, so that `--help` starts no pool code). */
export async function setThreadCount(threads: number): Promise<void> {
  const { setThreads } = await import("../tensor/index.ts");
  setThreads(threads);
}

export function isLlama2cCheckpoint(path: string): boolean {
  return path.endsWith(".bin") && existsSync(path) && statSync(path).isFile();
}

/** A model file or folder (a hub id is resolved above: src/cli/model-path.ts) → model, tokenizer, conventions. */
export async function openModel(path: string, options: OpenModelOptions = {}): Promise<OpenedModel> {
  const family = isLlama2cCheckpoint(path) ? "llama2c" : "hf";
  let tokenizerPath = options.tokenizer;
  if (!tokenizerPath) {
    if (family === "llama2c") {
      tokenizerPath = join(dirname(path), "tokenizer.bin");
      if (!existsSync(tokenizerPath)) throw fileError(path, t("generation.openModel.aLlamaCCheckpoint"));
    } else {
      tokenizerPath = path; // a model folder or a .gguf holds its tokenizer
    }
  }
  // The models are imported when needed: `tongguan --help` and the other commands do not load them.
  const { loadCausalLM } = await import("../models/index.ts");
  const { tokenizer: _, ...fit } = options;
  // The fit check (memory-plan.ts) runs before any weight is allocated; a model that does not fit fails here.
  const model = await loadCausalLM(path, { fit });
  const tokenizer = await loadTokenizer(tokenizerPath);
  if (tokenizer.vocabSize > model.vocabSize)
    throw fileError(
      tokenizerPath,
      t("generation.openModel.theTokenizerHasTokens", {
        vocabSize: tokenizer.vocabSize,
        vocabSize2: model.vocabSize,
        v3: family === "llama2c" ? t("generation.openModel.llama2cHint") : "",
      }),
    );
  // run.c: `if (next == 1) break;` — BOS ends a llama2.c story, EOS does not
  const stopTokens = family === "llama2c" ? [tokenizer.specialTokens.bos ?? 1] : defaultStopTokens(tokenizer);
  const plan = model.memoryPlan;
  const contextLength = plan?.contextLength ?? Math.min(model.contextLength, 4096);
  return {
    model,
    tokenizer,
    family,
    stopTokens,
    tokenizerPath,
    modelPath: path,
    contextLength,
    memoryNote: plan?.note,
  };
}

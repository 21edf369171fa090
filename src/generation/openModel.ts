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
import { fileError, TongguanError } from "../errors.ts";
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
}

interface ModelsModule {
  loadModel(path: string, options?: Record<string, unknown>): Promise<CausalLM>;
  /** Like loadModel, but refuses encoders (BERT) with a clear error. */
  loadCausalLM?(path: string, options?: Record<string, unknown>): Promise<CausalLM>;
}

/** A hub id (ORG/NAME) → its downloaded snapshot folder; a local path stays as it is. */
async function resolveModelPath(path: string): Promise<string> {
  if (existsSync(path)) return path;
  const hub = (await import(new URL("../hub/index.ts", import.meta.url).href)) as {
    resolveModelPath?: (idOrPath: string) => Promise<string>;
  };
  if (typeof hub.resolveModelPath !== "function") throw fileError(path, "no such file or folder");
  return hub.resolveModelPath(path);
}

// The models package is imported when needed (and by URL): `tongguan --help` and the other
// commands must work even while a model file format is missing or broken.
async function modelsModule(): Promise<ModelsModule> {
  const url = new URL("../models/index.ts", import.meta.url).href;
  try {
    const mod = (await import(url)) as Partial<ModelsModule>;
    if (typeof mod.loadModel !== "function") throw new Error("src/models/index.ts exports no loadModel()");
    return mod as ModelsModule;
  } catch (err) {
    if ((err as { code?: string }).code === "ERR_MODULE_NOT_FOUND")
      throw new TongguanError("models are not available in this build (src/models/index.ts is missing)");
    throw err;
  }
}

/** Sets the matmul worker pool size, or says clearly that it cannot (never ignores --threads). */
export async function setThreadCount(threads: number): Promise<void> {
  const mod = (await import(new URL("../tensor/index.ts", import.meta.url).href)) as {
    setThreads?: (n: number) => void;
  };
  if (typeof mod.setThreads !== "function")
    throw new TongguanError("--threads: not supported yet (the tensor worker pool has no setThreads)");
  mod.setThreads(threads);
}

export function isLlama2cCheckpoint(path: string): boolean {
  return path.endsWith(".bin") && existsSync(path) && statSync(path).isFile();
}

export async function openModel(
  pathOrId: string,
  options: { tokenizer?: string } = {},
): Promise<OpenedModel> {
  const path = await resolveModelPath(pathOrId);
  const family = isLlama2cCheckpoint(path) ? "llama2c" : "hf";
  let tokenizerPath = options.tokenizer;
  if (!tokenizerPath) {
    if (family === "llama2c") {
      tokenizerPath = join(dirname(path), "tokenizer.bin");
      if (!existsSync(tokenizerPath))
        throw fileError(
          path,
          "a llama2.c checkpoint needs its tokenizer: put tokenizer.bin beside it or pass --tokenizer",
        );
    } else {
      tokenizerPath = path; // a model folder or a .gguf holds its tokenizer
    }
  }
  const models = await modelsModule();
  const model = await (models.loadCausalLM ?? models.loadModel)(path);
  const tokenizer = await loadTokenizer(tokenizerPath);
  if (tokenizer.vocabSize > model.vocabSize)
    throw fileError(
      tokenizerPath,
      `the tokenizer has ${tokenizer.vocabSize} tokens but the model only ${model.vocabSize}: not this model's tokenizer` +
        (family === "llama2c" ? " (stories260K goes with tok512.bin: pass --tokenizer)" : ""),
    );
  // run.c: `if (next == 1) break;` — BOS ends a llama2.c story, EOS does not
  const stopTokens = family === "llama2c" ? [tokenizer.specialTokens.bos ?? 1] : defaultStopTokens(tokenizer);
  return { model, tokenizer, family, stopTokens, tokenizerPath };
}

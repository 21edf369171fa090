/**
 * `loadModel(path)`: a model file or folder → a runnable model, its architecture chosen by the
 * checkpoint's config.
 *
 *   const m = await loadModel("stories260K.bin");          // Llama (llama2.c)      → CausalLM
 *   const m = await loadModel("tiny-qwen2-q8_0.gguf");     // Llama (qwen2)         → CausalLM
 *   const m = await loadModel("models/gpt2");              // Gpt2 (HF folder)      → CausalLM
 *   const m = await loadModel("models/bge-small-en-v1.5"); // Bert                  → encoder
 *   const m = await loadModel("chatglm3-6b-q4_0.gguf");    // ChatGlm               → CausalLM
 *
 *   const s = m.newSession(); const logits = s.forward([1, 2, 3]); s.forward([argmax(logits)]);
 */
import { TongguanError } from "../errors.ts";
import type { Checkpoint } from "../formats/checkpoint.ts";
import { readId2Label } from "../formats/config.ts";
import { t } from "../messages/index.ts";
import { Bert } from "./bert.ts";
import { ChatGlm } from "./chatglm.ts";
import { loadCheckpoint } from "./checkpoint.ts";
import type { DecoderLM, ModelOptions } from "./decoder.ts";
import { Gpt2 } from "./gpt2.ts";
import { Llama } from "./llama.ts";
import { type FitOptions, type MemoryPlan, planMemory } from "./memory-plan.ts";

export { Bert } from "./bert.ts";
export { ChatGlm } from "./chatglm.ts";
export { DecoderLM, DecoderSession } from "./decoder.ts";
export { Gpt2 } from "./gpt2.ts";
export { Llama } from "./llama.ts";
export {
  cacheBytesPerToken,
  type FitOptions,
  type MemoryPlan,
  machineFreeBytes,
  planMemory,
} from "./memory-plan.ts";
export type * from "./types.ts";

export type Model = DecoderLM | Bert;

export interface LoadModelOptions extends ModelOptions {
  /** Dequantize every weight to f32 at load time. */
  dtype?: "f32";
  onProgress?: (loadedBytes: number, totalBytes: number) => void;
  /**
   * A decoder's context length, KV cache types and sessions: checked against free memory before
   * anything is allocated (memory-plan.ts); the plan then sets newSession()'s defaults.
   */
  fit?: FitOptions;
}

/** Builds the model a loaded checkpoint describes. */
export function modelFromCheckpoint(ckpt: Checkpoint, options: ModelOptions = {}): Model {
  const { config, tensors, path } = ckpt;
  switch (config.architecture) {
    case "llama":
    case "qwen2":
    case "qwen3":
      return new Llama(config, tensors, path, options);
    case "chatglm":
      return new ChatGlm(config, tensors, path, options);
    case "gpt2":
      return new Gpt2(config, tensors, path, options);
    case "bert":
      return new Bert(config, tensors, path, { ...options, labels: labelsOf(ckpt) });
    default:
      throw new TongguanError(
        t("models.noModelForArchitecture", { path, architecture: config.architecture }),
      );
  }
}

/** A folder, `.gguf` or llama2.c `.bin` → its model (a hub id is resolved to a folder above: src/cli/model-path.ts). */
export async function loadModel(path: string, options: LoadModelOptions = {}): Promise<Model> {
  let plan: MemoryPlan | undefined;
  // The KV cache in f16 as llama.cpp's, except for llama2.c checkpoints: run.c keeps f32, and its
  // stories are reproduced token for token.
  const fit = { ...options.fit };
  if (path.endsWith(".bin")) {
    fit.cacheTypeK ??= "f32";
    fit.cacheTypeV ??= "f32";
  }
  const ckpt = loadCheckpoint(path, {
    dtype: options.dtype,
    onProgress: options.onProgress,
    // Decoders keep KV caches: the fit check, and room for the caches in tensor memory 0.
    beforeAlloc: (config, weightBytes) => {
      if (!config.causal) return undefined;
      plan = planMemory(path, config, weightBytes, fit);
      return { reserveBytes: plan.cacheBytes + plan.scratchBytes };
    },
  });
  const model = modelFromCheckpoint(ckpt, options);
  if (plan && !(model instanceof Bert)) model.memoryPlan = plan;
  return model;
}

/** Like loadModel, but the model must be a causal LM (for run, chat, logits). */
export async function loadCausalLM(path: string, options: LoadModelOptions = {}): Promise<DecoderLM> {
  const m = await loadModel(path, options);
  if (m instanceof Bert) {
    throw new TongguanError(t("models.aBertEncoderCannot", { path }));
  }
  return m;
}

/** Like loadModel, but the model must be a BERT encoder (for embed, classify). */
export async function loadEncoder(path: string, options: LoadModelOptions = {}): Promise<Bert> {
  const m = await loadModel(path, options);
  if (!(m instanceof Bert))
    throw new TongguanError(t("models.aModelIsNot", { path, architecture: m.architecture }));
  return m;
}

/** The labels of a sequence-classification checkpoint: config.json's id2label, or a GGUF's `<arch>.classifier.output_labels`. */
function labelsOf(ckpt: Checkpoint): string[] | undefined {
  if (ckpt.gguf) {
    const labels = ckpt.gguf.metadata.get(`${ckpt.config.architecture}.classifier.output_labels`);
    return Array.isArray(labels) ? labels.map(String) : undefined;
  }
  return ckpt.dir ? readId2Label(ckpt.dir) : undefined;
}

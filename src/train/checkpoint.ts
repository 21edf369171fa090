/**
 * Checkpoints a trained model is read from and written to: a Hugging Face folder, `config.json` +
 * F32 `model.safetensors`, the same files `run`, `chat` and `serve` load. Every file is written to
 * a temporary name and renamed, so an interrupted write never leaves a corrupt checkpoint.
 */
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TongguanError } from "../errors.ts";
import { toF32 } from "../formats/cast.ts";
import { type ModelConfig, readHfConfig, readJsonFile } from "../formats/config.ts";
import { readSafetensorsFolder } from "../formats/safetensors.ts";
import { writeSafetensors } from "../formats/safetensors-writer.ts";
import { t as tr } from "../messages/index.ts";
import { Tensor } from "../tensor/index.ts";
import { LanguageModel, parametersFromFile, toFileLayout } from "./models/index.ts";

export interface LoadedCheckpoint {
  model: LanguageModel;
  /** config.json as it was, written back unchanged next to the trained weights. */
  configJson: Record<string, unknown>;
}

/** Loads a Hugging Face GPT-2 / Llama / Qwen2 folder for training. */
export function loadTrainable(dir: string): LoadedCheckpoint {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new TongguanError(tr("train.checkpoint.fromNotAFolder", { dir }));
  if (!existsSync(join(dir, "config.json")))
    throw new TongguanError(tr("train.checkpoint.fromNoConfigJson", { dir }));
  const config = readHfConfig(dir);
  const file = readSafetensorsFolder(dir);
  const params = parametersFromFile(config, file.path, (name) => {
    const info = file.tensorInfo(name);
    if (!info) return undefined;
    const t = toF32(file.loadTensor(name), false);
    return { data: t.data as Float32Array, shape: t.shape };
  });
  return { model: new LanguageModel(config, params), configJson: readJsonFile(join(dir, "config.json")) };
}

/** Writes `name` atomically: the content goes to `name.tmp`, then a rename. */
export function writeFileAtomic(path: string, write: (tmp: string) => void): void {
  const tmp = `${path}.tmp`;
  write(tmp);
  renameSync(tmp, path);
}

/** Writes config.json and an F32 model.safetensors (GPT-2's Conv1D weights back in (in, out)). */
export function saveModel(
  dir: string,
  model: LanguageModel,
  configJson: Record<string, unknown>,
  metadata: Record<string, string> = {},
): void {
  mkdirSync(dir, { recursive: true });
  const tensors = new Map<string, Tensor>();
  for (const [name, t] of toFileLayout(model.config, model.params))
    tensors.set(name, new Tensor(t.shape, "f32", t.data));
  writeFileAtomic(join(dir, "model.safetensors"), (tmp) =>
    writeSafetensors(tmp, tensors, { format: "pt", ...metadata }),
  );
  writeFileAtomic(join(dir, "config.json"), (tmp) =>
    writeFileSync(tmp, `${JSON.stringify(configJson, null, 2)}\n`),
  );
}

/** config.json for a new model, in the field names Hugging Face (and tongguan's loader) reads. */
export function hfConfigJson(c: ModelConfig): Record<string, unknown> {
  if (c.architecture === "gpt2")
    return {
      architectures: ["GPT2LMHeadModel"],
      model_type: "gpt2",
      vocab_size: c.vocabSize,
      n_positions: c.contextLength,
      n_ctx: c.contextLength,
      n_embd: c.hiddenSize,
      n_layer: c.numLayers,
      n_head: c.numHeads,
      n_inner: c.intermediateSize,
      layer_norm_epsilon: c.normEps,
      activation_function: "gelu_new",
      tie_word_embeddings: c.tieWordEmbeddings,
      bos_token_id: c.bosTokenId,
      eos_token_id: c.eosTokenIds[0],
      torch_dtype: "float32",
    };
  return {
    architectures: [c.architecture === "qwen2" ? "Qwen2ForCausalLM" : "LlamaForCausalLM"],
    model_type: c.architecture,
    vocab_size: c.vocabSize,
    hidden_size: c.hiddenSize,
    intermediate_size: c.intermediateSize,
    num_hidden_layers: c.numLayers,
    num_attention_heads: c.numHeads,
    num_key_value_heads: c.numKvHeads,
    max_position_embeddings: c.contextLength,
    rms_norm_eps: c.normEps,
    rope_theta: c.ropeTheta,
    hidden_act: "silu",
    tie_word_embeddings: c.tieWordEmbeddings,
    bos_token_id: c.bosTokenId,
    eos_token_id: c.eosTokenIds[0],
    torch_dtype: "float32",
  };
}

/**
 * Each architecture's parameters, as its model file declares them (module-spec.ts): the one list the
 * loader checks a checkpoint against, `convert` writes from, and `inspect` prints.
 *
 *   expectedShapes(config).get("model.layers.0.self_attn.k_proj.weight")  // { shape: [KV·hd, D] }
 */
import type { ModelConfig } from "../formats/config.ts";
import type { ExpectedTensor } from "../formats/shapes.ts";
import { bertModules } from "./bert.ts";
import { chatGlmModules } from "./chatglm.ts";
import { gpt2Modules } from "./gpt2.ts";
import { llamaModules } from "./llama.ts";
import { type ModuleSpec, expectedShapes as shapesOf } from "./module-spec.ts";

/** The module tree of `config`'s architecture; `has` (which tensors were loaded) picks BERT's head class. */
export function modulesOf(config: ModelConfig, has?: (name: string) => boolean): ModuleSpec {
  switch (config.architecture) {
    case "gpt2":
      return gpt2Modules(config);
    case "bert":
      return bertModules(config, has);
    case "chatglm":
      return chatGlmModules(config);
    default:
      return llamaModules(config); // llama (and llama2.c), qwen2, qwen3
  }
}

/** Every tensor `config` implies, by Hugging Face name, with its shape (linear weights (out, in)). */
export function expectedShapes(config: ModelConfig): Map<string, ExpectedTensor> {
  return shapesOf(modulesOf(config));
}

/**
 * `loadCheckpoint(path)`: any supported model file → { config, tensors with Hugging Face names },
 * checked against the parameters the models declare (architectures.ts) before anything is read.
 *
 *   const ckpt = loadCheckpoint("models/Qwen2-0.5B");           // folder: config.json + *.safetensors
 *   const ckpt = loadCheckpoint("tiny-llama-q8_0.gguf");        // GGUF (metadata → config)
 *   ckpt.tensors.get("model.layers.0.self_attn.q_proj.weight"); // Tensor [896, 896]
 *
 * What the reading guarantees (names, layouts, tied heads) is in src/formats/checkpoint.ts.
 */
import { type Checkpoint, type LoadOptions, readCheckpoint } from "../formats/checkpoint.ts";
import { expectedShapes } from "./architectures.ts";

export function loadCheckpoint(path: string, options: LoadOptions = {}): Checkpoint {
  return readCheckpoint(path, expectedShapes, options);
}

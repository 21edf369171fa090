/**
 * Qwen2's structure, module by module, with the shape of every tensor one forward pass produces.
 * The model is tiny and random (hidden 32, 4 query heads / 2 KV heads of 8, FFN 48, 2 layers) but
 * it is the engine's own Qwen2 (the Llama class with q/k/v biases); Qwen2-0.5B has the same diagram
 * with hidden 896, 14/2 heads of 64, FFN 4864 and 24 layers.
 *
 *   embed_tokens → [ input_layernorm (RMSNorm) → q/k/v_proj (+bias) → RoPE → causal GQA attention →
 *   o_proj → + residual → post_attention_layernorm → gate/up_proj → SiLU(gate)·up → down_proj →
 *   + residual ] × layers → norm → lm_head (tied to embed_tokens)
 * Run: npm run example -- qwen2-block
 */
import type { TensorEvent } from "tongguan";
import { isMain, qwen2WeightShapes, TINY_QWEN2, tinyQwen2 } from "./lib/common.ts";

export function main(print: (line: string) => void = console.log) {
  const model = tinyQwen2();
  print("weights of layer 0 (Hugging Face names):");
  for (const [name, shape] of Object.entries(qwen2WeightShapes(TINY_QWEN2)))
    if (name.startsWith("model.layers.0.")) print(`  ${name.padEnd(48)} [${shape.join(", ")}]`);
  const ids = [3, 14, 15, 9, 2];
  const events: { name: string; layer: number; shape: number[] }[] = [];
  const hook = (e: TensorEvent) => events.push({ name: e.name, layer: e.layer, shape: [...e.tensor.shape] });
  const logits = model.newSession().forward(ids, { allPositions: true, hook });
  print(`one forward pass over ${ids.length} tokens (layer 0 and the ends):`);
  for (const e of events)
    if (e.layer <= 0)
      print(`  ${(e.layer < 0 ? "" : "layer 0 ") + e.name}`.padEnd(26) + `[${e.shape.join(", ")}]`);
  return { events, logits };
}

if (isMain(import.meta.url)) main();

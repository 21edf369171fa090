/**
 * Llama / Qwen2 as a training graph (Touvron et al. 2023), parameters by their Hugging Face names:
 *
 *   x = embed_tokens[ids]                                              (B, T, C)
 *   per layer:  h = rmsnorm(x);  q = rope(q_proj h), k = rope(k_proj h), v = v_proj h
 *               x = x + o_proj(attention(q, k, v, causal, GQA))
 *               x = x + down_proj(silu(gate_proj h') ⊙ up_proj h'),  h' = rmsnorm(x)
 *   logits = norm(x)·lm_headᵀ   (or embed_tokensᵀ when tied)            (B, T, V)
 * Qwen2 is the same graph with biases on q/k/v (`attention_bias`).
 */
import type { ModelConfig } from "../../formats/config.ts";
import { add, attention, embedding, linear, rmsNorm, rope, swiglu, type Var } from "../autograd/index.ts";

export function llamaLogits(
  c: ModelConfig,
  p: Map<string, Var>,
  ids: Int32Array,
  batch: number,
  steps: number,
): Var {
  const w = (name: string) => p.get(name)!;
  const bias = (name: string) => (c.attentionBias ? w(name) : undefined);
  let x = embedding(w("model.embed_tokens.weight"), ids, [batch, steps]); // (B, T, C)
  for (let l = 0; l < c.numLayers; l++) {
    const n = `model.layers.${l}.`;
    const h = rmsNorm(x, w(`${n}input_layernorm.weight`), c.normEps);
    const proj = (which: string) =>
      linear(h, w(`${n}self_attn.${which}.weight`), bias(`${n}self_attn.${which}.bias`));
    const q = rope(proj("q_proj"), c.headDim, c.ropeTheta); // (B, T, H·D)
    const k = rope(proj("k_proj"), c.headDim, c.ropeTheta); // (B, T, Hkv·D)
    const v = proj("v_proj");
    const a = attention(q, k, v, { heads: c.numHeads, kvHeads: c.numKvHeads, causal: true });
    x = add(x, linear(a, w(`${n}self_attn.o_proj.weight`)));
    const h2 = rmsNorm(x, w(`${n}post_attention_layernorm.weight`), c.normEps);
    const m = swiglu(linear(h2, w(`${n}mlp.gate_proj.weight`)), linear(h2, w(`${n}mlp.up_proj.weight`)));
    x = add(x, linear(m, w(`${n}mlp.down_proj.weight`)));
  }
  const out = rmsNorm(x, w("model.norm.weight"), c.normEps);
  return linear(out, c.tieWordEmbeddings ? w("model.embed_tokens.weight") : w("lm_head.weight"));
}

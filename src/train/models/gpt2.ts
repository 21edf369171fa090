/**
 * GPT-2 as a training graph (Radford et al. 2019; nanoGPT's model.py), parameters by their
 * Hugging Face names:
 *
 *   x = wte[ids] + wpe[0..T)                                  (B, T, C)
 *   per layer:  x = x + c_proj(attention(split₃(c_attn(ln_1(x))), causal))
 *               x = x + mlp.c_proj(gelu(mlp.c_fc(ln_2(x))))
 *   logits = ln_f(x)·wteᵀ                                     (B, T, V)  — the tied head
 */
import type { ModelConfig } from "../../formats/config.ts";
import {
  add,
  attention,
  embedding,
  gelu,
  layerNorm,
  linear,
  sliceLast,
  type Var,
} from "../autograd/index.ts";

export function gpt2Logits(
  c: ModelConfig,
  p: Map<string, Var>,
  ids: Int32Array,
  batch: number,
  steps: number,
): Var {
  const w = (name: string) => p.get(name)!;
  const d = c.hiddenSize;
  const positions = new Int32Array(steps).map((_, t) => t);
  let x = add(
    embedding(w("transformer.wte.weight"), ids, [batch, steps]),
    embedding(w("transformer.wpe.weight"), positions),
  ); // (B, T, C)
  for (let l = 0; l < c.numLayers; l++) {
    const at = (name: string) => w(`transformer.h.${l}.${name}`);
    const h = layerNorm(x, at("ln_1.weight"), at("ln_1.bias"), c.normEps);
    const qkv = linear(h, at("attn.c_attn.weight"), at("attn.c_attn.bias")); // (B, T, 3C)
    const q = sliceLast(qkv, 0, d);
    const k = sliceLast(qkv, d, 2 * d);
    const v = sliceLast(qkv, 2 * d, 3 * d);
    const a = attention(q, k, v, { heads: c.numHeads, causal: true }); // (B, T, C)
    x = add(x, linear(a, at("attn.c_proj.weight"), at("attn.c_proj.bias")));
    const h2 = layerNorm(x, at("ln_2.weight"), at("ln_2.bias"), c.normEps);
    const m = gelu(linear(h2, at("mlp.c_fc.weight"), at("mlp.c_fc.bias"))); // (B, T, 4C)
    x = add(x, linear(m, at("mlp.c_proj.weight"), at("mlp.c_proj.bias")));
  }
  const out = layerNorm(x, w("transformer.ln_f.weight"), w("transformer.ln_f.bias"), c.normEps);
  return linear(out, c.tieWordEmbeddings ? w("transformer.wte.weight") : w("lm_head.weight")); // (B, T, V)
}

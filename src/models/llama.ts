/**
 * The Llama family — Llama 2/3, Qwen2, Qwen3, and llama2.c checkpoints — from one config.
 *
 *   x = embed_tokens[ids]                                                       (n, d)
 *   for each layer:                                                   (pre-norm residual blocks)
 *     h = input_layernorm(x)                                          RMSNorm
 *     x = x + o_proj(attention(rope(q_proj(h)), rope(k_proj(h)), v_proj(h)))   causal, grouped-query
 *     h = post_attention_layernorm(x)
 *     x = x + down_proj(silu(gate_proj(h)) ⊙ up_proj(h))             SwiGLU
 *   logits = lm_head(norm(x))        lm_head is embed_tokens when tied (small Qwen2, llama2.c)
 *
 * Qwen2 adds biases to q/k/v; Qwen3 drops them and normalises q and k per head. Everything else is
 * the same diagram. Weights use Hugging Face names; loaders have already put Q/K rows in HF's layout,
 * so RoPE rotates halves ("neox").
 *
 * Its parameters are declared once, in llamaModules() below: the loader checks files against it and
 * `inspect` prints it.
 *
 * Read reference/llama.ts first: the same forward pass as one plain function (no cache, no kernels),
 * which test/models/reference.test.ts holds this file to.
 */

import type { ModelConfig } from "../formats/config.ts";
import { Embedding } from "../nn/embedding.ts";
import { SwiGLU } from "../nn/ffn.ts";
import { emit } from "../nn/hooks.ts";
import type { Linear } from "../nn/linear.ts";
import { RMSNorm } from "../nn/rms-norm.ts";
import { Rope } from "../nn/rope.ts";
import { SelfAttention } from "../nn/self-attention.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { type DecoderContext, DecoderLM, type ModelOptions } from "./decoder.ts";
import {
  embedding,
  expectedShapes,
  linear,
  type ModuleSpec,
  module,
  moduleList,
  rmsNorm,
  stateless,
} from "./module-spec.ts";
import { type PreNormBlock, runPreNormBlocks } from "./pre-norm-block.ts";
import { ropeScalingOf } from "./rope-config.ts";
import { type Loaded, Weights } from "./weights.ts";

/**
 * The parameters of a Llama-family model, as transformers prints LlamaForCausalLM (Qwen2ForCausalLM,
 * Qwen3ForCausalLM): the shapes the loader checks and the tree `inspect` shows.
 */
export function llamaModules(c: ModelConfig): ModuleSpec {
  const P = c.architecture === "qwen2" ? "Qwen2" : c.architecture === "qwen3" ? "Qwen3" : "Llama";
  const D = c.hiddenSize;
  const F = c.intermediateSize;
  const q = c.numHeads * c.headDim; // (H·hd)
  const kv = c.numKvHeads * c.headDim; // (KV·hd)
  const norm = (name: string, dim: number) => rmsNorm(name, `${P}RMSNorm`, dim, c.normEps);
  const bias = c.attentionBias;
  const layer = (i: number) => {
    const attn = [
      linear("q_proj", D, q, bias),
      linear("k_proj", D, kv, bias),
      linear("v_proj", D, kv, bias),
      linear("o_proj", q, D, false),
    ];
    if (c.qkNorm) attn.push(norm("q_norm", c.headDim), norm("k_norm", c.headDim));
    return module(String(i), `${P}DecoderLayer`, [
      module("self_attn", `${P}Attention`, attn),
      module("mlp", `${P}MLP`, [
        linear("gate_proj", D, F, false),
        linear("up_proj", D, F, false),
        linear("down_proj", F, D, false),
        stateless("act_fn", "SiLU"),
      ]),
      norm("input_layernorm", D),
      norm("post_attention_layernorm", D),
    ]);
  };
  return module("", `${P}ForCausalLM`, [
    module("model", `${P}Model`, [
      embedding("embed_tokens", c.vocabSize, D),
      moduleList("layers", c.numLayers, layer),
      norm("norm", D),
      stateless("rotary_emb", `${P}RotaryEmbedding`),
    ]),
    linear("lm_head", D, c.vocabSize, false, "model.embed_tokens.weight"),
  ]);
}

/** A pre-norm block (pre-norm-block.ts) built from RMSNorm, grouped-query attention and SwiGLU. */
export interface LlamaLayer extends PreNormBlock {
  attnNorm: RMSNorm;
  attn: SelfAttention;
  ffnNorm: RMSNorm;
  ffn: SwiGLU;
}

export class Llama extends DecoderLM {
  readonly parameters: Map<string, Loaded>;
  readonly embedTokens: Embedding;
  readonly layers: LlamaLayer[];
  readonly norm: RMSNorm;
  readonly lmHead: Linear;

  constructor(config: ModelConfig, tensors: Map<string, Tensor>, source: string, options: ModelOptions = {}) {
    super(config, options);
    const c = config;
    const w = new Weights(tensors, source, expectedShapes(llamaModules(c)), "", this.numerics);
    this.parameters = w.loaded;
    this.embedTokens = new Embedding(w.get("model.embed_tokens.weight"), "model.embed_tokens");
    const rope = new Rope({
      headDim: c.headDim,
      theta: c.ropeTheta,
      layout: c.ropeLayout,
      llama3Scaling: ropeScalingOf(source, c.ropeScaling),
      freqFactors: w.optionalF32("rope_freqs.weight"),
    });
    const rms = (l: Weights, name: string) => new RMSNorm(l.f32(name), c.normEps);
    this.layers = [];
    for (let i = 0; i < c.numLayers; i++) {
      const l = w.under(`model.layers.${i}.`);
      const bias = c.attentionBias ? undefined : false; // qwen2: biases when the file has them
      this.layers.push({
        attnNorm: rms(l, "input_layernorm.weight"),
        attn: new SelfAttention({
          heads: c.numHeads,
          kvHeads: c.numKvHeads,
          headDim: c.headDim,
          q: l.linear("self_attn.q_proj", bias),
          k: l.linear("self_attn.k_proj", bias),
          v: l.linear("self_attn.v_proj", bias),
          o: l.linear("self_attn.o_proj", false),
          qNorm: c.qkNorm ? rms(l, "self_attn.q_norm.weight") : undefined,
          kNorm: c.qkNorm ? rms(l, "self_attn.k_norm.weight") : undefined,
          rope,
          causal: true,
        }),
        ffnNorm: rms(l, "post_attention_layernorm.weight"),
        ffn: new SwiGLU(
          l.linear("mlp.gate_proj", false),
          l.linear("mlp.up_proj", false),
          l.linear("mlp.down_proj", false),
        ),
      });
    }
    this.norm = rms(w, "model.norm.weight");
    this.lmHead =
      c.tieWordEmbeddings && !w.has("lm_head.weight")
        ? w.linear("model.embed_tokens", false)
        : w.linear("lm_head", false);
  }

  hidden(x: Float32Array, ids: ArrayLike<number>, ctx: DecoderContext): void {
    const n = ids.length;
    const d = this.hiddenSize;
    this.embedTokens.forward(x, ids);
    emit(ctx.hook, "embed", -1, x, n, d);
    runPreNormBlocks(this.layers, x, n, d, ctx);
    this.norm.forward(x, x, n);
    emit(ctx.hook, "result_norm", -1, x, n, d);
  }
}

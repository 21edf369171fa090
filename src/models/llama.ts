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
 * Read reference/llama.ts first: the same forward pass as one plain function (no cache, no kernels),
 * which test/models/reference.test.ts holds this file to.
 */

import type { ModelConfig } from "../formats/config.ts";
import { Embedding } from "../nn/embedding.ts";
import { SwiGLU } from "../nn/ffn.ts";
import { emit } from "../nn/hooks.ts";
import type { Linear } from "../nn/linear.ts";
import { addInPlace } from "../nn/residual.ts";
import { RMSNorm } from "../nn/rms-norm.ts";
import { Rope } from "../nn/rope.ts";
import { SelfAttention } from "../nn/self-attention.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { type DecoderContext, DecoderLM, type ModelOptions } from "./decoder.ts";
import { ropeScalingOf } from "./rope-config.ts";
import { Weights } from "./weights.ts";

export interface LlamaLayer {
  attnNorm: RMSNorm;
  attn: SelfAttention;
  ffnNorm: RMSNorm;
  ffn: SwiGLU;
}

export class Llama extends DecoderLM {
  readonly architecture: string;
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly kvDim: number;
  readonly config: ModelConfig;
  readonly embedTokens: Embedding;
  readonly layers: LlamaLayer[];
  readonly norm: RMSNorm;
  readonly lmHead: Linear;

  constructor(config: ModelConfig, tensors: Map<string, Tensor>, source: string, options: ModelOptions = {}) {
    super(options);
    const c = config;
    this.config = c;
    this.architecture = c.architecture;
    this.vocabSize = c.vocabSize;
    this.contextLength = c.contextLength;
    this.hiddenSize = c.hiddenSize;
    this.numLayers = c.numLayers;
    this.kvDim = c.numKvHeads * c.headDim;
    const w = new Weights(tensors, source, "", this.numerics);
    const d = c.hiddenSize;
    const qDim = c.numHeads * c.headDim;
    this.embedTokens = new Embedding(
      w.get("model.embed_tokens.weight", [c.vocabSize, d]),
      "model.embed_tokens",
    );
    const rope = new Rope({
      headDim: c.headDim,
      theta: c.ropeTheta,
      layout: c.ropeLayout,
      llama3Scaling: ropeScalingOf(source, c.ropeScaling),
      freqFactors: w.optionalF32("rope_freqs.weight"),
    });
    this.layers = [];
    for (let i = 0; i < c.numLayers; i++) {
      const l = w.under(`model.layers.${i}.`);
      const bias = c.attentionBias ? undefined : false; // qwen2: biases when the file has them
      this.layers.push({
        attnNorm: new RMSNorm(l.f32("input_layernorm.weight", [d]), c.normEps),
        attn: new SelfAttention({
          heads: c.numHeads,
          kvHeads: c.numKvHeads,
          headDim: c.headDim,
          q: l.linear("self_attn.q_proj", qDim, d, bias),
          k: l.linear("self_attn.k_proj", this.kvDim, d, bias),
          v: l.linear("self_attn.v_proj", this.kvDim, d, bias),
          o: l.linear("self_attn.o_proj", d, qDim, false),
          qNorm: c.qkNorm ? new RMSNorm(l.f32("self_attn.q_norm.weight", [c.headDim]), c.normEps) : undefined,
          kNorm: c.qkNorm ? new RMSNorm(l.f32("self_attn.k_norm.weight", [c.headDim]), c.normEps) : undefined,
          rope,
          causal: true,
        }),
        ffnNorm: new RMSNorm(l.f32("post_attention_layernorm.weight", [d]), c.normEps),
        ffn: new SwiGLU(
          l.linear("mlp.gate_proj", c.intermediateSize, d, false),
          l.linear("mlp.up_proj", c.intermediateSize, d, false),
          l.linear("mlp.down_proj", d, c.intermediateSize, false),
        ),
      });
    }
    this.norm = new RMSNorm(w.f32("model.norm.weight", [d]), c.normEps);
    this.lmHead =
      c.tieWordEmbeddings && !w.has("lm_head.weight")
        ? w.linear("model.embed_tokens", c.vocabSize, d, false)
        : w.linear("lm_head", c.vocabSize, d, false);
  }

  hidden(x: Float32Array, ids: ArrayLike<number>, ctx: DecoderContext): void {
    const n = ids.length;
    const { scratch: s, hook } = ctx;
    const d = this.hiddenSize;
    const h = s.get("h", n * d); // (n, d) the normed input of a sub-layer
    const y = s.get("y", n * d); // (n, d) a sub-layer's output, added back into x
    this.embedTokens.forward(x, ids);
    emit(hook, "embed", -1, x, n, d);
    for (let l = 0; l < this.numLayers; l++) {
      const L = this.layers[l];
      L.attnNorm.forward(h, x, n);
      emit(hook, "attn_norm", l, h, n, d);
      ctx.layer = l;
      ctx.cache = ctx.kv.layer(l);
      L.attn.forward(y, h, n, ctx);
      emit(hook, "attn_proj", l, y, n, d);
      addInPlace(x, y, n * d);
      L.ffnNorm.forward(h, x, n);
      emit(hook, "ffn_norm", l, h, n, d);
      L.ffn.forward(y, h, n, ctx);
      emit(hook, "ffn_out", l, y, n, d);
      addInPlace(x, y, n * d);
      emit(hook, "l_out", l, x, n, d);
    }
    this.norm.forward(x, x, n);
    emit(hook, "result_norm", -1, x, n, d);
  }
}

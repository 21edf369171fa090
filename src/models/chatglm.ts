/**
 * ChatGLM2/3 (THUDM's GLM architecture, "ChatGLMModel") — a pre-norm decoder like Llama, drawn in
 * its own names:
 *
 *   x = embedding.word_embeddings[ids]                                          (n, d)
 *   for each of encoder.layers:
 *     h = input_layernorm(x)                                                    RMSNorm
 *     q | k | v = query_key_value(h)       one fused projection with bias: (n, (heads + 2·groups)·hd)
 *     q, k = rope(q), rope(k)              on the first hd/2 entries of each head, adjacent pairs
 *     x = x + dense(attention(q, k, v))    causal, multi-query: `multi_query_group_num` K/V heads
 *     h = post_attention_layernorm(x)
 *     gate | up = dense_h_to_4h(h)                                              (n, 2·ffn)
 *     x = x + dense_4h_to_h(silu(gate) ⊙ up)                                    SwiGLU
 *   logits = output_layer(final_layernorm(x))
 *
 * What differs from Llama is only where things are stored (fused q|k|v and gate|up, the biases on
 * q/k/v) and the RoPE: ChatGLM rotates half of each head (64 of 128 entries in ChatGLM3-6B), pairing
 * neighbours (x[2i], x[2i+1]) with θᵢ = (10000·rope_ratio)^(−2i/64); the other half carries no
 * position. llama.cpp runs the same model as its `chatglm` architecture (src/models/chatglm.cpp).
 *
 * Its parameters are declared once, in chatGlmModules() below: the loader checks files against it
 * and `inspect` prints it.
 */

import type { ModelConfig } from "../formats/config.ts";
import { Embedding } from "../nn/embedding.ts";
import { SwiGLU } from "../nn/ffn.ts";
import { emit } from "../nn/hooks.ts";
import { Linear } from "../nn/linear.ts";
import { RMSNorm } from "../nn/rms-norm.ts";
import { Rope } from "../nn/rope.ts";
import { SelfAttention } from "../nn/self-attention.ts";
import { bytesPerRow } from "../tensor/index.ts";
import { Tensor } from "../tensor/tensor.ts";
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
import { type Loaded, Weights } from "./weights.ts";

/**
 * ChatGLM's parameters as THUDM's ChatGLMForConditionalGeneration prints them: the shapes the loader
 * checks and the tree `inspect` shows. Names leave out `transformer.` (the loader drops it);
 * dense_h_to_4h is one weight whose rows are SwiGLU's gate, then its up projection.
 */
export function chatGlmModules(c: ModelConfig): ModuleSpec {
  const D = c.hiddenSize;
  const F = c.intermediateSize;
  const q = c.numHeads * c.headDim; // (H·hd)
  const kv = c.numKvHeads * c.headDim; // (groups·hd)
  const norm = (name: string) => rmsNorm(name, "RMSNorm", D, c.normEps);
  const block = (i: number) =>
    module(String(i), "GLMBlock", [
      norm("input_layernorm"),
      module("self_attention", "SelfAttention", [
        linear("query_key_value", D, q + 2 * kv, c.attentionBias),
        linear("dense", q, D, false),
      ]),
      norm("post_attention_layernorm"),
      module("mlp", "MLP", [linear("dense_h_to_4h", D, 2 * F, false), linear("dense_4h_to_h", F, D, false)]),
    ]);
  return module("", "ChatGLMForConditionalGeneration", [
    module(
      "transformer",
      "ChatGLMModel",
      [
        module("embedding", "Embedding", [embedding("word_embeddings", c.vocabSize, D)]),
        stateless("rotary_pos_emb", "RotaryEmbedding"),
        module("encoder", "GLMTransformer", [
          moduleList("layers", c.numLayers, block),
          norm("final_layernorm"),
        ]),
        linear("output_layer", D, c.vocabSize, false, "embedding.word_embeddings.weight"),
      ],
      { path: "" },
    ),
  ]);
}

/** A pre-norm block (pre-norm-block.ts): THUDM's input_layernorm, self_attention, post_attention_layernorm, mlp. */
export interface GlmBlock extends PreNormBlock {
  attnNorm: RMSNorm;
  attn: SelfAttention;
  ffnNorm: RMSNorm;
  ffn: SwiGLU;
}

export class ChatGlm extends DecoderLM {
  readonly parameters: Map<string, Loaded>;
  readonly wordEmbeddings: Embedding;
  readonly layers: GlmBlock[];
  readonly finalLayernorm: RMSNorm;
  readonly lmHead: Linear;

  constructor(config: ModelConfig, tensors: Map<string, Tensor>, source: string, options: ModelOptions = {}) {
    super(config, options);
    const c = config;
    const w = new Weights(tensors, source, expectedShapes(chatGlmModules(c)), "", this.numerics);
    this.parameters = w.loaded;
    this.wordEmbeddings = new Embedding(
      w.get("embedding.word_embeddings.weight"),
      "embedding.word_embeddings",
    );
    const rope = new Rope({
      headDim: c.headDim,
      rotaryDim: c.rotaryDim ?? c.headDim / 2,
      theta: c.ropeTheta,
      layout: "interleaved",
    });
    const rms = (l: Weights, name: string) => new RMSNorm(l.f32(name), c.normEps);
    this.layers = [];
    for (let i = 0; i < c.numLayers; i++) {
      const l = w.under(`encoder.layers.${i}.`);
      this.layers.push({
        attnNorm: rms(l, "input_layernorm.weight"),
        attn: new SelfAttention({
          heads: c.numHeads,
          kvHeads: c.numKvHeads,
          headDim: c.headDim,
          qkv: l.linear("self_attention.query_key_value", c.attentionBias),
          o: l.linear("self_attention.dense", false),
          rope,
          causal: true,
        }),
        ffnNorm: rms(l, "post_attention_layernorm.weight"),
        ffn: fusedSwiGLU(
          l.get("mlp.dense_h_to_4h.weight"),
          l.linear("mlp.dense_4h_to_h", false),
          `encoder.layers.${i}.mlp`,
        ),
      });
    }
    this.finalLayernorm = rms(w, "encoder.final_layernorm.weight");
    this.lmHead = w.linear("output_layer", false);
  }

  hidden(x: Float32Array, ids: ArrayLike<number>, ctx: DecoderContext): void {
    const n = ids.length;
    const d = this.hiddenSize;
    this.wordEmbeddings.forward(x, ids);
    emit(ctx.hook, "embed", -1, x, n, d);
    runPreNormBlocks(this.layers, x, n, d, ctx);
    this.finalLayernorm.forward(x, x, n);
    emit(ctx.hook, "result_norm", -1, x, n, d);
  }
}

/**
 * SwiGLU from one (2·ffn, d) weight whose first ffn rows are the gate and last ffn rows the up
 * projection (`torch.chunk(x, 2, -1)` in THUDM's `swiglu`). The halves are views, not copies; lying
 * back to back, SwiGLU runs them as one matmul again.
 */
function fusedSwiGLU(gateUp: Tensor, down: Linear, name: string): SwiGLU {
  const F = gateUp.shape[0] / 2;
  return new SwiGLU(
    new Linear(rowsOf(gateUp, 0, F), undefined, `${name}.gate`, down.numerics),
    new Linear(rowsOf(gateUp, F, F), undefined, `${name}.up`, down.numerics),
    down,
  );
}

/** Rows [from, from+n) of a contiguous 2-D weight (any dtype, block formats included), sharing its memory. */
function rowsOf(t: Tensor, from: number, n: number): Tensor {
  const k = t.shape[1];
  const perRow = bytesPerRow(t.dtype, k) / t.data.BYTES_PER_ELEMENT;
  const begin = t.offset + from * perRow;
  return new Tensor([n, k], t.dtype, t.data.subarray(begin, begin + n * perRow));
}

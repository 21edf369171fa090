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
 */

import type { ModelConfig } from "../formats/config.ts";
import { Embedding } from "../nn/embedding.ts";
import { SwiGLU } from "../nn/ffn.ts";
import { emit } from "../nn/hooks.ts";
import { Linear } from "../nn/linear.ts";
import { addInPlace } from "../nn/residual.ts";
import { RMSNorm } from "../nn/rms-norm.ts";
import { Rope } from "../nn/rope.ts";
import { SelfAttention } from "../nn/self-attention.ts";
import { bytesPerRow } from "../tensor/index.ts";
import { Tensor } from "../tensor/tensor.ts";
import { type DecoderContext, DecoderLM, type ModelOptions } from "./decoder.ts";
import { Weights } from "./weights.ts";

export interface GlmBlock {
  inputLayernorm: RMSNorm;
  selfAttention: SelfAttention;
  postAttentionLayernorm: RMSNorm;
  mlp: SwiGLU;
}

export class ChatGlm extends DecoderLM {
  readonly architecture = "chatglm";
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly kvDim: number;
  readonly config: ModelConfig;
  readonly wordEmbeddings: Embedding;
  readonly layers: GlmBlock[];
  readonly finalLayernorm: RMSNorm;
  readonly lmHead: Linear;

  constructor(config: ModelConfig, tensors: Map<string, Tensor>, source: string, options: ModelOptions = {}) {
    super(options);
    const c = config;
    this.config = c;
    this.vocabSize = c.vocabSize;
    this.contextLength = c.contextLength;
    this.hiddenSize = c.hiddenSize;
    this.numLayers = c.numLayers;
    this.kvDim = c.numKvHeads * c.headDim;
    const w = new Weights(tensors, source, "", this.numerics);
    const d = c.hiddenSize;
    const qDim = c.numHeads * c.headDim;
    const F = c.intermediateSize;
    this.wordEmbeddings = new Embedding(
      w.get("embedding.word_embeddings.weight", [c.vocabSize, d]),
      "embedding.word_embeddings",
    );
    const rope = new Rope({
      headDim: c.headDim,
      rotaryDim: c.rotaryDim ?? c.headDim / 2,
      theta: c.ropeTheta,
      layout: "interleaved",
    });
    this.layers = [];
    for (let i = 0; i < c.numLayers; i++) {
      const l = w.under(`encoder.layers.${i}.`);
      this.layers.push({
        inputLayernorm: new RMSNorm(l.f32("input_layernorm.weight", [d]), c.normEps),
        selfAttention: new SelfAttention({
          heads: c.numHeads,
          kvHeads: c.numKvHeads,
          headDim: c.headDim,
          qkv: l.linear("self_attention.query_key_value", qDim + 2 * this.kvDim, d, c.attentionBias),
          o: l.linear("self_attention.dense", d, qDim, false),
          rope,
          causal: true,
        }),
        postAttentionLayernorm: new RMSNorm(l.f32("post_attention_layernorm.weight", [d]), c.normEps),
        mlp: fusedSwiGLU(
          l.get("mlp.dense_h_to_4h.weight", [2 * F, d]),
          l.linear("mlp.dense_4h_to_h", d, F, false),
          `encoder.layers.${i}.mlp`,
        ),
      });
    }
    this.finalLayernorm = new RMSNorm(w.f32("encoder.final_layernorm.weight", [d]), c.normEps);
    this.lmHead = w.linear("output_layer", c.vocabSize, d, false);
  }

  hidden(x: Float32Array, ids: ArrayLike<number>, ctx: DecoderContext): void {
    const n = ids.length;
    const { scratch: s, hook } = ctx;
    const d = this.hiddenSize;
    const h = s.get("h", n * d); // (n, d) the normed input of a sub-layer
    const y = s.get("y", n * d); // (n, d) a sub-layer's output, added back into x
    this.wordEmbeddings.forward(x, ids);
    emit(hook, "embed", -1, x, n, d);
    for (let l = 0; l < this.numLayers; l++) {
      const L = this.layers[l];
      L.inputLayernorm.forward(h, x, n);
      emit(hook, "attn_norm", l, h, n, d);
      ctx.layer = l;
      ctx.cache = ctx.kv.layer(l);
      L.selfAttention.forward(y, h, n, ctx);
      emit(hook, "attn_proj", l, y, n, d);
      addInPlace(x, y, n * d);
      L.postAttentionLayernorm.forward(h, x, n);
      emit(hook, "ffn_norm", l, h, n, d);
      L.mlp.forward(y, h, n, ctx);
      emit(hook, "ffn_out", l, y, n, d);
      addInPlace(x, y, n * d);
      emit(hook, "l_out", l, x, n, d);
    }
    this.finalLayernorm.forward(x, x, n);
    emit(hook, "result_norm", -1, x, n, d);
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

/**
 * The original Transformer's encoder and decoder stacks (Vaswani et al. 2017, "Attention Is All You
 * Need"), as torch.nn.Transformer(batch_first=True) computes them: post-norm (norm_first=False),
 * ReLU feed-forward, no dropout, a final LayerNorm after each stack. Its parameter names load unchanged.
 *
 *   encoder layer l  (x: (B, S, D))
 *     x = norm1(x + self_attn(x, x))                       every source token sees every other
 *     x = norm2(x + linear2(relu(linear1(x))))
 *   memory = encoder.norm(x)
 *
 *   decoder layer l  (y: (B, T, D))
 *     y = norm1(y + self_attn(y, y, causal))               token t sees targets 0..t only
 *     y = norm2(y + multihead_attn(y, memory))             cross-attention: queries from the decoder,
 *                                                          keys and values from the encoder
 *     y = norm3(y + linear2(relu(linear1(y))))
 *   output = decoder.norm(y)                               (B, T, D)
 */
import { relu } from "../train/autograd/ops/activations.ts";
import { add } from "../train/autograd/ops/elementwise.ts";
import { linear } from "../train/autograd/ops/linear.ts";
import { layerNorm } from "../train/autograd/ops/norm.ts";
import type { Var } from "../train/autograd/variable.ts";
import { createMultiHead, multiHead } from "./multi-head.ts";
import type { Params } from "./params.ts";

export interface TransformerShape {
  dModel: number;
  nhead: number;
  numEncoderLayers: number;
  numDecoderLayers: number;
  dimFeedforward: number;
}

const EPS = 1e-5;

/** Cross-attention weights of one decoder layer, (B, heads, T, S), as the forward pass saw them. */
export type CrossAttention = { weights: Float32Array; shape: [number, number, number, number] };

export class Transformer {
  constructor(
    readonly shape: TransformerShape,
    readonly params: Params,
    /** "transformer." inside a seq2seq model, "" for a bare nn.Transformer state dict. */
    readonly prefix = "",
  ) {}

  /** nn.Transformer's initialisation: xavier-uniform for every matrix, zero attention biases. */
  static create(shape: TransformerShape, params: Params, prefix = ""): Transformer {
    const { dModel: d, dimFeedforward: f } = shape;
    const ffn = (p: string) => {
      params.uniform(`${p}.linear1.weight`, [f, d], Math.sqrt(6 / (d + f)));
      params.uniform(`${p}.linear1.bias`, [f], 1 / Math.sqrt(d));
      params.uniform(`${p}.linear2.weight`, [d, f], Math.sqrt(6 / (d + f)));
      params.uniform(`${p}.linear2.bias`, [d], 1 / Math.sqrt(f));
    };
    const norm = (p: string) => {
      params.constant(`${p}.weight`, [d], 1);
      params.constant(`${p}.bias`, [d], 0);
    };
    for (let l = 0; l < shape.numEncoderLayers; l++) {
      const p = `${prefix}encoder.layers.${l}`;
      createMultiHead(`${p}.self_attn`, d, params);
      ffn(p);
      norm(`${p}.norm1`);
      norm(`${p}.norm2`);
    }
    norm(`${prefix}encoder.norm`);
    for (let l = 0; l < shape.numDecoderLayers; l++) {
      const p = `${prefix}decoder.layers.${l}`;
      createMultiHead(`${p}.self_attn`, d, params);
      createMultiHead(`${p}.multihead_attn`, d, params);
      ffn(p);
      norm(`${p}.norm1`);
      norm(`${p}.norm2`);
      norm(`${p}.norm3`);
    }
    norm(`${prefix}decoder.norm`);
    return new Transformer(shape, params, prefix);
  }

  /** src (B, S, D) → memory (B, S, D). `keyMask` (B, S): 1 = token, 0 = padding. */
  encode(src: Var, keyMask?: Uint8Array): Var {
    let x = src;
    const heads = this.shape.nhead;
    for (let l = 0; l < this.shape.numEncoderLayers; l++) {
      const p = `${this.prefix}encoder.layers.${l}`;
      x = this.norm(`${p}.norm1`, add(x, multiHead(`${p}.self_attn`, x, x, this.params, { heads, keyMask })));
      x = this.norm(`${p}.norm2`, add(x, this.ffn(p, x)));
    }
    return this.norm(`${this.prefix}encoder.norm`, x);
  }

  /**
   * tgt (B, T, D), memory (B, S, D) → (B, T, D). `onCross(l, …)` receives each layer's cross-attention
   * weights (for the pictures of what the decoder read).
   */
  decode(
    tgt: Var,
    memory: Var,
    keyMask?: Uint8Array,
    onCross?: (layer: number, c: CrossAttention) => void,
  ): Var {
    let y = tgt;
    const heads = this.shape.nhead;
    for (let l = 0; l < this.shape.numDecoderLayers; l++) {
      const p = `${this.prefix}decoder.layers.${l}`;
      y = this.norm(
        `${p}.norm1`,
        add(y, multiHead(`${p}.self_attn`, y, y, this.params, { heads, causal: true })),
      );
      const cross = multiHead(`${p}.multihead_attn`, y, memory, this.params, {
        heads,
        keyMask,
        onWeights: onCross ? (w, shape) => onCross(l, { weights: w, shape }) : undefined,
      });
      y = this.norm(`${p}.norm2`, add(y, cross));
      y = this.norm(`${p}.norm3`, add(y, this.ffn(p, y)));
    }
    return this.norm(`${this.prefix}decoder.norm`, y);
  }

  forward(src: Var, tgt: Var): Var {
    return this.decode(tgt, this.encode(src));
  }

  private ffn(p: string, x: Var): Var {
    const g = (n: string) => this.params.get(`${p}.${n}`);
    return linear(
      relu(linear(x, g("linear1.weight"), g("linear1.bias"))),
      g("linear2.weight"),
      g("linear2.bias"),
    );
  }

  private norm(p: string, x: Var): Var {
    return layerNorm(x, this.params.get(`${p}.weight`), this.params.get(`${p}.bias`), EPS);
  }
}

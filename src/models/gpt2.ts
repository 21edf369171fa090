/**
 * GPT-2 (Radford et al. 2019): learned positions, pre-norm LayerNorm blocks, GELU (tanh form), and an
 * output head tied to the token embedding.
 *
 *   x = wte[ids] + wpe[positions]
 *   for each block:  x = x + c_proj(attention(c_attn(ln_1(x))))      c_attn: fused q, k, v rows
 *                    x = x + mlp.c_proj(gelu(mlp.c_fc(ln_2(x))))
 *   logits = ln_f(x) · wteᵀ
 *
 * GPT-2's Conv1D stores its weights transposed (in, out); the loader has already turned them into
 * nn.Linear's (out, in), so this file never transposes anything.
 *
 * Read reference/gpt2.ts first: the same forward pass as one plain function (no cache, no kernels),
 * which test/models/reference.test.ts holds this file to.
 */
import { TongguanError } from "../errors.ts";
import type { ModelConfig } from "../formats/config.ts";
import { t } from "../messages/index.ts";
import { Embedding } from "../nn/embedding.ts";
import { GeluMLP } from "../nn/ffn.ts";
import { emit } from "../nn/hooks.ts";
import { LayerNorm } from "../nn/layer-norm.ts";
import type { Linear } from "../nn/linear.ts";
import { addInPlace } from "../nn/residual.ts";
import { SelfAttention } from "../nn/self-attention.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { type DecoderContext, DecoderLM, type ModelOptions } from "./decoder.ts";
import { findPrefix, Weights } from "./weights.ts";

export interface Gpt2Block {
  ln1: LayerNorm;
  attn: SelfAttention;
  ln2: LayerNorm;
  mlp: GeluMLP;
}

export class Gpt2 extends DecoderLM {
  readonly architecture = "gpt2";
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly kvDim: number;
  readonly config: ModelConfig;
  readonly wte: Embedding;
  readonly wpe: Embedding;
  readonly blocks: Gpt2Block[];
  readonly lnF: LayerNorm;
  readonly lmHead: Linear;

  constructor(config: ModelConfig, tensors: Map<string, Tensor>, source: string, options: ModelOptions = {}) {
    super(options);
    const c = config;
    if (c.numKvHeads !== c.numHeads) throw new TongguanError(t("models.gpt2.gptNeedsAsMany", { source }));
    this.config = c;
    this.vocabSize = c.vocabSize;
    this.contextLength = c.contextLength;
    this.hiddenSize = c.hiddenSize;
    this.numLayers = c.numLayers;
    this.kvDim = c.hiddenSize;
    const all = new Weights(tensors, source, "", this.numerics);
    const w = all.under(findPrefix(all, "wte.weight", ["", "transformer."]));
    const d = c.hiddenSize;
    const eps = c.normEps;
    this.wte = new Embedding(w.get("wte.weight", [c.vocabSize, d]), "wte");
    this.wpe = new Embedding(w.get("wpe.weight"), "wpe (learned positions)");
    if (this.wpe.dim !== d)
      throw new TongguanError(t("models.gpt2.wpeWeightHasWidth", { source, dim: this.wpe.dim, d }));
    this.contextLength = Math.min(c.contextLength, this.wpe.count);
    this.blocks = [];
    for (let i = 0; i < c.numLayers; i++) {
      const b = w.under(`h.${i}.`);
      this.blocks.push({
        ln1: new LayerNorm(b.f32("ln_1.weight", [d]), b.f32("ln_1.bias", [d]), eps),
        attn: new SelfAttention({
          heads: c.numHeads,
          kvHeads: c.numHeads,
          headDim: c.headDim,
          qkv: b.linear("attn.c_attn", 3 * d, d),
          o: b.linear("attn.c_proj", d, d),
          causal: true,
        }),
        ln2: new LayerNorm(b.f32("ln_2.weight", [d]), b.f32("ln_2.bias", [d]), eps),
        mlp: new GeluMLP(
          b.linear("mlp.c_fc", c.intermediateSize, d),
          b.linear("mlp.c_proj", d, c.intermediateSize),
          c.activation,
        ),
      });
    }
    this.lnF = new LayerNorm(w.f32("ln_f.weight", [d]), w.f32("ln_f.bias", [d]), eps);
    this.lmHead = all.has("lm_head.weight")
      ? all.linear("lm_head", c.vocabSize, d, false)
      : w.linear("wte", c.vocabSize, d, false);
  }

  hidden(x: Float32Array, ids: ArrayLike<number>, ctx: DecoderContext): void {
    const n = ids.length;
    const { scratch: s, hook } = ctx;
    const d = this.hiddenSize;
    const h = s.get("h", n * d); // (n, d)
    const y = s.get("y", n * d); // (n, d)
    this.wte.forward(x, ids);
    this.wpe.addRange(x, n, ctx.start, s.get("row", d));
    emit(hook, "embed", -1, x, n, d);
    for (let l = 0; l < this.numLayers; l++) {
      const B = this.blocks[l];
      B.ln1.forward(h, x, n);
      emit(hook, "attn_norm", l, h, n, d);
      ctx.layer = l;
      ctx.cache = ctx.kv.layer(l);
      B.attn.forward(y, h, n, ctx);
      emit(hook, "attn_proj", l, y, n, d);
      addInPlace(x, y, n * d);
      B.ln2.forward(h, x, n);
      emit(hook, "ffn_norm", l, h, n, d);
      B.mlp.forward(y, h, n, ctx);
      emit(hook, "ffn_out", l, y, n, d);
      addInPlace(x, y, n * d);
      emit(hook, "l_out", l, x, n, d);
    }
    this.lnF.forward(x, x, n);
    emit(hook, "result_norm", -1, x, n, d);
  }
}

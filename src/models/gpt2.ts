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
 * Its parameters are declared once, in gpt2Modules() below: the loader checks files against it and
 * `inspect` prints it.
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
import { SelfAttention } from "../nn/self-attention.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { type DecoderContext, DecoderLM, type ModelOptions } from "./decoder.ts";
import {
  embedding,
  expectedShapes,
  layerNorm,
  linear,
  type ModuleSpec,
  module,
  moduleList,
  stateless,
} from "./module-spec.ts";
import { type PreNormBlock, runPreNormBlocks } from "./pre-norm-block.ts";
import { type Loaded, Weights } from "./weights.ts";

/**
 * GPT-2's parameters as transformers prints GPT2LMHeadModel: the shapes the loader checks and the
 * tree `inspect` shows. Names leave out `transformer.` (the loader drops it).
 */
export function gpt2Modules(c: ModelConfig): ModuleSpec {
  const D = c.hiddenSize;
  const F = c.intermediateSize;
  const ln = (name: string) => layerNorm(name, D, c.normEps);
  const block = (i: number) =>
    module(String(i), "GPT2Block", [
      ln("ln_1"),
      module("attn", "GPT2Attention", [linear("c_attn", D, 3 * D, true), linear("c_proj", D, D, true)]),
      ln("ln_2"),
      module("mlp", "GPT2MLP", [
        linear("c_fc", D, F, true),
        linear("c_proj", F, D, true),
        stateless("act", "NewGELUActivation"),
      ]),
    ]);
  return module("", "GPT2LMHeadModel", [
    module(
      "transformer",
      "GPT2Model",
      [
        embedding("wte", c.vocabSize, D),
        embedding("wpe", c.contextLength, D),
        moduleList("h", c.numLayers, block),
        ln("ln_f"),
      ],
      { path: "" },
    ),
    linear("lm_head", D, c.vocabSize, false, "wte.weight"),
  ]);
}

/** A pre-norm block (pre-norm-block.ts) built from LayerNorm, multi-head attention and a GELU MLP. */
export interface Gpt2Block extends PreNormBlock {
  attnNorm: LayerNorm;
  attn: SelfAttention;
  ffnNorm: LayerNorm;
  ffn: GeluMLP;
}

export class Gpt2 extends DecoderLM {
  readonly parameters: Map<string, Loaded>;
  readonly wte: Embedding;
  readonly wpe: Embedding;
  readonly layers: Gpt2Block[];
  readonly lnF: LayerNorm;
  readonly lmHead: Linear;

  constructor(config: ModelConfig, tensors: Map<string, Tensor>, source: string, options: ModelOptions = {}) {
    super(config, options);
    const c = config;
    if (c.numKvHeads !== c.numHeads) throw new TongguanError(t("models.gpt2.gptNeedsAsMany", { source }));
    const w = new Weights(tensors, source, expectedShapes(gpt2Modules(c)), "", this.numerics);
    this.parameters = w.loaded;
    const ln = (b: Weights, name: string) =>
      new LayerNorm(b.f32(`${name}.weight`), b.f32(`${name}.bias`), c.normEps);
    this.wte = new Embedding(w.get("wte.weight"), "wte");
    this.wpe = new Embedding(w.get("wpe.weight"), "wpe (learned positions)");
    this.layers = [];
    for (let i = 0; i < c.numLayers; i++) {
      const b = w.under(`h.${i}.`);
      this.layers.push({
        attnNorm: ln(b, "ln_1"),
        attn: new SelfAttention({
          heads: c.numHeads,
          kvHeads: c.numHeads,
          headDim: c.headDim,
          qkv: b.linear("attn.c_attn"),
          o: b.linear("attn.c_proj"),
          causal: true,
        }),
        ffnNorm: ln(b, "ln_2"),
        ffn: new GeluMLP(b.linear("mlp.c_fc"), b.linear("mlp.c_proj"), c.activation),
      });
    }
    this.lnF = ln(w, "ln_f");
    this.lmHead = w.has("lm_head.weight") ? w.linear("lm_head", false) : w.linear("wte", false);
  }

  hidden(x: Float32Array, ids: ArrayLike<number>, ctx: DecoderContext): void {
    const n = ids.length;
    const d = this.hiddenSize;
    this.wte.forward(x, ids);
    this.wpe.addRange(x, n, ctx.start, ctx.scratch.get("row", d));
    emit(ctx.hook, "embed", -1, x, n, d);
    runPreNormBlocks(this.layers, x, n, d, ctx);
    this.lnF.forward(x, x, n);
    emit(ctx.hook, "result_norm", -1, x, n, d);
  }
}

/**
 * BERT (Devlin et al. 2018): a bidirectional encoder — every token attends to every other (no causal
 * mask, no KV cache) — with post-norm blocks.
 *
 *   x = LayerNorm(word[ids] + position[0..n) + token_type[types])
 *   for each layer:  x = LayerNorm(x + attention.output.dense(attention(x)))     (post-norm: add, then norm)
 *                    x = LayerNorm(x + output.dense(gelu(intermediate.dense(x))))
 *
 * Heads on top of the last hidden states x (n, d):
 *   embedding  mean of x over the (unpadded) tokens, or x[CLS] — the sentence vector
 *   pooler     tanh(pooler.dense(x[CLS]))                  — what classifiers read
 *   classify   softmax(classifier(pooler)) over config id2label (BertForSequenceClassification)
 *   fill-mask  decoder(LayerNorm(gelu(transform.dense(x))))   (decoder tied to the word embeddings)
 *
 * Its parameters are declared once, in bertModules() below: the loader checks files against it and
 * `inspect` prints it.
 */
import { TongguanError } from "../errors.ts";
import type { ModelConfig } from "../formats/config.ts";
import { t } from "../messages/index.ts";
import { activate } from "../nn/activations.ts";
import type { ForwardContext } from "../nn/context.ts";
import { Embedding } from "../nn/embedding.ts";
import { GeluMLP } from "../nn/ffn.ts";
import { emit } from "../nn/hooks.ts";
import { LayerNorm } from "../nn/layer-norm.ts";
import { Linear } from "../nn/linear.ts";
import { addInPlace } from "../nn/residual.ts";
import { Scratch } from "../nn/scratch.ts";
import { SelfAttention } from "../nn/self-attention.ts";
import type { Tensor } from "../tensor/tensor.ts";
import type { ModelOptions } from "./decoder.ts";
import {
  embedding,
  expectedShapes,
  layerNorm,
  leaf,
  linear,
  linearArgs,
  type ModuleSpec,
  module,
  moduleList,
  stateless,
} from "./module-spec.ts";
import type { TensorHook } from "./types.ts";
import { type Loaded, Weights } from "./weights.ts";

/**
 * BERT's parameters as transformers prints them: the shapes the loader checks and the tree `inspect`
 * shows. Names leave out `bert.` (the loader drops it). The heads are optional; with `has` (which
 * tensors a model loaded) the root is the class those heads make: BertForSequenceClassification,
 * BertForMaskedLM or a bare BertModel.
 */
export function bertModules(c: ModelConfig, has: (name: string) => boolean = () => true): ModuleSpec {
  const D = c.hiddenSize;
  const F = c.intermediateSize;
  const V = c.vocabSize;
  const ln = (name: string) => layerNorm(name, D, c.normEps);
  const layer = (i: number) =>
    module(String(i), "BertLayer", [
      module("attention", "BertAttention", [
        module("self", "BertSelfAttention", [
          linear("query", D, D, true),
          linear("key", D, D, true),
          linear("value", D, D, true),
        ]),
        module("output", "BertSelfOutput", [linear("dense", D, D, true), ln("LayerNorm")]),
      ]),
      module("intermediate", "BertIntermediate", [
        linear("dense", D, F, true),
        stateless("intermediate_act_fn", "GELUActivation"),
      ]),
      module("output", "BertOutput", [linear("dense", F, D, true), ln("LayerNorm")]),
    ]);
  const bert = module(
    "bert",
    "BertModel",
    [
      module("embeddings", "BertEmbeddings", [
        embedding("word_embeddings", V, D),
        embedding("position_embeddings", c.contextLength, D),
        embedding("token_type_embeddings", c.typeVocabSize, D),
        ln("LayerNorm"),
      ]),
      module("encoder", "BertEncoder", [moduleList("layer", c.numLayers, layer)]),
      module("pooler", "BertPooler", [linear("dense", D, D, true), stateless("activation", "Tanh")], {
        optional: true,
      }),
    ],
    { path: "" },
  );
  // BertForSequenceClassification: one row per label (config id2label).
  const classifier = leaf(
    "classifier",
    "Linear",
    [
      { name: "weight", shape: [-1, D], optional: true },
      { name: "bias", shape: [-1], optional: true },
    ],
    linearArgs,
  );
  // BertForMaskedLM / BertForPreTraining: the masked-LM head; its decoder is usually tied to the word
  // embeddings, and its bias is cls.predictions.bias.
  const decoder = leaf(
    "decoder",
    "Linear",
    [
      { name: "weight", shape: [V, D], optional: true, tiedTo: "embeddings.word_embeddings.weight" },
      { name: "bias", shape: [V], optional: true, tiedTo: "cls.predictions.bias" },
    ],
    linearArgs,
  );
  const predictions = module(
    "predictions",
    "BertLMPredictionHead",
    [
      module("transform", "BertPredictionHeadTransform", [linear("dense", D, D, true), ln("LayerNorm")]),
      decoder,
    ],
    { params: [{ name: "bias", shape: [V] }] },
  );
  const cls = module("cls", "BertOnlyMLMHead", [predictions], { optional: true });
  const isClassifier = has("classifier.weight");
  const isMaskedLM = has("cls.predictions.transform.dense.weight");
  if (!isClassifier && !isMaskedLM) return { ...bert, name: "" };
  const type = isClassifier ? "BertForSequenceClassification" : "BertForMaskedLM";
  return module("", type, [bert, classifier, cls]);
}

export interface BertLayer {
  attn: SelfAttention;
  attnNorm: LayerNorm;
  ffn: GeluMLP;
  ffnNorm: LayerNorm;
}

export interface EncodeOptions {
  /** Segment ids (0 for sentence A, 1 for B); default all 0. */
  tokenTypeIds?: number[];
  /** 1 for real tokens, 0 for padding (hidden from attention and from mean pooling); default all 1. */
  attentionMask?: number[];
  hook?: TensorHook;
}

export interface BertHeads {
  /** id2label from config.json, for a sequence-classification checkpoint. */
  labels?: string[];
}

export class Bert {
  readonly architecture = "bert";
  readonly config: ModelConfig;
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly hiddenSize: number;
  readonly pooling: "mean" | "cls";
  readonly word: Embedding;
  readonly position: Embedding;
  readonly tokenType: Embedding | undefined;
  readonly embedNorm: LayerNorm;
  readonly layers: BertLayer[];
  readonly pooler: Linear | undefined;
  readonly classifier: Linear | undefined;
  readonly labels: string[] | undefined;
  readonly mlm: { dense: Linear; norm: LayerNorm; decoder: Linear } | undefined;
  /** Every parameter read from the checkpoint, by Hugging Face name (the module tree binds to them). */
  readonly parameters: Map<string, Loaded>;
  private readonly scratch = new Scratch();
  private readonly source: string;

  constructor(
    config: ModelConfig,
    tensors: Map<string, Tensor>,
    source: string,
    options: ModelOptions & BertHeads = {},
  ) {
    const c = config;
    this.config = c;
    this.source = source;
    this.vocabSize = c.vocabSize;
    this.hiddenSize = c.hiddenSize;
    this.pooling = c.pooling === "cls" ? "cls" : "mean";
    // The encoder layers take the numerics asked for; the heads (pooler, classifier, MLM) plain.
    const w = new Weights(tensors, source, expectedShapes(bertModules(c)));
    this.parameters = w.loaded;
    const ln = (l: Weights, name: string) =>
      new LayerNorm(l.f32(`${name}.weight`), l.f32(`${name}.bias`), c.normEps);
    this.word = new Embedding(w.get("embeddings.word_embeddings.weight"), "word_embeddings");
    this.position = new Embedding(w.get("embeddings.position_embeddings.weight"), "position_embeddings");
    this.contextLength = Math.min(c.contextLength, this.position.count);
    this.tokenType = w.has("embeddings.token_type_embeddings.weight")
      ? new Embedding(w.get("embeddings.token_type_embeddings.weight"), "token_type_embeddings")
      : undefined;
    this.embedNorm = ln(w, "embeddings.LayerNorm");
    this.layers = [];
    for (let i = 0; i < c.numLayers; i++) {
      const l = w.under(`encoder.layer.${i}.`).withNumerics(options.numerics ?? "plain");
      this.layers.push({
        attn: new SelfAttention({
          heads: c.numHeads,
          kvHeads: c.numHeads,
          headDim: c.headDim,
          q: l.linear("attention.self.query"),
          k: l.linear("attention.self.key"),
          v: l.linear("attention.self.value"),
          o: l.linear("attention.output.dense"),
          causal: false,
        }),
        attnNorm: ln(l, "attention.output.LayerNorm"),
        ffn: new GeluMLP(l.linear("intermediate.dense"), l.linear("output.dense"), c.activation),
        ffnNorm: ln(l, "output.LayerNorm"),
      });
    }
    this.pooler = w.has("pooler.dense.weight") ? w.linear("pooler.dense") : undefined;
    this.classifier = w.has("classifier.weight") ? w.linear("classifier") : undefined;
    this.labels = options.labels;
    if (this.classifier && this.labels && this.labels.length !== this.classifier.outFeatures) {
      throw new TongguanError(
        t("models.bert.configIdLabelHas", {
          source,
          labelsLength: this.labels.length,
          outFeatures: this.classifier.outFeatures,
        }),
      );
    }
    this.mlm = w.has("cls.predictions.transform.dense.weight")
      ? {
          dense: w.linear("cls.predictions.transform.dense"),
          norm: ln(w, "cls.predictions.transform.LayerNorm"),
          decoder: new Linear(
            w.has("cls.predictions.decoder.weight")
              ? w.get("cls.predictions.decoder.weight")
              : this.word.table,
            w.f32("cls.predictions.bias"),
            "cls.predictions.decoder",
          ),
        }
      : undefined;
  }

  /** The last hidden states (ids.length, hiddenSize), a fresh array. */
  encode(ids: number[], options: EncodeOptions = {}): Float32Array {
    const n = ids.length;
    const d = this.hiddenSize;
    if (n === 0) throw new TongguanError(t("models.bert.encodeNoTokenIds"));
    if (n > this.contextLength) {
      throw new TongguanError(t("models.bert.tokensDoNotFit", { n, contextLength: this.contextLength }));
    }
    const { tokenTypeIds, attentionMask, hook } = options;
    if (tokenTypeIds && tokenTypeIds.length !== n)
      throw new TongguanError(t("models.bert.tokentypeidsMustHaveOne"));
    if (attentionMask && attentionMask.length !== n)
      throw new TongguanError(t("models.bert.attentionmaskMustHaveOne"));
    const s = this.scratch;
    const x = new Float32Array(n * d); // (n, d) the residual stream
    const y = s.get("y", n * d); // (n, d)
    const row = s.get("row", d);
    this.word.forward(x, ids);
    this.position.addRange(x, n, 0, row);
    if (this.tokenType) this.tokenType.addRows(x, tokenTypeIds ?? new Array<number>(n).fill(0), row);
    this.embedNorm.forward(x, x, n);
    emit(hook, "embed", -1, x, n, d);
    const keyMask = attentionMask ? Uint8Array.from(attentionMask, (m) => (m ? 1 : 0)) : undefined;
    const ctx: ForwardContext = { start: 0, scratch: s, hook, layer: -1, keyMask };
    for (let l = 0; l < this.layers.length; l++) {
      const L = this.layers[l];
      ctx.layer = l;
      L.attn.forward(y, x, n, ctx);
      emit(hook, "attn_proj", l, y, n, d);
      addInPlace(x, y, n * d);
      L.attnNorm.forward(x, x, n);
      emit(hook, "attn_out_norm", l, x, n, d);
      L.ffn.forward(y, x, n, ctx);
      emit(hook, "ffn_out", l, y, n, d);
      addInPlace(x, y, n * d);
      L.ffnNorm.forward(x, x, n);
      emit(hook, "l_out", l, x, n, d);
    }
    return x;
  }

  /** The sentence embedding (hiddenSize) with the model's pooling: mean over real tokens (default) or [CLS]. */
  embed(ids: number[], options: EncodeOptions = {}): Float32Array {
    const x = this.encode(ids, options);
    const d = this.hiddenSize;
    if (this.pooling === "cls") return x.slice(0, d);
    const out = new Float32Array(d);
    let count = 0;
    for (let r = 0; r < ids.length; r++) {
      if (options.attentionMask && !options.attentionMask[r]) continue;
      count++;
      for (let j = 0; j < d; j++) out[j] += x[r * d + j];
    }
    for (let j = 0; j < d; j++) out[j] /= count;
    return out;
  }

  /** The pooler output tanh(W·x[CLS] + b) (hiddenSize). */
  pooled(ids: number[], options: EncodeOptions = {}): Float32Array {
    if (!this.pooler) throw new TongguanError(t("models.bert.thisCheckpointHasNo", { source: this.source }));
    const x = this.encode(ids, options);
    const out = new Float32Array(this.hiddenSize);
    this.pooler.forward(out, x, 1);
    for (let j = 0; j < out.length; j++) out[j] = Math.tanh(out[j]);
    return out;
  }

  /** Sequence classification: every label with its probability, in label order. */
  classify(ids: number[], options: EncodeOptions = {}): { label: string; probability: number }[] {
    if (!this.classifier) {
      throw new TongguanError(t("models.bert.notASequenceClassification", { source: this.source }));
    }
    const pooled = this.pooled(ids, options);
    const logits = new Float32Array(this.classifier.outFeatures);
    this.classifier.forward(logits, pooled, 1);
    const max = Math.max(...logits);
    const e = Array.from(logits, (v) => Math.exp(v - max));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((v, i) => ({ label: this.labels?.[i] ?? `LABEL_${i}`, probability: v / z }));
  }

  /** Fill-mask logits for every position (ids.length, vocabSize). */
  fillMask(ids: number[], options: EncodeOptions = {}): Float32Array {
    if (!this.mlm) {
      throw new TongguanError(t("models.bert.thisCheckpointHasNo2", { source: this.source }));
    }
    const n = ids.length;
    const d = this.hiddenSize;
    const x = this.encode(ids, options);
    const h = new Float32Array(n * d);
    this.mlm.dense.forward(h, x, n);
    activate(h, n * d, this.config.activation);
    this.mlm.norm.forward(h, h, n);
    const logits = new Float32Array(n * this.vocabSize);
    this.mlm.decoder.forward(logits, h, n);
    return logits;
  }
}

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
import type { TensorHook } from "./types.ts";
import { findPrefix, Weights } from "./weights.ts";

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
    const all = new Weights(tensors, source);
    const w = all.under(findPrefix(all, "embeddings.word_embeddings.weight", ["", "bert."]));
    const d = c.hiddenSize;
    const eps = c.normEps;
    const numerics = options.numerics ?? "plain";
    this.word = new Embedding(
      w.get("embeddings.word_embeddings.weight", [c.vocabSize, d]),
      "word_embeddings",
    );
    this.position = new Embedding(w.get("embeddings.position_embeddings.weight"), "position_embeddings");
    this.contextLength = Math.min(c.contextLength, this.position.count);
    this.tokenType = w.has("embeddings.token_type_embeddings.weight")
      ? new Embedding(w.get("embeddings.token_type_embeddings.weight"), "token_type_embeddings")
      : undefined;
    this.embedNorm = new LayerNorm(
      w.f32("embeddings.LayerNorm.weight", [d]),
      w.f32("embeddings.LayerNorm.bias", [d]),
      eps,
    );
    this.layers = [];
    for (let i = 0; i < c.numLayers; i++) {
      // The encoder layers take the numerics asked for; the heads below (pooler, classifier, MLM) plain.
      const l = new Weights(tensors, source, `${w.prefix}encoder.layer.${i}.`, numerics);
      this.layers.push({
        attn: new SelfAttention({
          heads: c.numHeads,
          kvHeads: c.numHeads,
          headDim: c.headDim,
          q: l.linear("attention.self.query", d, d),
          k: l.linear("attention.self.key", d, d),
          v: l.linear("attention.self.value", d, d),
          o: l.linear("attention.output.dense", d, d),
          causal: false,
        }),
        attnNorm: new LayerNorm(
          l.f32("attention.output.LayerNorm.weight", [d]),
          l.f32("attention.output.LayerNorm.bias", [d]),
          eps,
        ),
        ffn: new GeluMLP(
          l.linear("intermediate.dense", c.intermediateSize, d),
          l.linear("output.dense", d, c.intermediateSize),
          c.activation,
        ),
        ffnNorm: new LayerNorm(
          l.f32("output.LayerNorm.weight", [d]),
          l.f32("output.LayerNorm.bias", [d]),
          eps,
        ),
      });
    }
    this.pooler = w.has("pooler.dense.weight") ? w.linear("pooler.dense", d, d) : undefined;
    this.classifier = all.has("classifier.weight")
      ? all.linear("classifier", all.get("classifier.weight").shape[0], d)
      : undefined;
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
    this.mlm = all.has("cls.predictions.transform.dense.weight")
      ? {
          dense: all.linear("cls.predictions.transform.dense", d, d),
          norm: new LayerNorm(
            all.f32("cls.predictions.transform.LayerNorm.weight", [d]),
            all.f32("cls.predictions.transform.LayerNorm.bias", [d]),
            eps,
          ),
          decoder: new Linear(
            all.has("cls.predictions.decoder.weight")
              ? all.get("cls.predictions.decoder.weight", [c.vocabSize, d])
              : this.word.table,
            all.f32("cls.predictions.bias", [c.vocabSize]),
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

/**
 * The RNN encoder-decoder (Sutskever et al. 2014; Cho et al. 2014), without or with attention
 * (Luong et al. 2015: dot, general; Bahdanau et al. 2015: additive).
 *
 *   src ids (B, S) ─src_embed─▶ (B, S, E) ─encoder─▶ enc (B, S, H), final state
 *                                                            │ (the whole source in H numbers a layer)
 *   tgt_in ids (B, T) ─tgt_embed─▶ (B, T, E) ─decoder (starts from that state)─▶ dec (B, T, H)
 *     no attention:   logits = out(dec)
 *     Luong:          weights = softmax(score(dec, enc)) (B, T, S);  context = weights·enc
 *                     logits = out(tanh(combine([context; dec])))
 *     Bahdanau:       at step t, weights from the state before the step; the decoder reads
 *                     [embedding; context]; then as Luong.
 *
 * Parameter names: `src_embed.weight`, `tgt_embed.weight`, `encoder.*` and `decoder.*` (nn.RNN/GRU/LSTM),
 * `attention.*` (rnn-attention.ts), `combine.weight`/`.bias` (H, 2H), `out.weight`/`.bias` (V, H) —
 * the shared fixture's names, so its weights load unchanged.
 */
import { TongguanError } from "../errors.ts";
import type { Rng } from "../generation/rng.ts";
import { t as tr } from "../messages/index.ts";
import { tanh } from "../train/autograd/ops/activations.ts";
import { embedding } from "../train/autograd/ops/embedding.ts";
import { linear } from "../train/autograd/ops/linear.ts";
import { concatLast, reshape } from "../train/autograd/ops/shape.ts";
import { logSoftmax } from "../train/autograd/ops/softmax.ts";
import { noGrad, type Var } from "../train/autograd/variable.ts";
import type { Batch } from "./batch.ts";
import type { CellKind } from "./cells.ts";
import type { Decoder, Seq2SeqModel, StepResult } from "./model.ts";
import { stackTime, timeStep } from "./ops/steps.ts";
import { Params } from "./params.ts";
import { Recurrent, type RecurrentState } from "./recurrent.ts";
import { type AttentionKind, attend, attentionKeys, createAttention } from "./rnn-attention.ts";

export interface RnnSeq2SeqConfig {
  type: "rnn-seq2seq";
  cell: CellKind;
  attention: AttentionKind;
  srcVocab: number;
  tgtVocab: number;
  embed: number;
  hidden: number;
  layers: number;
}

export class RnnSeq2Seq implements Seq2SeqModel {
  readonly encoder: Recurrent;
  readonly decoderRnn: Recurrent;
  readonly padSource = "left";

  constructor(
    readonly config: RnnSeq2SeqConfig,
    readonly params: Params,
  ) {
    const { cell, embed, hidden, layers, attention } = config;
    const decoderInput = embed + (attention === "additive" ? hidden : 0);
    this.encoder = new Recurrent(
      { kind: cell, inputSize: embed, hiddenSize: hidden, numLayers: layers },
      params,
      "encoder.",
    );
    this.decoderRnn = new Recurrent(
      { kind: cell, inputSize: decoderInput, hiddenSize: hidden, numLayers: layers },
      params,
      "decoder.",
    );
  }

  /** Fresh parameters (PyTorch's initialisations). */
  static create(config: RnnSeq2SeqConfig, rng: Rng): RnnSeq2Seq {
    const p = new Params(rng);
    const { cell, embed, hidden, layers, attention, srcVocab, tgtVocab } = config;
    p.normal("src_embed.weight", [srcVocab, embed]);
    p.normal("tgt_embed.weight", [tgtVocab, embed]);
    Recurrent.create({ kind: cell, inputSize: embed, hiddenSize: hidden, numLayers: layers }, p, "encoder.");
    const decoderInput = embed + (attention === "additive" ? hidden : 0);
    Recurrent.create(
      { kind: cell, inputSize: decoderInput, hiddenSize: hidden, numLayers: layers },
      p,
      "decoder.",
    );
    createAttention(attention, hidden, p);
    if (attention !== "none") p.linear("combine", 2 * hidden, hidden);
    p.linear("out", hidden, tgtVocab);
    return new RnnSeq2Seq(config, p);
  }

  /** src ids (B, S) → enc (B, S, H), the encoder's final state, and the attention keys. */
  encode(
    src: Int32Array,
    b: number,
    s: number,
    mask?: Uint8Array,
  ): { enc: Var; state: RecurrentState; keys: Var } {
    const x = embedding(this.params.get("src_embed.weight"), src, [b, s]);
    const { output: enc, state } = this.encoder.forward(x, undefined, mask);
    return { enc, state, keys: attentionKeys(this.config.attention, enc, this.params) };
  }

  /** Teacher-forced logits (B, T, V); the attention weights (B, T, S) beside them. */
  forward(batch: Batch): { logits: Var; attention: Var | null } {
    const { size: b, srcLen, tgtLen } = batch;
    const { enc, state, keys } = this.encode(batch.src, b, srcLen, batch.keyMask);
    const emb = embedding(this.params.get("tgt_embed.weight"), batch.tgtIn, [b, tgtLen]); // (B, T, E)
    const kind = this.config.attention;
    if (kind === "none") {
      const { output } = this.decoderRnn.forward(emb, state);
      return { logits: this.project(output), attention: null };
    }
    if (kind === "dot" || kind === "general") {
      // Luong's scores use the decoder's own states, so all T steps attend at once.
      const { output: dec } = this.decoderRnn.forward(emb, state);
      const { weights, context } = attend(kind, dec, keys, enc, this.params, batch.keyMask);
      return { logits: this.project(dec, context), attention: weights };
    }
    const logits: Var[] = [];
    const weights: Var[] = [];
    let s = state;
    for (let t = 0; t < tgtLen; t++) {
      const r = this.additiveStep(timeStep(emb, t), s, enc, keys, batch.keyMask);
      logits.push(r.logits);
      weights.push(r.weights);
      s = r.state;
    }
    return { logits: stackTime(logits), attention: stackTime(weights) };
  }

  logits(batch: Batch): Var {
    return this.forward(batch).logits;
  }

  /** out(dec) without attention; out(tanh(combine([context; dec]))) with it. */
  private project(dec: Var, context?: Var): Var {
    const p = (n: string) => this.params.get(n);
    const h = context
      ? tanh(linear(concatLast([context, dec]), p("combine.weight"), p("combine.bias")))
      : dec;
    return linear(h, p("out.weight"), p("out.bias"));
  }

  /** Bahdanau: look with the state before the step, feed [embedding; context] into it. x (B, E). */
  private additiveStep(x: Var, state: RecurrentState, enc: Var, keys: Var, mask?: Uint8Array) {
    const [b, , h] = enc.shape;
    const query = reshape(state[state.length - 1].h, [b, 1, h]);
    const { weights, context } = attend("additive", query, keys, enc, this.params, mask); // (B, 1, S), (B, 1, H)
    const ctx = reshape(context, [b, h]);
    const step = this.decoderRnn.step(concatLast([x, ctx]), state);
    const [, , srcLen] = weights.shape;
    return {
      logits: this.project(step.output, ctx),
      weights: reshape(weights, [b, srcLen]),
      state: step.state,
    };
  }

  /** One step for one hypothesis (B = 1): the token just produced → the next distribution. */
  private decodeStep(token: number, state: RecurrentState, enc: Var, keys: Var): StepResult<RecurrentState> {
    const x = embedding(this.params.get("tgt_embed.weight"), Int32Array.of(token), [1]); // (1, E)
    const kind = this.config.attention;
    let logits: Var;
    let attention: Float32Array | null = null;
    let next: RecurrentState;
    if (kind === "additive") {
      const r = this.additiveStep(x, state, enc, keys);
      logits = r.logits;
      attention = r.weights.data;
      next = r.state;
    } else {
      const step = this.decoderRnn.step(x, state);
      next = step.state;
      if (kind === "none") logits = this.project(step.output);
      else {
        const h = this.config.hidden;
        const dec = reshape(step.output, [1, 1, h]);
        const { weights, context } = attend(kind, dec, keys, enc, this.params);
        logits = this.project(reshape(dec, [1, h]), reshape(context, [1, h]));
        attention = weights.data;
      }
    }
    return {
      logProbs: logSoftmax(logits).data,
      attention: attention ? Float32Array.from(attention) : null,
      state: next,
    };
  }

  decoder(src: number[]): Decoder<RecurrentState> {
    if (src.length === 0) throw new TongguanError(tr("seq2seq.rnnSeq2seq.translateTheInputIs"));
    const { enc, state, keys } = noGrad(() => this.encode(Int32Array.from(src), 1, src.length));
    return {
      initial: () => state,
      step: (s, token) => noGrad(() => this.decodeStep(token, s, enc, keys)),
    };
  }
}

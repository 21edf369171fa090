/**
 * The encoder-decoder Transformer as a translator, the paper's full diagram:
 *
 *   src ids (B, S) ─src_embed·√D + PE─▶ encoder ─▶ memory (B, S, D)
 *   tgt_in ids (B, T) ─tgt_embed·√D + PE─▶ decoder (causal self-attention, cross-attention to memory)
 *                                          ─▶ (B, T, D) ─out─▶ logits (B, T, V)
 *
 * PE is the sinusoidal table of src/nn/positions.ts (PE[p, 2i] = sin(p/10000^(2i/D)), PE[p, 2i+1] = cos(…)),
 * added to embeddings scaled by √D (§3.4: "we multiply those weights by √d_model").
 * Names: `src_embed.weight`, `tgt_embed.weight`, `transformer.*` (nn.Transformer's), `out.weight`/`.bias`.
 */
import { TongguanError } from "../errors.ts";
import type { Rng } from "../generation/rng.ts";
import { t as tr } from "../messages/index.ts";
import { sinusoidalPositions } from "../nn/positions.ts";
import { add, scale } from "../train/autograd/ops/elementwise.ts";
import { embedding } from "../train/autograd/ops/embedding.ts";
import { linear } from "../train/autograd/ops/linear.ts";
import { logSoftmax } from "../train/autograd/ops/softmax.ts";
import { noGrad, Var } from "../train/autograd/variable.ts";
import type { Batch } from "./batch.ts";
import type { Decoder, Seq2SeqModel } from "./model.ts";
import { Params } from "./params.ts";
import { type CrossAttention, Transformer, type TransformerShape } from "./transformer.ts";

export interface TransformerSeq2SeqConfig extends TransformerShape {
  type: "transformer";
  srcVocab: number;
  tgtVocab: number;
  /** Longest sequence the positional table covers. */
  maxLength: number;
}

export class TransformerSeq2Seq implements Seq2SeqModel {
  readonly transformer: Transformer;
  readonly padSource = "right";
  private readonly pe: Float32Array; // (maxLength, D)

  constructor(
    readonly config: TransformerSeq2SeqConfig,
    readonly params: Params,
  ) {
    this.transformer = new Transformer(config, params, "transformer.");
    this.pe = sinusoidalPositions(config.maxLength, config.dModel);
  }

  static create(config: TransformerSeq2SeqConfig, rng: Rng): TransformerSeq2Seq {
    const p = new Params(rng);
    // N(0, 1/D) as fairseq does: after the √D scale the embeddings have unit size, like the sinusoids,
    // so the positions are not drowned out (with N(0, 1) they would be √D times smaller than the tokens).
    const std = 1 / Math.sqrt(config.dModel);
    p.normal("src_embed.weight", [config.srcVocab, config.dModel], std);
    p.normal("tgt_embed.weight", [config.tgtVocab, config.dModel], std);
    Transformer.create(config, p, "transformer.");
    p.linear("out", config.dModel, config.tgtVocab);
    return new TransformerSeq2Seq(config, p);
  }

  /** ids (B, T) → embedding·√D + PE[0..T), (B, T, D). */
  private embed(table: string, ids: Int32Array, b: number, t: number): Var {
    const d = this.config.dModel;
    if (t > this.config.maxLength) {
      throw new TongguanError(
        tr("seq2seq.transformerSeq2seq.inputOfTokensThis", { t, maxLength: this.config.maxLength }),
      );
    }
    const e = scale(embedding(this.params.get(table), ids, [b, t]), Math.sqrt(d));
    return add(e, Var.constant(this.pe.slice(0, t * d), [t, d]));
  }

  encode(src: Int32Array, b: number, s: number, keyMask?: Uint8Array): Var {
    return this.transformer.encode(this.embed("src_embed.weight", src, b, s), keyMask);
  }

  /** Logits (B, T, V) of target inputs against an encoded source; `onCross` sees cross-attention. */
  decodeLogits(
    tgtIn: Int32Array,
    b: number,
    t: number,
    memory: Var,
    keyMask?: Uint8Array,
    onCross?: (layer: number, c: CrossAttention) => void,
  ): Var {
    const y = this.transformer.decode(this.embed("tgt_embed.weight", tgtIn, b, t), memory, keyMask, onCross);
    return linear(y, this.params.get("out.weight"), this.params.get("out.bias"));
  }

  logits(batch: Batch): Var {
    const memory = this.encode(batch.src, batch.size, batch.srcLen, batch.keyMask);
    return this.decodeLogits(batch.tgtIn, batch.size, batch.tgtLen, memory, batch.keyMask);
  }

  /**
   * Decoding without a cache: each step runs the decoder over the whole prefix (the toy outputs are
   * short). The attention shown is the last decoder layer's cross-attention, averaged over heads.
   */
  decoder(src: number[]): Decoder<number[]> {
    if (src.length === 0) throw new TongguanError(tr("seq2seq.transformerSeq2seq.translateTheInputIs"));
    const memory = noGrad(() => this.encode(Int32Array.from(src), 1, src.length));
    const last = this.config.numDecoderLayers - 1;
    const V = this.config.tgtVocab;
    return {
      initial: () => [],
      step: (prefix, token) =>
        noGrad(() => {
          const tokens = [...prefix, token];
          const t = tokens.length;
          let attention: Float32Array | null = null;
          const logits = this.decodeLogits(Int32Array.from(tokens), 1, t, memory, undefined, (layer, c) => {
            if (layer === last) attention = headMeanLastRow(c);
          });
          const row = logSoftmax(logits).data.slice((t - 1) * V, t * V);
          return { logProbs: row, attention, state: tokens };
        }),
    };
  }
}

/** (1, H, T, S) weights → the last query's row averaged over heads, (S). */
function headMeanLastRow(c: CrossAttention): Float32Array {
  const [, heads, t, s] = c.shape;
  const out = new Float32Array(s);
  for (let h = 0; h < heads; h++) {
    const o = (h * t + t - 1) * s;
    for (let j = 0; j < s; j++) out[j] += c.weights[o + j] / heads;
  }
  return out;
}

/**
 * The models `tongguan seq2seq train --model NAME` builds, from one size `--dim`:
 *
 *   rnn, gru, lstm                   encoder-decoder, no attention: the source passes through the final state
 *   rnn-attention, gru-attention,
 *   lstm-attention                   the same with attention (Luong dot by default; --attention general|additive)
 *   transformer                      the original encoder-decoder Transformer, 2 + 2 layers, 4 heads
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import type { CellKind } from "./cells.ts";
import type { AttentionKind } from "./rnn-attention.ts";
import type { RnnSeq2SeqConfig } from "./rnn-seq2seq.ts";
import type { TransformerSeq2SeqConfig } from "./transformer-seq2seq.ts";

export type ModelConfig = RnnSeq2SeqConfig | TransformerSeq2SeqConfig;

export const MODEL_NAMES = [
  "rnn",
  "gru",
  "lstm",
  "rnn-attention",
  "gru-attention",
  "lstm-attention",
  "transformer",
] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export interface ModelChoice {
  model: string;
  dim: number;
  srcVocab: number;
  tgtVocab: number;
  /** Longest source or target + 2, for the Transformer's positions. */
  maxLength: number;
  attention?: AttentionKind;
  layers?: number;
}

export function modelConfig(choice: ModelChoice): ModelConfig {
  const { model, dim, srcVocab, tgtVocab } = choice;
  if (!(MODEL_NAMES as readonly string[]).includes(model)) {
    throw new TongguanError(
      t("seq2seq.modelConfig.modelUnknownModelChoose", { model, MODEL_NAMES: MODEL_NAMES.join(", ") }),
    );
  }
  if (!Number.isInteger(dim) || dim < 4 || dim > 1024)
    throw new TongguanError(t("seq2seq.modelConfig.dimChooseAWhole", { dim }));
  if (model === "transformer") {
    const nhead = dim % 4 === 0 ? 4 : dim % 2 === 0 ? 2 : 1;
    return {
      type: "transformer",
      srcVocab,
      tgtVocab,
      dModel: dim,
      nhead,
      numEncoderLayers: choice.layers ?? 2,
      numDecoderLayers: choice.layers ?? 2,
      dimFeedforward: 4 * dim,
      maxLength: choice.maxLength,
    };
  }
  const [cell, withAttention] = model.split("-") as [CellKind, string | undefined];
  if (!withAttention && choice.attention && choice.attention !== "none") {
    throw new TongguanError(
      t("seq2seq.modelConfig.attentionModelHasNo", { attention: choice.attention, model }),
    );
  }
  return {
    type: "rnn-seq2seq",
    cell,
    attention: withAttention ? (choice.attention ?? "dot") : "none",
    srcVocab,
    tgtVocab,
    embed: Math.max(8, Math.floor(dim / 2)),
    hidden: dim,
    layers: choice.layers ?? 1,
  };
}

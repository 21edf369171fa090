/**
 * What the trainer, the decoders and the CLI need from any seq2seq model (RNN or Transformer).
 */
import type { Var } from "../train/autograd/variable.ts";
import type { Batch } from "./batch.ts";
import type { Params } from "./params.ts";

/** One decoding step's result for one hypothesis. */
export interface StepResult<S> {
  /** log p(next token | source, prefix), (V). */
  logProbs: Float32Array;
  /** Where this step looked in the source, (S) summing to 1; null without attention. */
  attention: Float32Array | null;
  state: S;
}

/** Decoding one source, token by token (greedy and beam search drive it). */
export interface Decoder<S = unknown> {
  initial(): S;
  step(state: S, token: number): StepResult<S>;
}

export interface Seq2SeqModel {
  params: Params;
  /** Where a batch pads shorter sources (batch.ts): "left" for recurrent encoders, "right" for the Transformer. */
  readonly padSource: "left" | "right";
  /** Teacher-forced logits (B, T, V) of a batch. */
  logits(batch: Batch): Var;
  /** A decoder for one source (ids without specials). */
  decoder(src: number[]): Decoder;
}

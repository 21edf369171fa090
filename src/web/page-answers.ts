/**
 * The answers of the Attention, Next-token, Generation and Training pages' routes, as the pages read
 * them (web/src imports these types only, like api-types.ts, so the pages' type check stays small).
 */
import type { CacheStep } from "../instruments/cache-steps.ts";
import type { TokenPiece } from "../instruments/token-pieces.ts";

export type { CacheStep };

/** POST /api/attention: one layer's attention, every head. */
export interface AttentionView {
  architecture: string;
  ids: number[];
  tokens: TokenPiece[];
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  causal: boolean;
  /** The layer shown. */
  layer: number;
  /** Shapes of the tensors behind the picture, n = tokens. */
  shapes: { q: number[]; k: number[]; v: number[]; scores: number[] };
  /** (heads, n, n) softmax rows; 0 above the diagonal of a causal model. */
  probs: number[][][];
  /** (heads, n, n) q·k/√d before the softmax; null where masked. */
  scores: (number | null)[][][];
}

/** POST /api/next-token: the distribution after each sampling stage, and the pick. */
export interface NextTokenView {
  ids: number[];
  tokens: TokenPiece[];
  contextLength: number;
  /** "raw", then each active processor in the order it ran. */
  stages: { name: string; kept: number; removedCount: number }[];
  /** The raw distribution's top tokens (and the pick): p after each stage, 0 where removed. */
  bars: { id: number; label: string; p: number[] }[];
  pick: { id: number; label: string; p: number };
  /** The seed the pick was drawn with (undefined: greedy, temperature 0). */
  seed?: number;
  /** The text with the picked token appended (the tokenizer's decoding of ids + pick). */
  continued: string;
}

export type RunName = "cache" | "nocache";

/** POST /api/generation's events. */
export type GenerationEvent =
  | { type: "start"; run: RunName; promptTokens: number; contextLength: number }
  | { type: "step"; run: RunName; id: number | null; text: string; step?: CacheStep }
  | {
      type: "done";
      run: RunName;
      stop: string;
      generated: number[];
      timings: { prefillMs: number; decodeMs: number; decodeTokens: number; totalMs: number };
    }
  | { type: "end" }
  | { type: "error"; message: string };

export interface TrainingShape {
  arch: "gpt2" | "llama";
  layers: number;
  dim: number;
  heads: number;
  ctx: number;
}

/** POST /api/training's events. */
export type TrainingEvent =
  | {
      type: "start";
      corpus: string;
      characters: number;
      vocabSize: number;
      tokens: { train: number; val: number };
      parameters: number;
      shape: TrainingShape & { batch: number };
      steps: number;
    }
  | { type: "step"; step: number; loss: number; lr: number; ms: number }
  | { type: "eval"; step: number; valLoss: number }
  | { type: "sample"; step: number; text: string }
  | { type: "done"; reason: string; step: number; valLoss?: number }
  | { type: "end" }
  | { type: "error"; message: string };

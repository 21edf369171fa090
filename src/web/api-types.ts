/**
 * The shapes of the lab API's answers that the pages read (web/src imports these types only, so the
 * pages' type check stays small). A route builds them from the engine's objects; the tests compare
 * the numbers with the engine's.
 */
import type { TokenPiece } from "../instruments/token-pieces.ts";
import type { TokenizerTrace } from "../instruments/tokenizer-trace.ts";

export type { TokenizerTrace, TokenPiece };

/** GET /api/lab's `model`: what every page may need to know about the loaded model. */
export interface LabModel {
  name: string;
  architecture: string;
  causal: boolean;
  vocabSize: number;
  hiddenSize: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Tokens the model reads at once. */
  contextLength: number;
  positions: "learned" | "rope";
  ropeTheta: number;
  ropeLayout: "neox" | "interleaved";
  rotaryDim: number;
}

/** A module of GET /api/model's tree: parameters by shape; `count` = parameters under it (one copy when folded). */
export interface TreeNode {
  name: string;
  type: string;
  args?: string;
  /** "(0-3): 4 x Block": the layers folded into this entry. */
  repeat?: number;
  params: { shape: number[]; dtype: string; bytes: number; count: number; tied: boolean }[];
  count: number;
  children: TreeNode[];
}

/** POST /api/model/residual: ‖x‖ per position after the embeddings and after each layer. */
export interface ResidualAnswer {
  ids: number[];
  tokens: TokenPiece[];
  embedNorms: number[];
  norms: { layer: number; residual: number[]; attention: number[]; ffn: number[] }[];
}

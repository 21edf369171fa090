/**
 * The learner's instruments: plain, JSON-able data about what the engine computes, built once for
 * the CLI (`trace`, `run --show-probs`, `tokenize --trace`, …) and the web lab.
 *
 *   token-pieces.ts       one chip per token, byte pieces as <e9 80>
 *   tokenizer-trace.ts    BPE merges step by step, WordPiece's longest match
 *   capture.ts            every named tensor of one forward pass (the TensorHook, chunks joined)
 *   attention-trace.ts    attention probabilities and raw scores per layer/head, residual/sub-layer norms
 *   sampling-stages.ts    the distribution after each logits processor, what it removed, the pick
 *   cache-steps.ts        per step: tokens run, positions cached, bytes, time
 *   embedding-rows.ts     a causal model's token-embedding rows
 */
export {
  type AttentionTrace,
  type LayerAttention,
  type LayerNorms,
  rowNorms,
  traceAttention,
  traceFromCapture,
} from "./attention-trace.ts";
export { type CacheStep, combineObservers, recordCache } from "./cache-steps.ts";
export {
  type Capture,
  type CapturedTensor,
  captureTensors,
  pickTensor,
  tensorKey,
  toNested,
} from "./capture.ts";
export { type EmbeddingRow, embeddingRows } from "./embedding-rows.ts";
export {
  probabilities,
  recordSampling,
  type SamplingStage,
  type SamplingStep,
  type TokenProbability,
} from "./sampling-stages.ts";
export { bytesLabel, type TokenPiece, tokenBytes, tokenPieces } from "./token-pieces.ts";
export {
  type MergeStep,
  readableSymbol,
  type TokenizerTrace,
  traceBpeWord,
  traceTokenizer,
  type WordPieceStep,
  type WordTrace,
} from "./tokenizer-trace.ts";

/**
 * The contract between models and everything that drives them (generation, server, lab).
 *
 * A causal language model keeps its KV cache in a `session`: prefill feeds the prompt, decode feeds
 * one token at a time; each call returns the logits of the last position (or of all positions).
 */

import type { TensorHook } from "../nn/hooks.ts";

export type { TensorEvent, TensorHook } from "../nn/hooks.ts";

export interface CausalLMSession {
  /** Tokens already in the cache. */
  readonly position: number;
  /** Maximum tokens the cache holds. */
  readonly contextLength: number;
  /**
   * Runs `ids` at positions [position, position + ids.length), appends their K/V to the cache and
   * returns the logits (vocabSize floats) of the last position; with `allPositions`, of every position
   * (ids.length × vocabSize, row-major). Throws a clear error when the context would overflow.
   */
  forward(ids: number[], options?: { allPositions?: boolean; hook?: TensorHook }): Float32Array;
  /** Forgets everything after the first `position` tokens (0 clears the cache). */
  truncate(position: number): void;
  /** Hands the KV cache back to the model for the next session (tensor memory is never freed). */
  release?(): void;
}

export interface CausalLM {
  readonly architecture: string;
  readonly vocabSize: number;
  readonly contextLength: number;
  newSession(options?: { contextLength?: number }): CausalLMSession;
}

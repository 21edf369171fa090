/**
 * Watching generation from outside: the scores after each stage of the sampling pipeline and the
 * time and cache size of every forward pass. `src/instruments/` turns these calls into the plain data
 * the CLI's `--show-probs` / `--show-cache` and the lab draw. Nothing is computed for an absent observer.
 */
export interface GenerationObserver {
  /**
   * The scores of one step after a stage: "raw" (the model's logits), then each active processor by
   * name, in the order they run. `scores` is the sampler's own buffer: copy what you keep.
   */
  stage?(name: string, scores: Float32Array): void;
  /** The token picked at this step (also the stop token that ends generation). */
  pick?(id: number): void;
  /**
   * One forward pass: `tokens` run through the model (the whole sequence without a cache), the
   * `position` the cache holds afterwards, its `cacheBytes`, and the wall time in milliseconds.
   */
  forward?(info: { tokens: number; position: number; cacheBytes?: number; ms: number }): void;
}

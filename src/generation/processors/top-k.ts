/**
 * Top-k (Fan et al. 2018): keep the k highest scores, set the rest to -Infinity. As in Hugging Face
 * (`TopKLogitsWarper`), a token tied with the k-th score survives too (the test is `score < kth`).
 * Example, k = 2, scores [1, 3, 2, 3]: the 2nd highest is 3, so only ids 1 and 3 survive.
 */
import type { LogitsProcessor } from "../logits-processor.ts";

export class TopKProcessor implements LogitsProcessor {
  readonly name = "top_k" as const;

  constructor(readonly k: number) {}

  process(logits: Float32Array): void {
    const k = Math.min(this.k, logits.length);
    const kth = Float32Array.from(logits).sort().reverse()[k - 1]; // descending, k-th largest
    for (let i = 0; i < logits.length; i++) if (logits[i] < kth) logits[i] = Number.NEGATIVE_INFINITY;
  }
}

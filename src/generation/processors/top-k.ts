/**
 * Top-k (Fan et al. 2018): keep the k highest scores, set the rest to -Infinity. As in Hugging Face
 * (`TopKLogitsWarper`), a token tied with the k-th score survives too (the test is `score < kth`).
 * Example, k = 2, scores [1, 3, 2, 3]: the 2nd highest is 3, so only ids 1 and 3 survive.
 */
import { kthLargest } from "../distribution.ts";
import type { LogitsProcessor } from "../logits-processor.ts";

export class TopKProcessor implements LogitsProcessor {
  readonly name = "top_k" as const;

  constructor(readonly k: number) {}

  /** The k largest scores so far, reused token after token (kthLargest's heap). */
  private heap = new Float64Array(0);

  process(logits: Float32Array): void {
    const k = Math.min(this.k, logits.length);
    if (this.heap.length < k) this.heap = new Float64Array(k);
    const kth = kthLargest(logits, k, this.heap);
    for (let i = 0; i < logits.length; i++) if (logits[i] < kth) logits[i] = Number.NEGATIVE_INFINITY;
  }
}

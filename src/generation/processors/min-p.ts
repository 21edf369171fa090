/**
 * Min-p (Nguyen et al. 2024, "Turning Up the Heat"): keep the tokens whose probability is at least
 * min_p times the probability of the most likely token, so the cut follows the model's confidence.
 * Hugging Face's `MinPLogitsWarper`; the most likely token always stays.
 * Example, min_p = 0.5, probabilities [0.5, 0.3, 0.15, 0.05]: the threshold is 0.25, ids 0 and 1 survive.
 */
import { softmaxInto } from "../distribution.ts";
import type { LogitsProcessor } from "../logits-processor.ts";

export class MinPProcessor implements LogitsProcessor {
  readonly name = "min_p" as const;

  constructor(readonly minP: number) {}

  /** softmax's output, reused token after token. */
  private probs = new Float64Array(0);

  process(logits: Float32Array): void {
    if (this.probs.length !== logits.length) this.probs = new Float64Array(logits.length);
    const probs = softmaxInto(this.probs, logits);
    let top = 0;
    for (const p of probs) if (p > top) top = p;
    const threshold = this.minP * top;
    for (let i = 0; i < logits.length; i++) if (probs[i] < threshold) logits[i] = Number.NEGATIVE_INFINITY;
  }
}

/**
 * Top-p, nucleus sampling (Holtzman et al. 2019): keep the smallest set of most likely tokens whose
 * probabilities add up to at least p. Hugging Face's formulation (`TopPLogitsWarper`), reproduced
 * exactly: sort ascending, accumulate probabilities, drop every token whose cumulative sum is
 * ≤ 1 − p; the most likely token always stays.
 *
 * Example, p = 0.8, probabilities [0.1, 0.2, 0.3, 0.4] (ids 0..3): ascending cumulative sums are
 * 0.1 (id 0), 0.3 (id 1), 0.6, 1.0; those ≤ 0.2 go, so id 0 is dropped, ids 1, 2, 3 (0.9) survive.
 */
import { argmax, softmaxInto } from "../distribution.ts";
import type { LogitsProcessor } from "../logits-processor.ts";

export class TopPProcessor implements LogitsProcessor {
  readonly name = "top_p" as const;

  constructor(readonly p: number) {}

  /** softmax's output, reused token after token (a vocabulary's worth of f64 each time otherwise). */
  private probs = new Float64Array(0);

  process(logits: Float32Array): void {
    const n = logits.length;
    if (this.probs.length !== n) this.probs = new Float64Array(n);
    const probs = softmaxInto(this.probs, logits);
    const best = argmax(logits);
    // Sorting a 150k vocabulary every token is slow, and nearly all of it is dropped anyway. A token
    // with probability below (1 − p)/(n − 1) is always dropped: all such tokens together hold less
    // than 1 − p and come first in ascending order (the same prefilter as llama2.c's run.c).
    // So drop them at once and sort only the rest.
    const cutoff = (1 - this.p) / (n - 1);
    let cumulative = 0;
    const candidates: number[] = [];
    for (let i = 0; i < n; i++) {
      if (probs[i] < cutoff && i !== best) {
        cumulative += probs[i];
        logits[i] = Number.NEGATIVE_INFINITY;
      } else candidates.push(i);
    }
    candidates.sort((a, b) => (logits[a] < logits[b] ? -1 : logits[a] > logits[b] ? 1 : a - b)); // ascending
    // the last (most likely) token is never removed: min_tokens_to_keep = 1
    for (let r = 0; r < candidates.length - 1; r++) {
      cumulative += probs[candidates[r]];
      if (cumulative <= 1 - this.p) logits[candidates[r]] = Number.NEGATIVE_INFINITY;
      else break;
    }
  }
}

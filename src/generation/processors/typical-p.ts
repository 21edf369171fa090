/**
 * Locally typical sampling (Meister et al. 2022), as Hugging Face's `TypicalLogitsWarper`: prefer the
 * tokens whose surprise −log p is closest to the distribution's entropy H = −Σ p log p, keeping the
 * closest ones until their probabilities reach the mass `typical_p`.
 *
 * Steps: distance_i = |−log p_i − H|; sort by distance ascending; cumulative probability in that
 * order; the cut is at the first position whose cumulative sum reaches the mass; every token with
 * a distance larger than the distance there is removed (ties stay). The closest token always stays.
 */
import { logSoftmax, sortedIndices } from "../distribution.ts";
import type { LogitsProcessor } from "../logits-processor.ts";

export class TypicalPProcessor implements LogitsProcessor {
  readonly name = "typical_p" as const;

  constructor(readonly mass: number) {}

  process(logits: Float32Array): void {
    const n = logits.length;
    const logp = logSoftmax(logits);
    let entropy = 0;
    for (let i = 0; i < n; i++)
      if (logp[i] > Number.NEGATIVE_INFINITY) entropy -= Math.exp(logp[i]) * logp[i];
    const distance = new Float64Array(n);
    for (let i = 0; i < n; i++) distance[i] = Math.abs(-logp[i] - entropy);
    const order = sortedIndices(distance, false);
    // last_ind = how many sorted tokens have cumulative probability < mass (clamped to n − 1)
    let cumulative = 0;
    let lastInd = 0;
    for (const i of order) {
      cumulative += Math.exp(logp[i]);
      if (cumulative < this.mass) lastInd++;
      else break;
    }
    lastInd = Math.min(lastInd, n - 1);
    const cutoff = distance[order[lastInd]];
    for (let r = 1; r < n; r++) {
      const i = order[r];
      if (distance[i] > cutoff) logits[i] = Number.NEGATIVE_INFINITY;
    }
  }
}

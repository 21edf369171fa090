/**
 * Picking the next token from (processed) scores.
 *
 * - greedy: the argmax — deterministic, what `temperature 0` means.
 * - multinomial: draw from softmax(scores) with one uniform coin u in [0, 1): walk the
 *   cumulative distribution and take the first token whose running sum exceeds u.
 *   Example, probabilities [0.2, 0.5, 0.3]: u = 0.1 → id 0; u = 0.6 → id 1 (0.2 + 0.5 = 0.7 > 0.6); u = 0.95 → id 2.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { argmax, softmaxInto } from "./distribution.ts";
import type { Rng } from "./rng.ts";

export function greedySample(logits: ArrayLike<number>): number {
  return argmax(logits);
}

/** Index of the first cumulative probability that exceeds `coin`; tokens with probability 0 are never chosen. */
export function sampleFromProbabilities(probs: ArrayLike<number>, coin: number): number {
  let cdf = 0;
  let lastPossible = -1;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i] <= 0) continue;
    cdf += probs[i];
    lastPossible = i;
    if (coin < cdf) return i;
  }
  // rounding left the total a hair below the coin: the last possible token is the answer
  if (lastPossible < 0) throw new TongguanError(t("generation.samplers.samplingEveryTokenWas"));
  return lastPossible;
}

/** `probs`: where softmax goes (logits.length long; a sampler's own buffer, so a token allocates nothing); a fresh array by default. */
export function multinomialSample(
  logits: ArrayLike<number>,
  rng: Rng,
  probs = new Float64Array(logits.length),
): number {
  return sampleFromProbabilities(softmaxInto(probs, logits), rng.nextFloat());
}

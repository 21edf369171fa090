/**
 * Exercise: top-p (nucleus) filtering (Holtzman et al. 2019).
 *
 * Keep the smallest set of most likely tokens whose probabilities add up to at least p; set every
 * other token's probability to 0 and renormalise the kept ones to sum to 1. Equal probabilities:
 * the lower id counts as more likely. The most likely token is always kept.
 *
 *   topP([0.1, 0.2, 0.3, 0.4], 0.6) → [0, 0, 3/7, 4/7]       (0.4 + 0.3 = 0.7 ≥ 0.6)
 *
 * Fill in the function, then: npm run exercise -- top-p
 */
export function topP(probs: number[], p: number): number[] {
  throw new Error("not implemented");
}

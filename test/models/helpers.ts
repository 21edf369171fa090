/** Shared bits of the model tests: log-softmax of one row, top-k ids, a greedy loop like run.c's. */
import type { CausalLMSession } from "../../src/models/types.ts";

/** logsumexp of row; logprob(i) = row[i] − lse. */
export function logSumExp(row: Float32Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  let z = 0;
  for (let i = 0; i < row.length; i++) z += Math.exp(row[i] - max);
  return max + Math.log(z);
}

/** Ids of the k largest values, largest first (lower id first on ties). */
export function topIds(row: Float32Array, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < row.length; i++) {
    if (best.length === k && row[i] <= row[best[k - 1]]) continue;
    let j = best.length < k ? best.length : k - 1;
    best[j] = i;
    while (j > 0 && row[best[j - 1]] < row[i]) {
      best[j] = best[j - 1];
      best[j - 1] = i;
      j--;
    }
  }
  return best;
}

export function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/**
 * run.c's greedy generation: feed the prompt, then the argmax, until `steps` positions are done or a
 * BOS (id 1) is sampled. Returns the sampled ids (without the final BOS) and each step's top logit.
 */
export function greedyLikeRunC(session: CausalLMSession, prompt: number[], steps: number) {
  const generated: number[] = [];
  const topLogits: number[] = [];
  let logits = session.forward(prompt);
  // run.c samples at positions prompt.length − 1 … steps − 1: steps − prompt.length + 1 tokens.
  for (let pos = prompt.length - 1; pos < steps; pos++) {
    const next = argmax(logits);
    topLogits.push(logits[next]);
    if (next === 1) return { generated, topLogits, stop: "bos" };
    generated.push(next);
    if (pos + 1 < steps) logits = session.forward([next]);
  }
  return { generated, topLogits, stop: "steps" };
}

/** log-softmax of logits, in float64. */
export function logSoftmax(x: ArrayLike<number>): Float64Array {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]);
  let z = 0;
  for (let i = 0; i < x.length; i++) z += Math.exp(x[i] - m);
  const lz = m + Math.log(z);
  return Float64Array.from(x, (v) => v - lz);
}

/**
 * The sampling pipeline, stage by stage, for `run --show-probs` and the lab's sampling page.
 *
 * At each step the model's scores pass through the processors in their order (Hugging Face's:
 * penalties → temperature → top-k → top-p → min-p → typical-p), then a token is picked. After each
 * stage the distribution is softmax(scores): a processor that removes a token sets its score to −∞,
 * so its probability becomes 0 and the others grow to fill the gap.
 *
 *   raw          softmax(logits)                            the model's own distribution
 *   temperature  softmax(logits / T)                        flatter (T > 1) or sharper (T < 1)
 *   top_k        the k best stay, the rest −∞               "removed: 49 990 tokens"
 *   top_p        the smallest set with mass ≥ p stays
 *   pick         the token drawn from the last distribution
 *
 * The numbers are the processors' own output (the generation loop reports its scores through a
 * GenerationObserver), so what the learner sees is what the sampler used.
 */
import type { GenerationObserver } from "../generation/observer.ts";

export interface TokenProbability {
  id: number;
  /** Probability after this stage. */
  p: number;
}

export interface SamplingStage {
  /** "raw", then the processor's name ("repetition_penalty", "temperature", "top_k", "top_p", "min_p", …). */
  name: string;
  /** The most likely tokens after this stage, best first. */
  top: TokenProbability[];
  /** Tokens this stage removed (probability 0 now, not before), best first, at most `maxRemoved`. */
  removed: number[];
  /** How many tokens this stage removed in all. */
  removedCount: number;
  /** How many tokens still have a probability above 0. */
  kept: number;
}

export interface SamplingStep {
  stages: SamplingStage[];
  /** The picked token. */
  pick: number;
  /** Its probability after the last stage (what it was drawn with). */
  pickProbability: number;
}

/** softmax(scores) in float64, −∞ giving 0. */
export function probabilities(scores: Float32Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) if (s > max) max = s;
  const p = new Float64Array(scores.length);
  if (max === Number.NEGATIVE_INFINITY) return p;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const e = scores[i] === Number.NEGATIVE_INFINITY ? 0 : Math.exp(scores[i] - max);
    p[i] = e;
    sum += e;
  }
  for (let i = 0; i < p.length; i++) p[i] /= sum;
  return p;
}

/** Indices of the k largest values, largest first (ties: lower index first). */
function bestIndices(values: Float64Array, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (out.length < k) {
      out.push(i);
      out.sort((a, b) => values[b] - values[a] || a - b);
    } else if (values[i] > values[out[k - 1]]) {
      out[k - 1] = i;
      out.sort((a, b) => values[b] - values[a] || a - b);
    }
  }
  return out;
}

/**
 * An observer that records every step's stages. Hand `observer` to generate()'s options, read
 * `steps` afterwards (or in `onStep`, as each token is picked).
 */
export function recordSampling(
  options: { top?: number; maxRemoved?: number; onStep?: (step: SamplingStep) => void } = {},
): { observer: GenerationObserver; steps: SamplingStep[] } {
  const top = options.top ?? 10;
  const maxRemoved = options.maxRemoved ?? 10;
  const steps: SamplingStep[] = [];
  let stages: SamplingStage[] = [];
  let before: Float64Array | undefined;
  let last: Float64Array | undefined;
  const observer: GenerationObserver = {
    stage(name, scores) {
      const p = probabilities(scores);
      const removedAll: number[] = [];
      if (before) for (let i = 0; i < p.length; i++) if (p[i] === 0 && before[i] > 0) removedAll.push(i);
      const was = before;
      if (was) removedAll.sort((a, b) => was[b] - was[a] || a - b);
      let kept = 0;
      for (const x of p) if (x > 0) kept++;
      stages.push({
        name,
        top: bestIndices(p, top).map((id) => ({ id, p: p[id] })),
        removed: removedAll.slice(0, maxRemoved),
        removedCount: removedAll.length,
        kept,
      });
      before = p;
      last = p;
    },
    pick(id) {
      const step = { stages, pick: id, pickProbability: last ? last[id] : 1 };
      steps.push(step);
      options.onStep?.(step);
      stages = [];
      before = undefined;
      last = undefined;
    },
  };
  return { observer, steps };
}

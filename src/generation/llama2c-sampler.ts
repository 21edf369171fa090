/**
 * llama2.c's sampler (`run.c`: `sample`, `sample_mult`, `sample_topp`), reproduced operation by
 * operation in float32 so that, with the same seed, a sampled run picks the same tokens as `run.c`.
 *
 *   temperature 0            → argmax (lowest id on a tie)
 *   otherwise                → logits / temperature, softmax (float32, max subtracted),
 *                              one coin = random_f32() per sampled token, then
 *   topp ≤ 0 or topp ≥ 1     → sample_mult: first index whose running CDF exceeds the coin
 *   0 < topp < 1             → sample_topp: keep tokens with prob ≥ (1 − topp)/(n − 1) (a cheap
 *                              prefilter that shortens the sort: tokens below it can never be in
 *                              the nucleus, since even n − 1 of them carry less than 1 − topp),
 *                              sort by descending prob, cut after the first index where the
 *                              cumulative sum exceeds topp, and pick the first whose running sum
 *                              exceeds coin × (that cumulative sum).
 *
 * Note `run.c` applies temperature and top-p on its own, not as HF-style processors, so this sampler
 * does not combine with top-k, min-p or penalties.
 */
import { argmax } from "./distribution.ts";
import { XorShift64Star } from "./rng.ts";

const f32 = Math.fround;

export class Llama2cSampler {
  private readonly rng: XorShift64Star;
  private readonly temperature: number;
  private readonly topp: number;

  /** `temperature` and `topp` are float32 in run.c; `seed` seeds xorshift64* (must be non-zero). */
  constructor(options: { temperature: number; topp: number; seed: number | bigint }) {
    this.temperature = f32(options.temperature);
    this.topp = f32(options.topp);
    this.rng = new XorShift64Star(options.seed);
  }

  /** The probabilities, reused token after token (a vocabulary-sized array each time otherwise). */
  private probs = new Float32Array(0);

  sample(logits: Float32Array): number {
    if (this.temperature === 0) return argmax(logits);
    const n = logits.length;
    if (this.probs.length !== n) this.probs = new Float32Array(n);
    const probs = this.probs;
    for (let i = 0; i < n; i++) probs[i] = f32(logits[i] / this.temperature);
    softmaxF32(probs);
    const coin = this.rng.nextFloat();
    if (this.topp <= 0 || this.topp >= 1) return sampleMult(probs, coin);
    return sampleTopp(probs, this.topp, coin);
  }
}

/** `run.c`'s softmax, in place, every step rounded to float32 like the C code. */
export function softmaxF32(x: Float32Array): void {
  let max = x[0];
  for (let i = 1; i < x.length; i++) if (x[i] > max) max = x[i];
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    x[i] = f32(Math.exp(f32(x[i] - max)));
    sum = f32(sum + x[i]);
  }
  for (let i = 0; i < x.length; i++) x[i] = f32(x[i] / sum);
}

/** `sample_mult`: the first index whose running float32 CDF exceeds the coin (the last index if none). */
export function sampleMult(probs: Float32Array, coin: number): number {
  let cdf = 0;
  for (let i = 0; i < probs.length; i++) {
    cdf = f32(cdf + probs[i]);
    if (coin < cdf) return i;
  }
  return probs.length - 1;
}

/** `sample_topp`, see the file comment. Equal probabilities keep index order (C's qsort leaves it unspecified). */
export function sampleTopp(probs: Float32Array, topp: number, coin: number): number {
  const n = probs.length;
  const cutoff = f32(f32(1 - topp) / (n - 1));
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (probs[i] >= cutoff) kept.push(i);
  kept.sort((a, b) => (probs[b] > probs[a] ? 1 : probs[b] < probs[a] ? -1 : a - b));
  let cumulative = 0;
  let last = kept.length - 1;
  for (let r = 0; r < kept.length; r++) {
    cumulative = f32(cumulative + probs[kept[r]]);
    if (cumulative > topp) {
      last = r;
      break;
    }
  }
  const target = f32(coin * cumulative);
  let cdf = 0;
  for (let r = 0; r <= last; r++) {
    cdf = f32(cdf + probs[kept[r]]);
    if (target < cdf) return kept[r];
  }
  return kept[last];
}

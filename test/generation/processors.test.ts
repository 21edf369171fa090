// Each logits processor on small hand-made distributions. Expected survivors and probabilities are
// worked out by hand in the comments.
import assert from "node:assert/strict";
import { test } from "node:test";
import { kthLargest, softmax, softmaxInto } from "../../src/generation/distribution.ts";
import { MinPProcessor } from "../../src/generation/processors/min-p.ts";
import { NoRepeatNgramProcessor } from "../../src/generation/processors/no-repeat-ngram.ts";
import { PresenceFrequencyPenaltyProcessor } from "../../src/generation/processors/presence-frequency-penalty.ts";
import { RepetitionPenaltyProcessor } from "../../src/generation/processors/repetition-penalty.ts";
import { TemperatureProcessor } from "../../src/generation/processors/temperature.ts";
import { TopKProcessor } from "../../src/generation/processors/top-k.ts";
import { TopPProcessor } from "../../src/generation/processors/top-p.ts";
import { TypicalPProcessor } from "../../src/generation/processors/typical-p.ts";
import { Pcg32 } from "../../src/generation/rng.ts";

const NEG = Number.NEGATIVE_INFINITY;
const ctx = (tokens: number[], promptLength = tokens.length) => ({ tokens, promptLength });
/** Scores whose softmax is exactly `probs` (log p; softmax of log-probabilities gives them back). */
const fromProbs = (probs: number[]) => Float32Array.from(probs, (p) => Math.log(p));
const survivors = (l: Float32Array) => [...l].flatMap((x, i) => (x === NEG ? [] : [i]));
function assertClose(actual: ArrayLike<number>, expected: number[], tol = 1e-6) {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `[${i}]: ${actual[i]} vs ${expected[i]}`);
}

test("repetition penalty divides positive and multiplies negative scores of seen tokens, prompt included", () => {
  // scores [2, -1, 0.5, 3, -2]; seen tokens 0 (prompt), 1, 1 (twice: penalised once), 4
  // penalty 2: id0 2 → 1; id1 -1 → -2; id4 -2 → -4; ids 2, 3 unseen, unchanged
  const l = Float32Array.from([2, -1, 0.5, 3, -2]);
  new RepetitionPenaltyProcessor(2).process(l, ctx([0, 1, 1, 4], 1));
  assertClose(l, [1, -2, 0.5, 3, -4]);
  // probabilities after: softmax([1, -2, 0.5, 3, -4]): e^1=2.71828, e^-2=0.135335, e^0.5=1.648721,
  // e^3=20.085537, e^-4=0.018316 → sum 24.606190 → id3 ≈ 0.816283
  assert.ok(Math.abs(softmax(l)[3] - 20.085537 / 24.60619) < 1e-6);
});

test("repetition penalty below 1 encourages repeats", () => {
  const l = Float32Array.from([2, -1, 0.5, 3]);
  new RepetitionPenaltyProcessor(0.5).process(l, ctx([0, 1]));
  // 2 / 0.5 = 4; -1 * 0.5 = -0.5
  assertClose(l, [4, -0.5, 0.5, 3]);
});

test("presence and frequency penalties subtract count·freq + presence, over generated tokens only", () => {
  // prompt [3] (does not count), generated [2, 2, 0]; presence 0.5, frequency 0.25
  // id2: count 2 → −(0.5 + 0.5) = −1: 1 → 0; id0: count 1 → −0.75: 1 → 0.25; ids 1, 3 unchanged
  const l = Float32Array.from([1, 1, 1, 1]);
  new PresenceFrequencyPenaltyProcessor(0.5, 0.25).process(l, ctx([3, 2, 2, 0], 1));
  assertClose(l, [0.25, 1, 0, 1]);
});

test("no-repeat n-gram bans the token that would complete an earlier n-gram", () => {
  // n=3, tokens [1, 2, 3, 1, 2]: last two [1, 2]; earlier trigram [1, 2, 3] → ban 3
  const l = Float32Array.from([0, 0, 0, 0, 0]);
  new NoRepeatNgramProcessor(3).process(l, ctx([1, 2, 3, 1, 2]));
  assert.deepEqual(survivors(l), [0, 1, 2, 4]);
  // n=2 on [4, 0, 4, 1, 4]: bigrams starting with 4 are [4,0] and [4,1] → ban 0 and 1
  const m = Float32Array.from([0, 0, 0, 0, 0]);
  new NoRepeatNgramProcessor(2).process(m, ctx([4, 0, 4, 1, 4]));
  assert.deepEqual(survivors(m), [2, 3, 4]);
  // too short to contain any n-gram: nothing banned
  const s = Float32Array.from([0, 0, 0]);
  new NoRepeatNgramProcessor(3).process(s, ctx([1, 2]));
  assert.deepEqual(survivors(s), [0, 1, 2]);
});

test("temperature divides the scores", () => {
  // [2, 1, 0] at T=0.5 → [4, 2, 0]; softmax: e^4=54.59815, e^2=7.389056, 1 → sum 62.98721
  // → [0.866813, 0.117310, 0.015876]
  const l = Float32Array.from([2, 1, 0]);
  new TemperatureProcessor(0.5).process(l);
  assertClose(l, [4, 2, 0]);
  assertClose(softmax(l), [0.866813, 0.11731, 0.015876], 1e-6);
});

test("top-k keeps the k best, and ties with the k-th", () => {
  const l = Float32Array.from([1, 3, 2, 0.5, 2.5]);
  new TopKProcessor(2).process(l);
  assert.deepEqual(survivors(l), [1, 4]);
  // survivors renormalised: softmax([3, 2.5]) = [1/(1+e^-0.5), …] = [0.622459, 0.377541]
  const p = softmax(l);
  assertClose([p[1], p[4]], [0.622459, 0.377541]);
  // a tie with the k-th score survives: [1, 3, 2, 3], k=1 → both 3s stay
  const t = Float32Array.from([1, 3, 2, 3]);
  new TopKProcessor(1).process(t);
  assert.deepEqual(survivors(t), [1, 3]);
});

test("kthLargest is the k-th of a full descending sort (duplicates, NaN, ±0, −∞), and top-k drops as a sort would", () => {
  const r = new Pcg32(9);
  const pool = [NEG, -0, 0, 1, 1, 2.5, Number.NaN, -3, Number.POSITIVE_INFINITY];
  for (let trial = 0; trial < 300; trial++) {
    const n = 1 + Math.floor(r.nextFloat() * 40);
    const v = Float32Array.from({ length: n }, () =>
      r.nextFloat() < 0.4
        ? pool[Math.floor(r.nextFloat() * pool.length)]
        : Math.round(r.nextFloat() * 20) - 10,
    );
    const sorted = Float32Array.from(v).sort().reverse(); // the definition: NaN first, then descending
    for (let k = 1; k <= n; k++) {
      const got = kthLargest(v, k, new Float64Array(k));
      const want = sorted[k - 1];
      assert.ok(
        Object.is(got, want) || (got === want && got === 0),
        `k=${k} of [${[...v]}]: ${got} vs ${want}`,
      );
      const kept = Float32Array.from(v);
      new TopKProcessor(k).process(kept);
      const byDefinition = Float32Array.from(v, (x) => (x < want ? NEG : x));
      assert.deepEqual([...kept], [...byDefinition], `top-k ${k} of [${[...v]}]`);
    }
  }
});

test("softmaxInto writes softmax into a reused buffer: the same numbers, removed (−∞) tokens exactly 0", () => {
  const r = new Pcg32(10);
  const probs = new Float64Array(50);
  for (let trial = 0; trial < 50; trial++) {
    const l = Float32Array.from({ length: 50 }, () => (r.nextFloat() < 0.5 ? NEG : r.nextFloat() * 20 - 10));
    // the plain formula: exp(x − max) for every score, in f64, each divided by the sum
    let max = NEG;
    for (const x of l) if (x > max) max = x;
    const e = [...l].map((x) => Math.exp(x - max));
    const sum = e.reduce((a, b) => a + b, 0);
    assert.deepEqual([...softmaxInto(probs, l)], max === NEG ? new Array(50).fill(0) : e.map((x) => x / sum));
    for (let i = 0; i < 50; i++) if (l[i] === NEG) assert.equal(probs[i], 0);
  }
  assert.deepEqual([...softmaxInto(probs, new Float32Array(50).fill(NEG))], new Array(50).fill(0));
});

test("top-p keeps the smallest set reaching p (HF: drop cumulative ≤ 1 − p, ascending)", () => {
  // probs [0.1, 0.2, 0.3, 0.4], p = 0.8: ascending cumsums 0.1, 0.3, 0.6, 1.0; ≤ 0.2 → only id 0 goes
  // survivors 1, 2, 3 renormalised: [0.2, 0.3, 0.4] / 0.9 = [0.222222, 0.333333, 0.444444]
  const l = fromProbs([0.1, 0.2, 0.3, 0.4]);
  new TopPProcessor(0.8).process(l);
  assert.deepEqual(survivors(l), [1, 2, 3]);
  const p = softmax(l);
  assertClose([p[1], p[2], p[3]], [0.222222, 0.333333, 0.444444]);
  // p = 0.35: cumsums ≤ 0.65 are 0.1, 0.3, 0.6 → only id 3 (0.4 ≥ 0.35) stays
  const m = fromProbs([0.1, 0.2, 0.3, 0.4]);
  new TopPProcessor(0.35).process(m);
  assert.deepEqual(survivors(m), [3]);
  // a tiny p still keeps the best token
  const s = fromProbs([0.25, 0.25, 0.5]);
  new TopPProcessor(0.01).process(s);
  assert.deepEqual(survivors(s), [2]);
});

test("top-p drops exactly what sorting the candidates by (score, id) with a comparator drops (ties, −0, flat and peaked)", () => {
  // The comparator-sort formulation the processor follows (HF's, with run.c's prefilter).
  const reference = (l: Float32Array, p: number) => {
    const n = l.length;
    const probs = softmax(l);
    let best = 0;
    for (let i = 1; i < n; i++) if (l[i] > l[best]) best = i;
    const cutoff = (1 - p) / (n - 1);
    let cumulative = 0;
    const candidates: number[] = [];
    for (let i = 0; i < n; i++) {
      if (probs[i] < cutoff && i !== best) {
        cumulative += probs[i];
        l[i] = NEG;
      } else candidates.push(i);
    }
    candidates.sort((a, b) => (l[a] < l[b] ? -1 : l[a] > l[b] ? 1 : a - b));
    for (let r = 0; r < candidates.length - 1; r++) {
      cumulative += probs[candidates[r]];
      if (cumulative <= 1 - p) l[candidates[r]] = NEG;
      else break;
    }
  };
  const r = new Pcg32(11);
  for (let trial = 0; trial < 200; trial++) {
    const n = trial < 190 ? 2 + Math.floor(r.nextFloat() * 60) : 50000;
    const spread = [0.5, 2, 8][trial % 3];
    const l = Float32Array.from({ length: n }, () => {
      const u = r.nextFloat();
      if (u < 0.1) return -0;
      if (u < 0.2) return 0;
      return Math.round((r.nextFloat() * 2 - 1) * spread * 4) / 4; // coarse: many ties
    });
    for (const p of [0.1, 0.5, 0.9, 0.99]) {
      const want = Float32Array.from(l);
      reference(want, p);
      const got = Float32Array.from(l);
      new TopPProcessor(p).process(got);
      assert.deepEqual(survivors(got), survivors(want), `n=${n} spread=${spread} p=${p}`);
    }
  }
});

test("min-p keeps tokens with probability ≥ min_p × the top probability", () => {
  // probs [0.05, 0.5, 0.3, 0.15]; min_p 0.5 → threshold 0.25 → ids 1 (0.5) and 2 (0.3)
  // renormalised: 0.5/0.8 = 0.625, 0.3/0.8 = 0.375
  const l = fromProbs([0.05, 0.5, 0.3, 0.15]);
  new MinPProcessor(0.5).process(l);
  assert.deepEqual(survivors(l), [1, 2]);
  const p = softmax(l);
  assertClose([p[1], p[2]], [0.625, 0.375]);
  // min_p 0.08 → threshold 0.04 → all four stay
  const m = fromProbs([0.05, 0.5, 0.3, 0.15]);
  new MinPProcessor(0.08).process(m);
  assert.deepEqual(survivors(m), [0, 1, 2, 3]);
});

test("typical-p keeps the tokens whose surprise is closest to the entropy", () => {
  // probs [0.4, 0.3, 0.2, 0.1]: −log p = [0.916291, 1.203973, 1.609438, 2.302585]
  // H = Σ p·(−log p) = 0.366516 + 0.361192 + 0.321888 + 0.230259 = 1.279854
  // distances |−log p − H| = [0.363563, 0.075881, 0.329584, 1.022731]
  // by distance: id1 (0.3), id2 (0.2), id0 (0.4), id3 (0.1); cumsums 0.3, 0.5, 0.9, 1.0
  // mass 0.5: count of cumsums < 0.5 is 1 (0.5 is not < 0.5) → cut at rank 1 (id2, distance 0.329584)
  // → keep ids 1, 2; renormalised [0.6, 0.4]
  const l = fromProbs([0.4, 0.3, 0.2, 0.1]);
  new TypicalPProcessor(0.5).process(l);
  assert.deepEqual(survivors(l), [1, 2]);
  const p = softmax(l);
  assertClose([p[1], p[2]], [0.6, 0.4]);
  // mass 0.95: cumsums < 0.95 → 0.3, 0.5, 0.9 → cut at rank 3 → all four stay
  const m = fromProbs([0.4, 0.3, 0.2, 0.1]);
  new TypicalPProcessor(0.95).process(m);
  assert.deepEqual(survivors(m), [0, 1, 2, 3]);
  // mass 0.2 → no cumsum < 0.2 → rank 0: only id 1, the most typical (not the most likely!) stays
  const s = fromProbs([0.4, 0.3, 0.2, 0.1]);
  new TypicalPProcessor(0.2).process(s);
  assert.deepEqual(survivors(s), [1]);
});

test("top-p's prefilter changes nothing: same survivors as the plain HF algorithm on random distributions", () => {
  // the plain algorithm: sort everything ascending, drop while the cumulative sum ≤ 1 − p
  const plain = (l: Float32Array, p: number) => {
    const probs = softmax(l);
    const order = [...l.keys()].sort((a, b) => l[a] - l[b] || a - b);
    let c = 0;
    const out = Float32Array.from(l);
    for (let r = 0; r < order.length - 1; r++) {
      c += probs[order[r]];
      if (c <= 1 - p) out[order[r]] = NEG;
      else break;
    }
    return survivors(out);
  };
  const rng = new Pcg32(1);
  const rand = () => rng.nextFloat();
  for (let trial = 0; trial < 200; trial++) {
    const n = 2 + (trial % 40);
    const l = Float32Array.from({ length: n }, () => (rand() - 0.5) * 10);
    const p = [0.01, 0.3, 0.5, 0.9, 0.99][trial % 5];
    const mine = Float32Array.from(l);
    new TopPProcessor(p).process(mine);
    assert.deepEqual(survivors(mine), plain(l, p), `trial ${trial}`);
  }
});

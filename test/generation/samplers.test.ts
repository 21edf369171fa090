import assert from "node:assert/strict";
import { test } from "node:test";
import { sampleMult, sampleTopp, softmaxF32 } from "../../src/generation/llama2c-sampler.ts";
import { Pcg32 } from "../../src/generation/rng.ts";
import { greedySample, multinomialSample, sampleFromProbabilities } from "../../src/generation/samplers.ts";
import { createTokenSampler } from "../../src/generation/token-sampler.ts";

test("greedy picks the argmax, the lowest id on a tie", () => {
  assert.equal(greedySample([0.1, 2, -1, 2]), 1);
  assert.equal(greedySample([-3, -2, -5]), 1);
});

test("multinomial walks the CDF: first token whose running sum exceeds the coin", () => {
  // probs [0.2, 0.5, 0.3]: cdf 0.2, 0.7, 1.0
  assert.equal(sampleFromProbabilities([0.2, 0.5, 0.3], 0.1), 0);
  assert.equal(sampleFromProbabilities([0.2, 0.5, 0.3], 0.6), 1);
  assert.equal(sampleFromProbabilities([0.2, 0.5, 0.3], 0.95), 2);
  // a filtered token (probability 0) is never chosen, even by a coin at the very end
  assert.equal(sampleFromProbabilities([0.5, 0.5, 0], 0.9999999999), 1);
});

test("multinomial frequencies follow the probabilities", () => {
  // logits log([0.1, 0.6, 0.3]) → counts ≈ 0.1n, 0.6n, 0.3n (n = 6000; binomial sd ≤ 38)
  const logits = Float32Array.from([0.1, 0.6, 0.3], Math.log);
  const rng = new Pcg32(1234);
  const counts = [0, 0, 0];
  for (let i = 0; i < 6000; i++) counts[multinomialSample(logits, rng)]++;
  assert.ok(Math.abs(counts[0] - 600) < 150, `${counts}`);
  assert.ok(Math.abs(counts[1] - 3600) < 150, `${counts}`);
  assert.ok(Math.abs(counts[2] - 1800) < 150, `${counts}`);
});

test("a seeded sampler repeats itself; greedy draws no seed", () => {
  const logits = Float32Array.from([1, 1.2, 0.8, 1.1, 0.9]);
  const ctx = { tokens: [0], promptLength: 1 };
  const a = createTokenSampler({ temperature: 1, seed: 99 });
  const b = createTokenSampler({ temperature: 1, seed: 99 });
  const sa = Array.from({ length: 30 }, () => a.sample(logits, ctx));
  const sb = Array.from({ length: 30 }, () => b.sample(logits, ctx));
  assert.deepEqual(sa, sb);
  assert.ok(new Set(sa).size > 1, "a flat distribution sampled 30 times gives several tokens");
  const g = createTokenSampler({ temperature: 0 });
  assert.equal(g.seed, undefined);
  assert.equal(g.sample(logits, ctx), 1);
});

test("the processor order is visible and configurable", () => {
  const hf = createTokenSampler({ temperature: 0.7, topK: 3, topP: 0.9, repetitionPenalty: 1.1, seed: 1 });
  assert.deepEqual(
    hf.processors.map((p) => p.name),
    ["repetition_penalty", "temperature", "top_k", "top_p"],
  );
  const custom = createTokenSampler({
    temperature: 0.7,
    topK: 3,
    minP: 0.1,
    seed: 1,
    processorOrder: ["min_p", "top_k", "temperature"],
  });
  assert.deepEqual(
    custom.processors.map((p) => p.name),
    ["min_p", "top_k", "temperature"],
  );
  // greedy: the warpers cannot change the argmax and are left out; penalties stay
  const greedy = createTokenSampler({ temperature: 0, topK: 3, repetitionPenalty: 1.3 });
  assert.deepEqual(
    greedy.processors.map((p) => p.name),
    ["repetition_penalty"],
  );
});

test("order matters: min-p before temperature keeps fewer tokens than after", () => {
  // probs [0.6, 0.3, 0.1]; min_p 0.3 → threshold 0.18 → ids 0, 1 survive.
  // Temperature 3 first flattens them: p ∝ p^(1/3) = [0.8434, 0.6694, 0.4642] / 1.977 = [0.4266, 0.3386, 0.2348];
  // threshold 0.3 · 0.4266 = 0.128 → all three survive.
  const logits = Float32Array.from([0.6, 0.3, 0.1], Math.log);
  const ctx = { tokens: [0], promptLength: 1 };
  const count = (order: ("min_p" | "temperature")[]) => {
    const s = createTokenSampler({ temperature: 3, minP: 0.3, seed: 5, processorOrder: order });
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) seen.add(s.sample(logits, ctx));
    return [...seen].sort();
  };
  assert.deepEqual(count(["min_p", "temperature"]), [0, 1]);
  assert.deepEqual(count(["temperature", "min_p"]), [0, 1, 2]);
});

test("run.c's sample_mult and sample_topp on a hand-made distribution", () => {
  // probs [0.1, 0.4, 0.2, 0.3] (float32)
  const probs = Float32Array.from([0.1, 0.4, 0.2, 0.3]);
  // sample_mult: cdf 0.1, 0.5, 0.7, 1.0
  assert.equal(sampleMult(probs, 0.05), 0);
  assert.equal(sampleMult(probs, 0.69), 2);
  assert.equal(sampleMult(probs, 0.71), 3);
  // sample_topp, topp 0.6: cutoff (1-0.6)/3 = 0.1333 drops id 0; sorted 0.4 (id1), 0.3 (id3), 0.2 (id2);
  // cumulative 0.4, 0.7 > 0.6 → nucleus {1, 3}, cumsum 0.7; coin 0.5 → r = 0.35 < 0.4 → id 1;
  // coin 0.6 → r = 0.42 ≥ 0.4, < 0.7 → id 3; coin 0.99 → r = 0.693 → id 3 (never id 2 or 0)
  assert.equal(sampleTopp(probs, Math.fround(0.6), 0.5), 1);
  assert.equal(sampleTopp(probs, Math.fround(0.6), 0.6), 3);
  assert.equal(sampleTopp(probs, Math.fround(0.6), 0.99), 3);
  // softmaxF32 of log-probabilities gives the probabilities back (to float32 precision)
  const x = Float32Array.from([0.1, 0.4, 0.2, 0.3], Math.log);
  softmaxF32(x);
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(x[i] - probs[i]) < 1e-6);
});

test("the llama2.c sampler is deterministic per seed and greedy at temperature 0", () => {
  const logits = Float32Array.from([1, 1.2, 0.8, 1.1, 0.9]);
  const ctx = { tokens: [0], promptLength: 1 };
  const a = createTokenSampler({ llama2cRng: true, temperature: 1, topP: 0.9, seed: 133742 });
  const b = createTokenSampler({ llama2cRng: true, temperature: 1, topP: 0.9, seed: 133742 });
  const sa = Array.from({ length: 20 }, () => a.sample(logits, ctx));
  assert.deepEqual(
    sa,
    Array.from({ length: 20 }, () => b.sample(logits, ctx)),
  );
  assert.equal(createTokenSampler({ llama2cRng: true, temperature: 0 }).sample(logits, ctx), 1);
});

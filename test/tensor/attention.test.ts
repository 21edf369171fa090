import assert from "node:assert/strict";
import { test } from "node:test";
import { scaledDotProductAttention } from "../../src/tensor/attention.ts";
import { maxAbsDiff, randomArray } from "../helpers/random.ts";

/** The obvious reference: materialise the score matrix of each head, mask with −∞, softmax, weight V. */
function naiveAttention(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  n: number,
  kvLen: number,
  heads: number,
  kvHeads: number,
  hd: number,
  qStart: number,
  causal: boolean,
  keyMask?: Uint8Array,
): { out: Float32Array; probs: Float32Array } {
  const out = new Float32Array(n * heads * hd);
  const probs = new Float32Array(heads * n * kvLen);
  for (let h = 0; h < heads; h++) {
    const g = Math.floor((h * kvHeads) / heads);
    for (let r = 0; r < n; r++) {
      const s: number[] = [];
      for (let j = 0; j < kvLen; j++) {
        let dot = 0;
        for (let d = 0; d < hd; d++) dot += q[(r * heads + h) * hd + d] * k[(j * kvHeads + g) * hd + d];
        const hidden = (causal && j > qStart + r) || (keyMask !== undefined && keyMask[j] === 0);
        s.push(hidden ? Number.NEGATIVE_INFINITY : dot / Math.sqrt(hd));
      }
      const m = Math.max(...s);
      const e = s.map((x) => Math.exp(x - m));
      const z = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j < kvLen; j++) {
        probs[(h * n + r) * kvLen + j] = e[j] / z;
        for (let d = 0; d < hd; d++)
          out[(r * heads + h) * hd + d] += (e[j] / z) * v[(j * kvHeads + g) * hd + d];
      }
    }
  }
  return { out, probs };
}

for (const [label, heads, kvHeads] of [
  ["multi-head", 4, 4],
  ["grouped-query", 4, 2],
  ["multi-query", 4, 1],
] as const) {
  test(`attention (${label}): causal with a cache offset and padding equals the naive reference`, () => {
    const hd = 8;
    const n = 3;
    const qStart = 4;
    const kvLen = qStart + n;
    const q = randomArray(n * heads * hd, 1, 2);
    const k = randomArray(kvLen * kvHeads * hd, 2, 2);
    const v = randomArray(kvLen * kvHeads * hd, 3);
    for (const causal of [true, false]) {
      for (const keyMask of [undefined, Uint8Array.from([1, 0, 1, 1, 1, 1, 0])]) {
        const out = new Float32Array(n * heads * hd);
        const probs = new Float32Array(heads * n * kvLen);
        scaledDotProductAttention(out, q, k, v, n, kvLen, {
          heads,
          kvHeads,
          headDim: hd,
          qStart,
          causal,
          keyMask,
          scores: new Float32Array(kvLen),
          probs,
        });
        const want = naiveAttention(q, k, v, n, kvLen, heads, kvHeads, hd, qStart, causal, keyMask);
        assert.ok(maxAbsDiff(out, want.out) < 1e-5, `out, causal=${causal} mask=${!!keyMask}`);
        assert.ok(maxAbsDiff(probs, want.probs) < 1e-6, `probs, causal=${causal} mask=${!!keyMask}`);
      }
    }
  });
}

test("attention: one query over one key returns that key's value", () => {
  const out = new Float32Array(2);
  scaledDotProductAttention(
    out,
    Float32Array.from([5, -1]),
    Float32Array.from([0.3, 2]),
    Float32Array.from([7, 8]),
    1,
    1,
    {
      heads: 1,
      kvHeads: 1,
      headDim: 2,
      qStart: 0,
      causal: true,
      scores: new Float32Array(1),
    },
  );
  assert.deepEqual([...out], [7, 8]);
});

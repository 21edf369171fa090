import assert from "node:assert/strict";
import { test } from "node:test";
import { Rope, ropeFrequencies, ropeRef } from "../../src/nn/rope.ts";
import { maxAbsDiff, randomArray } from "../helpers/random.ts";

const headDim = 8;
const heads = 3;
const n = 5;

test("rope: worked example, d = 2, position 1 → (cos 1, sin 1)", () => {
  const x = Float32Array.from([1, 0]);
  new Rope({ headDim: 2, theta: 10000, layout: "neox" }).apply(x, 1, 1, 1);
  assert.ok(maxAbsDiff(x, [Math.cos(1), Math.sin(1)]) < 1e-7);
});

test("rope: both layouts equal the reference ropeRef", () => {
  for (const layout of ["interleaved", "neox"] as const) {
    const x = randomArray(n * heads * headDim, 7);
    const want = x.slice();
    new Rope({ headDim, theta: 10000, layout }).apply(x, n, heads, 3);
    ropeRef(want, n, heads, 3, { headDim, theta: 10000, layout });
    assert.ok(maxAbsDiff(x, want) < 1e-6, layout);
  }
});

test("rope: interleaved equals neox on permuted entries (the GGUF Q/K permutation)", () => {
  // Entry 2i of the interleaved layout is entry i of the neox one, entry 2i+1 is entry i + d/2.
  const perm = (i: number) => (i % 2 === 0 ? i / 2 : (i - 1) / 2 + headDim / 2);
  const a = randomArray(n * heads * headDim, 11);
  const b = new Float32Array(a.length);
  for (let row = 0; row < n * heads; row++)
    for (let i = 0; i < headDim; i++) b[row * headDim + perm(i)] = a[row * headDim + i];
  new Rope({ headDim, theta: 500000, layout: "interleaved" }).apply(a, n, heads, 9);
  new Rope({ headDim, theta: 500000, layout: "neox" }).apply(b, n, heads, 9);
  for (let row = 0; row < n * heads; row++)
    for (let i = 0; i < headDim; i++)
      assert.ok(Math.abs(b[row * headDim + perm(i)] - a[row * headDim + i]) < 1e-6);
});

test("rope: q·k depends only on the distance between positions", () => {
  const r = new Rope({ headDim, theta: 10000, layout: "neox" });
  const dot = (pq: number, pk: number) => {
    const q = randomArray(headDim, 1);
    const k = randomArray(headDim, 2);
    r.apply(q, 1, 1, pq);
    r.apply(k, 1, 1, pk);
    return q.reduce((s, v, i) => s + v * k[i], 0);
  };
  assert.ok(Math.abs(dot(7, 3) - dot(104, 100)) < 1e-5);
  assert.ok(Math.abs(dot(7, 3) - dot(7, 4)) > 1e-3);
});

test("rope: llama3 scaling keeps high frequencies, divides low ones by the factor", () => {
  const plain = ropeFrequencies(64, 500000);
  const scaled = ropeFrequencies(64, 500000, {
    factor: 8,
    lowFreqFactor: 1,
    highFreqFactor: 4,
    originalMaxPositionEmbeddings: 8192,
  });
  assert.equal(scaled[0], plain[0]);
  assert.ok(Math.abs(scaled[31] - plain[31] / 8) < 1e-15);
});

test("rope: freqFactors (GGUF rope_freqs) divide θᵢ pair by pair", () => {
  const r = new Rope({ headDim: 4, theta: 10000, layout: "neox", freqFactors: Float32Array.from([1, 8]) });
  const plain = ropeFrequencies(4, 10000);
  assert.equal(r.freqs[0], plain[0]);
  assert.ok(Math.abs(r.freqs[1] - plain[1] / 8) < 1e-18);
  assert.throws(
    () => new Rope({ headDim: 4, theta: 1, layout: "neox", freqFactors: new Float32Array(3) }),
    /rope_freqs has 3/,
  );
});

const f = (...v: number[]) => Float32Array.from(v);
function closeTo(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-6, what = "") {
  assert.ok(maxAbsDiff(a, b) < tol, what);
}

test("ropeRef: interleaved rotates adjacent pairs, neox rotates halves", () => {
  // One head of 4 dims at position 1, base 10000: θ_0 = 1, θ_1 = 10000^(−1/2) = 0.01
  const x = f(1, 0, 1, 0);
  ropeRef(x, 1, 1, 1, { headDim: 4, theta: 10000, layout: "interleaved" });
  closeTo(x, [Math.cos(1), Math.sin(1), Math.cos(0.01), Math.sin(0.01)], 1e-6, "interleaved");
  const y = f(1, 1, 0, 0); // pairs (y0, y2) and (y1, y3)
  ropeRef(y, 1, 1, 1, { headDim: 4, theta: 10000, layout: "neox" });
  closeTo(y, [Math.cos(1), Math.cos(0.01), Math.sin(1), Math.sin(0.01)], 1e-6, "neox");
  const z = f(1, 2, 3, 4);
  ropeRef(z, 1, 1, 0, { headDim: 4, theta: 10000, layout: "neox" }); // position 0: unchanged
  closeTo(z, [1, 2, 3, 4]);
  // Two tokens, two heads, explicit positions [0, 2]: token 1's heads both rotate by θ = 2
  const w = f(1, 0, 1, 0, 1, 0, 0, 1);
  ropeRef(w, 2, 2, [0, 2], { headDim: 2, theta: 10000, layout: "interleaved" });
  closeTo(w, [1, 0, 1, 0, Math.cos(2), Math.sin(2), -Math.sin(2), Math.cos(2)], 1e-6, "positions");
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseAnalogy } from "../../src/cli/commands/vectors.ts";
import { KeyedVectors } from "../../src/embeddings/keyed-vectors.ts";
import { pca } from "../../src/embeddings/pca.ts";
import { matVec } from "../../src/embeddings/scores.ts";
import { topK } from "../../src/embeddings/top-k.ts";
import { TongguanError } from "../../src/errors.ts";
import { rng } from "../helpers/random.ts";

/** n random words × dim, with their original (unnormalised) values kept for the reference. */
function randomVectors(n: number, dim: number, seed = 1) {
  const rand = rng(seed);
  const words = Array.from({ length: n }, (_, i) => `w${i}`);
  const raw = Array.from({ length: n }, () => Array.from({ length: dim }, () => Math.fround(rand() * 2 - 1)));
  const kv = new KeyedVectors({ words, dim, vectors: Float32Array.from(raw.flat()) });
  return { words, raw, kv };
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const unit = (a: number[]) => {
  const n = Math.sqrt(dot(a, a));
  return a.map((x) => x / n);
};
const cos = (a: number[], b: number[]) => dot(unit(a), unit(b));

describe("KeyedVectors against a plain re-derivation of gensim's formulas", () => {
  const { words, raw, kv } = randomVectors(500, 16, 42);

  test("vectors are stored unit-length, lengths kept apart, originals recoverable", () => {
    for (const i of [0, 17, 499]) {
      const u = kv.unit.subarray(i * 16, (i + 1) * 16);
      assert.ok(Math.abs(dot(Array.from(u), Array.from(u)) - 1) < 1e-6);
      assert.ok(Math.abs(kv.norms[i] - Math.sqrt(dot(raw[i], raw[i]))) < 1e-5);
      Array.from(kv.vector(words[i])).forEach((x, d) => {
        assert.ok(Math.abs(x - raw[i][d]) < 1e-6);
      });
    }
    assert.ok(Math.abs(kv.similarity("w1", "w2") - cos(raw[1], raw[2])) < 1e-6);
  });

  test("mostSimilar = 3CosAdd: cosine to the mean of ±unit vectors, input words excluded", () => {
    const positive = ["w3", "w10"];
    const negative = ["w7"];
    const mean = unit(raw[3]).map((x, d) => x + unit(raw[10])[d] - unit(raw[7])[d]);
    const reference = words
      .map((w, i) => [w, cos(raw[i], mean)] as [string, number])
      .filter(([w]) => !positive.includes(w) && !negative.includes(w))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8);
    const got = kv.mostSimilar({ positive, negative, topn: 8 });
    assert.deepEqual(
      got.map(([w]) => w),
      reference.map(([w]) => w),
    );
    got.forEach(([, s], i) => {
      assert.ok(Math.abs(s - reference[i][1]) < 1e-5);
    });
    assert.ok(!got.some(([w]) => ["w3", "w10", "w7"].includes(w)));
  });

  test("mostSimilarCosmul = 3CosMul with (1 + cos) / 2 and ε = 1e-6", () => {
    const score = (i: number) =>
      (((1 + cos(raw[i], raw[3])) / 2) * ((1 + cos(raw[i], raw[10])) / 2)) /
      ((1 + cos(raw[i], raw[7])) / 2 + 1e-6);
    const reference = words
      .map((w, i) => [w, score(i)] as [string, number])
      .filter(([w]) => !["w3", "w10", "w7"].includes(w))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5);
    const got = kv.mostSimilarCosmul({ positive: ["w3", "w10"], negative: ["w7"], topn: 5 });
    assert.deepEqual(
      got.map(([w]) => w),
      reference.map(([w]) => w),
    );
    got.forEach(([, s], i) => {
      assert.ok(Math.abs(s - reference[i][1]) < 1e-5);
    });
  });

  test("restrictVocab searches only the first N words", () => {
    const got = kv.mostSimilar({ positive: ["w1"], topn: 5, restrictVocab: 50 });
    assert.equal(got.length, 5);
    for (const [w] of got) assert.ok(Number(w.slice(1)) < 50, w);
  });

  test("unknown words and empty queries are TongguanErrors naming the problem", () => {
    assert.throws(
      () => kv.neighbors("nope"),
      (e: unknown) => e instanceof TongguanError && /"nope"/.test(e.message),
    );
    assert.throws(() => kv.mostSimilar({}), TongguanError);
  });
});

describe("doesntMatch and project on vectors built by hand", () => {
  // Three words along x, one along y.
  const kv = new KeyedVectors({
    words: ["breakfast", "lunch", "dinner", "cereal", "zero"],
    dim: 3,
    vectors: Float32Array.from([1, 0.1, 0, 1, 0, 0.1, 0.9, 0.1, 0.1, 0.1, 1, 0, 0, 0, 0]),
  });

  test("doesntMatch picks the word farthest from the mean", () => {
    assert.equal(kv.doesntMatch(["breakfast", "cereal", "dinner", "lunch"]), "cereal");
  });

  test("project: words lying in a plane keep their pairwise distances in 2-D", () => {
    const words = ["breakfast", "lunch", "dinner", "cereal"];
    const planar = new KeyedVectors({
      words,
      dim: 3,
      vectors: Float32Array.from([1, 2, 3, 2, 2, 3, 1, 5, 3, 4, 4, 3]), // z = 3 for all: a plane
    });
    const { points, explainedVarianceRatio } = planar.project(words, 2);
    const dist = (a: number[], b: number[]) => Math.hypot(...a.map((x, i) => x - b[i]));
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const want = dist(Array.from(planar.vector(words[i])), Array.from(planar.vector(words[j])));
        assert.ok(Math.abs(dist(points[i], points[j]) - want) < 1e-4, `${i} ${j}`);
      }
    }
    assert.ok(Math.abs(explainedVarianceRatio[0] + explainedVarianceRatio[1] - 1) < 1e-6);
    assert.throws(() => planar.project(["lunch"]), TongguanError);
  });

  test("an all-zero vector does not turn into NaN", () => {
    assert.equal(kv.similarity("zero", "lunch"), 0);
  });
});

describe("top-k selection and the matrix-vector product", () => {
  test("topK equals a full sort, with exclusions", () => {
    const rand = rng(9);
    const scores = Float32Array.from({ length: 10000 }, () => rand());
    const exclude = new Set([0, 5, 77]);
    const full = Array.from(scores, (s, i) => [i, s] as [number, number])
      .filter(([i]) => !exclude.has(i))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25);
    assert.deepEqual(topK(scores, 25, exclude), full);
    assert.deepEqual(topK(scores, 0), []);
    assert.equal(topK(Float32Array.from([1, 2]), 5).length, 2);
  });

  test("matVec (4 rows at a time plus the tail) equals row-by-row dots", () => {
    const rand = rng(3);
    const rows = 11;
    const dim = 7;
    const m = Float32Array.from({ length: rows * dim }, () => rand() - 0.5);
    const q = Float32Array.from({ length: dim }, () => rand() - 0.5);
    const out = new Float32Array(rows);
    matVec(out, m, rows, dim, q);
    for (let r = 0; r < rows; r++) {
      const want = dot(Array.from(m.subarray(r * dim, (r + 1) * dim)), Array.from(q));
      assert.ok(Math.abs(out[r] - want) < 1e-6);
    }
  });
});

describe("PCA by power iteration", () => {
  test("finds the directions of a stretched cloud, in order, with their variance shares", () => {
    // Points spread 10× along (1, 1, 0)/√2, 3× along z, little along (1, −1, 0)/√2.
    const rand = rng(5);
    const m = 400;
    const rows = new Float32Array(m * 3);
    for (let i = 0; i < m; i++) {
      const a = (rand() - 0.5) * 10;
      const b = (rand() - 0.5) * 3;
      const c = (rand() - 0.5) * 0.1;
      rows.set([a / Math.SQRT2 + c / Math.SQRT2, a / Math.SQRT2 - c / Math.SQRT2, b], i * 3);
    }
    const { components, explainedVarianceRatio, points } = pca(rows, m, 3, 2);
    assert.ok(Math.abs(Math.abs(components[0]) - Math.SQRT1_2) < 0.01);
    assert.ok(Math.abs(Math.abs(components[1]) - Math.SQRT1_2) < 0.01);
    assert.ok(Math.abs(Math.abs(components[5]) - 1) < 0.01);
    assert.ok(explainedVarianceRatio[0] > 0.85 && explainedVarianceRatio[1] > 0.05);
    assert.ok(explainedVarianceRatio[0] + explainedVarianceRatio[1] > 0.999);
    assert.equal(points.length, m * 2);
  });
});

describe("the CLI's analogy expressions", () => {
  test("signs bind to the next word; a word without a sign is positive", () => {
    assert.deepEqual(parseAnalogy(["king", "-", "man", "+", "woman"]), {
      positive: ["king", "woman"],
      negative: ["man"],
    });
    assert.deepEqual(parseAnalogy(["paris - france + italy"]), {
      positive: ["paris", "italy"],
      negative: ["france"],
    });
    assert.deepEqual(parseAnalogy(["-", "a", "b"]), { positive: ["b"], negative: ["a"] });
  });
});

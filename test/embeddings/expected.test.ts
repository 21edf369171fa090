// Acceptance: the same answers as gensim 4.2 (../shared/fixtures/word-vectors/expected.json) on the
// binary, GloVe-text and word2vec-text files: same top-5 words in the same order, scores within 1e-4.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { KeyedVectors, type Scored } from "../../src/embeddings/keyed-vectors.ts";
import { loadKeyedVectors } from "../../src/embeddings/load.ts";
import { readWord2VecBinary } from "../../src/formats/word2vec.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const skip = fixturesMissing("word-vectors/expected.json");
const TOL = 1e-4;

interface Expected {
  analogies: Array<{ positive: string[]; negative: string[]; top5: Scored[]; top5_4k?: Scored[] }>;
  similarities: Array<{ a: string; b: string; cosine: number }>;
  neighbors: Array<{ word: string; top5: Scored[]; top5_4k?: Scored[] }>;
  meta: { oov_examples: Record<string, boolean> };
}

function assertTop5(got: Scored[], want: Scored[], what: string) {
  assert.deepEqual(
    got.map(([w]) => w),
    want.map(([w]) => w),
    `${what}: words`,
  );
  got.forEach(([w, s], i) => {
    assert.ok(Math.abs(s - want[i][1]) <= TOL, `${what}: ${w} ${s} vs ${want[i][1]}`);
  });
}

describe("gensim 4.2 oracle (expected.json)", { skip }, () => {
  const expected = skip
    ? undefined
    : (JSON.parse(readFileSync(fixture("word-vectors", "expected.json"), "utf8")) as Expected);
  const load = (() => {
    const cache = new Map<string, KeyedVectors>();
    return (name: string) => {
      if (!cache.has(name)) cache.set(name, loadKeyedVectors(fixture("word-vectors", name)));
      return cache.get(name)!;
    };
  })();

  test("10k word2vec binary: analogies, neighbours, similarities", () => {
    const kv = load("glove-6B-100d-top10k.bin");
    assert.equal(kv.count, 10000);
    for (const a of expected!.analogies) {
      const got = kv.mostSimilar({ positive: a.positive, negative: a.negative, topn: 5 });
      assertTop5(got, a.top5, `${a.positive} - ${a.negative}`);
    }
    for (const n of expected!.neighbors)
      assertTop5(kv.neighbors(n.word, 5), n.top5, `neighbours of ${n.word}`);
    for (const s of expected!.similarities) {
      const got = kv.similarity(s.a, s.b);
      assert.ok(Math.abs(got - s.cosine) <= TOL, `cos(${s.a}, ${s.b}) = ${got}, expected ${s.cosine}`);
    }
    for (const [word, present] of Object.entries(expected!.meta.oov_examples))
      assert.equal(kv.has(word), present, word);
  });

  test("4k GloVe text (no header): analogies and neighbours on its own vocabulary", () => {
    const kv = load("glove-6B-100d-top4k.txt");
    assert.equal(kv.count, 4000);
    let checked = 0;
    for (const a of expected!.analogies) {
      if (!a.top5_4k) continue;
      assertTop5(
        kv.mostSimilar({ positive: a.positive, negative: a.negative, topn: 5 }),
        a.top5_4k,
        `4k ${a.positive}`,
      );
      checked++;
    }
    for (const n of expected!.neighbors) {
      if (!n.top5_4k) continue;
      assertTop5(kv.neighbors(n.word, 5), n.top5_4k, `4k neighbours of ${n.word}`);
      checked++;
    }
    assert.ok(checked >= 20, `only ${checked} 4k cases`);
  });

  test("200-word word2vec text: similarities, and top-5 agreeing with the 10k model restricted to 200 words", () => {
    const kv = load("glove-6B-100d-top200.w2v.txt");
    const big = load("glove-6B-100d-top10k.bin");
    assert.equal(kv.count, 200);
    let checked = 0;
    for (const s of expected!.similarities) {
      if (!kv.has(s.a) || !kv.has(s.b)) continue;
      assert.ok(Math.abs(kv.similarity(s.a, s.b) - s.cosine) <= TOL, `${s.a} ${s.b}`);
      checked++;
    }
    // gensim's restrict_vocab=200 on the 10k model searches the same 200 rows.
    for (const n of expected!.neighbors) {
      if (!kv.has(n.word)) continue;
      assertTop5(
        kv.neighbors(n.word, 5),
        big.mostSimilar({ positive: [n.word], topn: 5, restrictVocab: 200 }),
        n.word,
      );
      checked++;
    }
    assert.ok(checked >= 3, `only ${checked} cases apply to the 200-word file`);
  });

  test("the tensor kernels (wasm matmulT) and the JavaScript loop give the same answers", () => {
    const table = () => readWord2VecBinary(fixture("word-vectors", "glove-6B-100d-top10k.bin"));
    const js = new KeyedVectors(table(), "js", { tensorMemory: false });
    const wasm = new KeyedVectors(table(), "wasm", { tensorMemory: true });
    assert.equal(js.usesTensorKernels, false);
    assert.equal(wasm.usesTensorKernels, true);
    for (const a of expected!.analogies) {
      const q = { positive: a.positive, negative: a.negative, topn: 5 };
      assertTop5(wasm.mostSimilar(q), a.top5, `wasm ${a.positive}`);
      assertTop5(js.mostSimilar(q), a.top5, `js ${a.positive}`);
    }
    assertTop5(
      wasm.mostSimilar({ positive: ["king"], topn: 5, restrictVocab: 300 }),
      js.mostSimilar({ positive: ["king"], topn: 5, restrictVocab: 300 }),
      "restricted",
    );
  });

  test("unknown words raise a clear error naming the word", () => {
    const kv = load("glove-6B-100d-top10k.bin");
    assert.throws(() => kv.mostSimilar({ positive: ["xyzzyx", "king"] }), /unknown word "xyzzyx"/);
    assert.throws(() => kv.similarity("Paris", "france"), /unknown word "Paris"/);
  });
});

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { KeyedVectors } from "../../src/embeddings/keyed-vectors.ts";
import { loadKeyedVectors } from "../../src/embeddings/load.ts";
import { corpusFromFile, corpusFromSentences } from "../../src/embeddings/word2vec/corpus.ts";
import { syntheticCorpus } from "../../src/embeddings/word2vec/synthetic.ts";
import { keepProbabilities, trainWord2Vec, unigramTable } from "../../src/embeddings/word2vec/train.ts";
import { TongguanError } from "../../src/errors.ts";
import { writeWord2VecBinary, writeWord2VecText } from "../../src/formats/word2vec.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-w2v-train-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Share of each topic word's 5 nearest neighbours that belong to its own topic. */
function topicPrecision(kv: KeyedVectors, topicOf: Map<string, number>): number {
  let hits = 0;
  let total = 0;
  for (const [word, topic] of topicOf) {
    for (const [n] of kv.neighbors(word, 5)) {
      total++;
      if (topicOf.get(n) === topic) hits++;
    }
  }
  return hits / total;
}

describe("Word2Vec learns a synthetic language (10 topics × 10 words + 5 fillers)", () => {
  const { sentences, topicOf } = syntheticCorpus({ sentences: 3000, seed: 11 });
  const corpus = corpusFromSentences(sentences, 1);
  // Random chance: 9 same-topic words among 104 others ≈ 0.087.
  const chance = 9 / 104;

  test("untrained (random) vectors are near chance — the baseline", async () => {
    const untrained = await trainWord2Vec(corpus, {
      dim: 32,
      epochs: 1,
      alpha: 1e-12,
      minAlpha: 1e-12,
      threads: 1,
    });
    const p = topicPrecision(new KeyedVectors(untrained.table), topicOf);
    assert.ok(p < 0.3, `random vectors: precision ${p}`);
  });

  for (const kernel of ["wasm", "js"] as const) {
    for (const skipGram of [true, false]) {
      test(`${skipGram ? "skip-gram" : "CBOW"}, ${kernel} kernel, 2 threads: neighbours in the same topic (precision > 0.8 vs chance ${chance.toFixed(3)})`, async () => {
        let reports = 0;
        const result = await trainWord2Vec(
          corpus,
          { dim: 32, epochs: 5, threads: 2, skipGram, seed: 5, kernel },
          () => reports++,
        );
        assert.equal(result.kernel, kernel);
        const p = topicPrecision(new KeyedVectors(result.table), topicOf);
        assert.ok(p > 0.8, `precision ${p}`);
        assert.ok(reports >= 1);
        assert.ok(result.loss > 0 && result.loss < Math.LN2 * 1.5, `loss ${result.loss}`);
        assert.equal(result.table.words.length, 105);
      });
    }
  }

  test("one thread and a seed: the same vectors twice", async () => {
    const a = await trainWord2Vec(corpus, { dim: 8, epochs: 1, threads: 1, seed: 9 });
    const b = await trainWord2Vec(corpus, { dim: 8, epochs: 1, threads: 1, seed: 9 });
    const c = await trainWord2Vec(corpus, { dim: 8, epochs: 1, threads: 1, seed: 10 });
    assert.deepEqual(a.table.vectors, b.table.vectors);
    assert.notDeepEqual(a.table.vectors, c.table.vectors);
  });

  test("trained vectors save in both word2vec formats and load back", async () => {
    const { table } = await trainWord2Vec(corpus, { dim: 16, epochs: 1, threads: 1 });
    writeWord2VecBinary(join(dir, "v.bin"), table);
    writeWord2VecText(join(dir, "v.txt"), table);
    for (const f of ["v.bin", "v.txt"]) {
      const kv = loadKeyedVectors(join(dir, f));
      assert.deepEqual(kv.words, table.words);
      assert.deepEqual(
        kv.toTable().vectors.map((x) => Math.round(x * 1e4)),
        table.vectors.map((x) => Math.round(x * 1e4)),
      );
    }
  });
});

describe("the pieces of word2vec.c", () => {
  test("unigram table: each word's share of slots ∝ count^0.75", () => {
    const counts = Float64Array.from([1000, 100, 10, 1]);
    const table = unigramTable(counts, 1_000_000);
    const z = [...counts].reduce((s, c) => s + c ** 0.75, 0);
    const seen = new Float64Array(4);
    for (const w of table) seen[w]++;
    counts.forEach((c, w) => {
      assert.ok(Math.abs(seen[w] / 1e6 - c ** 0.75 / z) < 1e-4, `word ${w}`);
    });
  });

  test("subsampling keeps word w with probability (sqrt(c/(s·T)) + 1)·(s·T)/c, capped at 1", () => {
    const counts = Float64Array.from([50000, 1000, 10]);
    const keep = keepProbabilities(counts, 100000, 1e-3);
    const t = 1e-3 * 100000;
    assert.ok(Math.abs(keep[0] - (Math.sqrt(50000 / t) + 1) * (t / 50000)) < 1e-6);
    assert.ok(keep[0] < 0.1);
    assert.equal(keep[2], 1);
    assert.deepEqual(Array.from(keepProbabilities(counts, 100000, 0)), [1, 1, 1]);
  });

  test("corpus file: one sentence per line, rare words dropped, vocabulary by count", () => {
    const p = join(dir, "c.txt");
    writeFileSync(p, "a b a c\n\n  b a   rare\n a\n");
    const corpus = corpusFromFile(p, 2);
    assert.deepEqual(corpus.vocab.words, ["a", "b"]);
    assert.deepEqual(Array.from(corpus.vocab.counts), [4, 2]);
    assert.deepEqual(Array.from(corpus.tokens), [0, 1, 0, -1, 1, 0, -1, 0, -1]);
    assert.equal(corpus.wordCount, 6);
    assert.throws(
      () => corpusFromFile(p, 100),
      (e: unknown) => e instanceof TongguanError && /c\.txt/.test(e.message),
    );
  });

  test("bad options are TongguanErrors", async () => {
    const corpus = corpusFromSentences([["a", "b"]], 1);
    await assert.rejects(trainWord2Vec(corpus, { dim: 0 }), TongguanError);
    await assert.rejects(trainWord2Vec(corpus, { threads: 1.5 }), TongguanError);
  });
});

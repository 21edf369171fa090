// `tongguan vectors …` as a child process, as a user runs it.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { syntheticCorpus } from "../../src/embeddings/word2vec/synthetic.ts";
import { runCli } from "../helpers/cli.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-vectors-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));
// A fresh HOME, as a new user's: the default vectors ship with tongguan and need no cache there.
const home = join(dir, "home");
mkdirSync(home);
const userEnv = { HOME: home, XDG_CACHE_HOME: join(home, ".cache") };

const tongguan = (...args: string[]) =>
  runCli(["vectors", ...args], { env: userEnv, unset: ["TONGGUAN_CACHE_DIR"] });

describe("tongguan vectors with the shipped default vectors (GloVe 6B 100d, 30k words)", () => {
  test("analogy king - man + woman → queen first, --json; nothing written under HOME", async () => {
    const r = await tongguan("analogy", "king", "-", "man", "+", "woman", "--top", "5", "--json");
    assert.equal(r.code, 0, r.stderr);
    const { results } = JSON.parse(r.stdout) as { results: Array<[string, number]> };
    assert.equal(results.length, 5);
    assert.equal(results[0][0], "queen");
    assert.ok(results[0][1] > 0.7 && results[0][1] < 0.85, String(results[0][1]));
    assert.ok(!existsSync(join(home, ".cache")), "no cache file written");
  });

  test("analogy written without spaces (king-man+woman) parses as the spaced form", async () => {
    const spaced = await tongguan("analogy", "king - man + woman", "--json");
    const compact = await tongguan("analogy", "king-man+woman", "--json");
    assert.equal(compact.code, 0, compact.stderr);
    assert.equal(compact.stdout, spaced.stdout);
    assert.equal((JSON.parse(compact.stdout) as { results: [string, number][] }).results[0][0], "queen");
  });

  test("--positive/--negative lists and the text table", async () => {
    const r = await tongguan("analogy", "--positive", "paris,italy", "--negative", "france", "--top", "3");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1\. rome\s+0\.\d{4}/);
    assert.equal(r.stdout.trim().split("\n").length, 4);
  });

  test("similarity --json → {cosine}; the fixture's value for king/queen", async () => {
    const r = await tongguan("similarity", "king", "queen", "--json");
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Math.abs((JSON.parse(r.stdout) as { cosine: number }).cosine - 0.750769) < 1e-4);
  });

  test("an unknown word: exit code 1 and a message naming it, no stack trace", async () => {
    const r = await tongguan("neighbors", "xyzzyx");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown word "xyzzyx"/);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  });
});

describe("tongguan vectors --vectors FILE", { skip: fixturesMissing("word-vectors") }, () => {
  test("neighbors on the GloVe text fixture, --json", async () => {
    const r = await tongguan(
      "neighbors",
      "france",
      "--vectors",
      fixture("word-vectors", "glove-6B-100d-top4k.txt"),
      "--top",
      "3",
      "--json",
    );
    assert.equal(r.code, 0, r.stderr);
    const { results } = JSON.parse(r.stdout) as { results: Array<[string, number]> };
    assert.deepEqual(
      results.map(([w]) => w),
      ["belgium", "french", "britain"],
    );
  });

  test("analogy as one quoted expression, and --cosmul (3CosMul)", async () => {
    const vectors = fixture("word-vectors", "glove-6B-100d-top10k.bin");
    const add = await tongguan("analogy", "king - man + woman", "--vectors", vectors, "--json");
    assert.equal(add.code, 0, add.stderr);
    const addResults = (JSON.parse(add.stdout) as { results: Array<[string, number]> }).results;
    assert.equal(addResults[0][0], "queen");
    const mul = await tongguan("analogy", "king - man + woman", "--vectors", vectors, "--cosmul", "--json");
    const mulResults = (JSON.parse(mul.stdout) as { results: Array<[string, number]> }).results;
    assert.equal(mulResults[0][0], "queen");
    // 3CosMul scores are products of (1 + cos) / 2 terms over a quotient: not cosines, and > 0.
    assert.notEqual(mulResults[0][1], addResults[0][1]);
    assert.ok(mulResults[0][1] > 0);
  });

  test("doesnt-match and project", async () => {
    const vectors = fixture("word-vectors", "glove-6B-100d-top10k.bin");
    const d = await tongguan(
      "doesnt-match",
      "monday",
      "tuesday",
      "friday",
      "car",
      "--vectors",
      vectors,
      "--json",
    );
    assert.equal(d.code, 0, d.stderr);
    assert.equal((JSON.parse(d.stdout) as { word: string }).word, "car");
    const p = await tongguan("project", "king", "queen", "man", "woman", "--vectors", vectors, "--json");
    const { points } = JSON.parse(p.stdout) as { points: number[][] };
    assert.equal(points.length, 4);
    assert.equal(points[0].length, 2);
  });

  test("a malformed vectors file: the file and line in the error", async () => {
    const bad = join(dir, "bad.txt");
    writeFileSync(bad, "king 0.1 0.2\nqueen 0.3\n");
    const r = await tongguan("similarity", "king", "queen", "--vectors", bad);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.txt: line 2/);
  });
});

describe("tongguan vectors train", () => {
  test("trains on a corpus file, writes binary vectors whose neighbours are right", async () => {
    const { sentences, topicOf } = syntheticCorpus({ sentences: 2000, seed: 3 });
    const corpus = join(dir, "corpus.txt");
    writeFileSync(corpus, sentences.map((s) => s.join(" ")).join("\n"));
    const out = join(dir, "trained.bin");
    const r = await tongguan(
      "train",
      corpus,
      "--out",
      out,
      "--dim",
      "24",
      "--epochs",
      "5",
      "--threads",
      "2",
      "--min-count",
      "1",
      "--cbow",
      "--json",
    );
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as { words: number; dim: number; kernel: string };
    assert.deepEqual([summary.words, summary.dim, summary.kernel], [105, 24, "wasm"]);
    // .bin means word2vec binary without --binary: after the "105 24" header, raw float32s, not digits
    const bytes = readFileSync(out);
    assert.equal(bytes.subarray(0, 7).toString(), "105 24\n");
    assert.ok(bytes.length > 105 * 24 * 4 && bytes.length < 105 * (24 * 4 + 20), String(bytes.length));
    const n = await tongguan("neighbors", "t4w2", "--vectors", out, "--top", "5", "--json");
    const { results } = JSON.parse(n.stdout) as { results: Array<[string, number]> };
    const sameTopic = results.filter(([w]) => topicOf.get(w) === 4).length;
    assert.ok(sameTopic >= 4, JSON.stringify(results));
  });

  test("a bad option is a clear error", async () => {
    const r = await tongguan("train", "x.txt", "--out", join(dir, "x.bin"), "--kernel", "cuda");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--kernel cuda: expected wasm or js/);
  });

  test("a missing corpus is a clear error", async () => {
    const r = await tongguan("train", join(dir, "nope.txt"), "--out", join(dir, "x.bin"));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nope\.txt: no such file/);
  });
});

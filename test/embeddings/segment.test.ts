// Chinese word segmentation for Word2Vec: Intl.Segmenter, chosen automatically for mostly-CJK text.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { corpusFromFile } from "../../src/embeddings/word2vec/corpus.ts";
import {
  cjkShare,
  isMostlyCjk,
  segmentWords,
  sentencesFromLines,
} from "../../src/embeddings/word2vec/segment.ts";
import { runCli } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-segment-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const CHINESE = ["我爱北京天安门。", "北京是中国的首都，", "国王和王后住在北京。"];

test("segmentWords: dictionary words, punctuation and spaces dropped", () => {
  const words = segmentWords("我爱北京天安门。");
  assert.ok(words.includes("北京"), words.join("/"));
  assert.equal(words.join(""), "我爱北京天安门", "every character but the full stop kept, in order");
  assert.ok(!words.includes("。"));
  assert.deepEqual(segmentWords("hello, world"), ["hello", "world"]);
});

test("cjkShare counts Han and kana among non-space characters", () => {
  assert.equal(cjkShare("我爱 NLP"), 2 / 5);
  assert.equal(cjkShare(""), 0);
  assert.ok(isMostlyCjk(CHINESE.join("\n")));
  assert.ok(!isMostlyCjk("the king and the queen 王"));
});

test("sentencesFromLines: auto segments Chinese, keeps the whitespace split for English", () => {
  const zh = sentencesFromLines(CHINESE);
  assert.equal(zh.segmented, true);
  assert.ok(zh.sentences[0].length > 1 && zh.sentences[0].includes("北京"));
  const en = sentencesFromLines(["the king, and the queen"]);
  assert.equal(en.segmented, false);
  assert.deepEqual(en.sentences, [["the", "king,", "and", "the", "queen"]]);
  assert.equal(sentencesFromLines(CHINESE, "never").sentences[0].length, 1, "one unsplit 'word'");
  assert.equal(sentencesFromLines(["the king"], "always").segmented, true);
});

test("corpusFromFile: auto, always and never on a Chinese file", () => {
  const file = join(dir, "zh.txt");
  writeFileSync(file, `${CHINESE.join("\n")}\n`);
  const auto = corpusFromFile(file, 1);
  assert.equal(auto.segmented, true);
  assert.equal(auto.vocab.words[0], "北京", "北京 occurs three times, more than any other word");
  assert.equal(auto.vocab.counts[0], 3);
  const never = corpusFromFile(file, 1, "never");
  assert.equal(never.segmented, false);
  assert.equal(never.vocab.words.length, CHINESE.length, "each line one 'word'");
});

test("tongguan vectors train on unsegmented Chinese finds its words (and --no-segment does not)", async () => {
  const file = join(dir, "corpus.txt");
  const lines = Array.from({ length: 60 }, (_, i) => CHINESE[i % CHINESE.length]);
  writeFileSync(file, `${lines.join("\n")}\n`);
  const out = join(dir, "zh.txt.vec");
  const args = ["vectors", "train", file, "--out", out, "--dim", "8", "--epochs", "1", "--threads", "1"];
  const r = await runCli([...args, "--min-count", "1", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { words: number; segmented: boolean };
  assert.equal(summary.segmented, true);
  const expected = new Set(CHINESE.flatMap(segmentWords)).size;
  assert.equal(summary.words, expected);
  const n = await runCli(["vectors", "neighbors", "北京", "--vectors", out, "--top", "3", "--json"]);
  assert.equal(n.code, 0, n.stderr);
  const plain = await runCli([...args, "--min-count", "1", "--no-segment", "--json"]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal((JSON.parse(plain.stdout) as { words: number }).words, CHINESE.length);
  const help = await runCli(["vectors", "train", "--help"]);
  assert.match(help.stdout, /--segment/);
  assert.match(help.stdout, /mostly\s+CJK/);
});

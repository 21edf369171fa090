/** The examples of the tokens and word-embedding chapters, on the offline tokenizers and vectors. */
import assert from "node:assert/strict";
import { basename } from "node:path";
import { test } from "node:test";
import { main as chineseCost, TEXT } from "../../examples/chinese-token-cost.ts";
import { main as wordVectors } from "../../examples/word-vectors.ts";
import { loadTiktoken, loadTokenizer } from "../../src/index.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const quiet = () => {};

test("one 汉字 costs more under GPT-2's byte-level BPE than under cl100k and o200k", async () => {
  const r = await chineseCost(quiet);
  assert.equal(r.chars, [...TEXT].length);
  assert.equal(r.bytes, Buffer.byteLength(TEXT, "utf8"));
  for (const row of r.rows) assert.ok(row.roundTrip, `${row.name} decodes back to the text`);
  const by = Object.fromEntries(r.rows.map((x) => [x.name.split(" ")[0], x.tokens]));
  assert.equal(by.gpt2, (await loadTiktoken("gpt2")).encode(TEXT).ids.length);
  assert.ok(by.gpt2 > by.cl100k_base && by.cl100k_base > by.o200k_base, JSON.stringify(by));
});

test("a vocabulary built for Chinese: Qwen2 beats GPT-2's bytes, BERT-Chinese gives each 汉字 one token", {
  skip: fixturesMissing("tokenizers/qwen2") || fixturesMissing("tokenizers/bert-base-chinese"),
}, async () => {
  const folders = [fixture("tokenizers", "qwen2"), fixture("tokenizers", "bert-base-chinese")];
  const r = await chineseCost(quiet, folders);
  const by = Object.fromEntries(r.rows.map((x) => [x.name.split(" ")[0], x]));
  for (const f of folders) {
    const own = (await loadTokenizer(f)).encode(TEXT).ids.length;
    assert.equal(by[basename(f)]!.tokens, own, `${basename(f)}: the example counts what the tokenizer gives`);
  }
  assert.ok(by.qwen2!.roundTrip);
  assert.ok(by.qwen2!.tokens < by.gpt2!.tokens, JSON.stringify(by));
  assert.equal(by["bert-base-chinese"]!.tokens, r.chars, "one WordPiece token per character");
});

test("word vectors: cosine by hand equals the engine's; king − man + woman ≈ queen", () => {
  const { sims, analogy } = wordVectors(quiet);
  for (const s of sims) assert.ok(Math.abs(s.byHand - s.engine) < 1e-5, `${s.a}/${s.b}`);
  const catDog = sims.find((s) => s.b === "dog")!;
  const catCar = sims.find((s) => s.b === "car")!;
  assert.ok(catDog.byHand > catCar.byHand);
  assert.equal(analogy[0][0], "queen");
});

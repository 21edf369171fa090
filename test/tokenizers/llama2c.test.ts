// llama2.c tokenizer.bin / tok512.bin with run.c's exact prompt rules.
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { expectAll, readJsonl } from "./cases-helper.ts";

const skip = fixturesMissing("llama2c");

test("prompt_tokens of expected.jsonl and expected_sampled.jsonl (tok512.bin)", { skip }, async () => {
  const tok = await loadTokenizer(fixture("llama2c/tok512.bin"));
  assert.equal(tok.vocabSize, 512);
  const cases = [
    ...readJsonl(fixture("llama2c/expected.jsonl")),
    ...readJsonl(fixture("llama2c/expected_sampled.jsonl")),
  ].map((c) => ({ ...c, text: c.prompt ?? "" }));
  expectAll(
    "llama2c prompt_tokens",
    cases,
    (c) => c.prompt_tokens,
    (c) => tok.encode(c.text, { addSpecialTokens: true }).ids,
  );
});

test("tokenizer.bin (Llama 2, 32000) matches SentencePiece on the llama2 cases", {
  skip: skip || fixturesMissing("tokenizers/llama2"),
}, async () => {
  const tok = await loadTokenizer(fixture("llama2c/tokenizer.bin"));
  assert.equal(tok.vocabSize, 32000);
  const cases = readJsonl(fixture("tokenizers/llama2/cases.jsonl"));
  expectAll(
    "llama2c tokenizer.bin ids",
    cases,
    (c) => c.ids,
    (c) => tok.encode(c.text).ids,
  );
});

test("decode prints like run.c: byte pieces as bytes, no leading space after BOS", { skip }, async () => {
  const tok = await loadTokenizer(fixture("llama2c/tok512.bin"));
  const ids = tok.encode("Lily and Tom", { addSpecialTokens: true }).ids;
  assert.deepEqual(ids, [1, 317, 269, 274, 287]);
  assert.equal(tok.decode(ids, { skipSpecialTokens: true }), "Lily and Tom");
  // "naïve": ï goes through byte fallback (198, 178 = bytes 0xC3 0xAF + 3) and decodes back.
  const naive = tok.encode("naïve");
  assert.ok(naive.ids.includes(198) && naive.ids.includes(178));
  assert.equal(tok.decode(naive.ids), " naïve");
});

// Llama 2: SentencePiece ids through tokenizer.model (our protobuf reader + scored BPE), and
// Hugging Face's ids (hf_ids, hf_special_ids) through tokenizer.json.
import { before, describe, test } from "node:test";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import type { Tokenizer } from "../../src/tokenizers/types.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { type Case, expectAll, readJsonl } from "./cases-helper.ts";

const skip = fixturesMissing("tokenizers/llama2");

describe("llama2 via tokenizer.model (SentencePiece)", { skip }, () => {
  let tok: Tokenizer;
  let cases: Case[];
  before(async () => {
    tok = await loadTokenizer(fixture("tokenizers/llama2/tokenizer.model"));
    cases = readJsonl(fixture("tokenizers/llama2/cases.jsonl"));
  });
  test("ids", () =>
    expectAll(
      "llama2 model ids",
      cases,
      (c) => c.ids,
      (c) => tok.encode(c.text).ids,
    ));
  test("tokens", () =>
    expectAll(
      "llama2 model tokens",
      cases,
      (c) => c.tokens,
      (c) => tok.encode(c.text).tokens,
    ));
  test("decoded", () =>
    expectAll(
      "llama2 model decoded",
      cases,
      (c) => c.decoded,
      (c) => tok.decode(c.ids),
    ));
  test("decoded_skip_special", () =>
    expectAll(
      "llama2 model decoded_skip_special",
      cases,
      (c) => c.decoded_skip_special,
      (c) => tok.decode(c.ids, { skipSpecialTokens: true }),
    ));
  test("BOS with addSpecialTokens", () =>
    expectAll(
      "llama2 model BOS",
      cases,
      (c) => [1, ...c.ids],
      (c) => tok.encode(c.text, { addSpecialTokens: true }).ids,
    ));
});

describe("llama2 via tokenizer.json (Hugging Face)", { skip }, () => {
  let tok: Tokenizer;
  let cases: Case[];
  before(async () => {
    tok = await loadTokenizer(fixture("tokenizers/llama2"));
    cases = readJsonl(fixture("tokenizers/llama2/cases.jsonl"));
  });
  test("hf_ids", () =>
    expectAll(
      "llama2 json hf_ids",
      cases,
      (c) => c.hf_ids,
      (c) => tok.encode(c.text).ids,
    ));
  test("hf_special_ids", () =>
    expectAll(
      "llama2 json hf_special_ids",
      cases,
      (c) => c.hf_special_ids,
      (c) => tok.encode(c.text, { addSpecialTokens: true }).ids,
    ));
  test("decoded", () =>
    expectAll(
      "llama2 json decoded",
      cases,
      (c) => c.decoded,
      (c) => tok.decode(c.ids),
    ));
  test("decoded_skip_special", () =>
    expectAll(
      "llama2 json decoded_skip_special",
      cases,
      (c) => c.decoded_skip_special,
      (c) => tok.decode(c.ids, { skipSpecialTokens: true }),
    ));
});

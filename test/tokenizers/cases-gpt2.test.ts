// GPT-2 (byte-level BPE): every case of fixtures/tokenizers/gpt2/cases.jsonl, from tokenizer.json
// and from vocab.json + merges.txt (GPT2Tokenizer rules).
import { before, describe, test } from "node:test";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import type { Tokenizer } from "../../src/tokenizers/types.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { type Case, expectAll, readJsonl } from "./cases-helper.ts";

const skip = fixturesMissing("tokenizers/gpt2");

for (const source of ["tokenizer.json", "vocab.json"]) {
  describe(`gpt2 via ${source}`, { skip }, () => {
    let tok: Tokenizer;
    let cases: Case[];
    before(async () => {
      tok = await loadTokenizer(fixture("tokenizers/gpt2", source));
      cases = readJsonl(fixture("tokenizers/gpt2/cases.jsonl"));
    });
    test("ids", () =>
      expectAll(
        `gpt2 ${source} ids`,
        cases,
        (c) => c.ids,
        (c) => tok.encode(c.text).ids,
      ));
    test("tokens", () =>
      expectAll(
        `gpt2 ${source} tokens`,
        cases,
        (c) => c.tokens,
        (c) => tok.encode(c.text).tokens,
      ));
    test("decoded", () =>
      expectAll(
        `gpt2 ${source} decoded`,
        cases,
        (c) => c.decoded,
        (c) => tok.decode(c.ids),
      ));
    test("decoded_skip_special", () =>
      expectAll(
        `gpt2 ${source} decoded_skip_special`,
        cases,
        (c) => c.decoded_skip_special,
        (c) => tok.decode(c.ids, { skipSpecialTokens: true }),
      ));
  });
}

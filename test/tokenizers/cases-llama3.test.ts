// Llama 3 from tokenizer.json (tiktoken-style split, ignore_merges).
import { before, describe, test } from "node:test";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import type { Tokenizer } from "../../src/tokenizers/types.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { type Case, expectAll, readJsonl } from "./cases-helper.ts";

for (const name of ["llama3"]) {
  describe(name, { skip: fixturesMissing(`tokenizers/${name}`) }, () => {
    let tok: Tokenizer;
    let cases: Case[];
    before(async () => {
      tok = await loadTokenizer(fixture("tokenizers", name));
      cases = readJsonl(fixture("tokenizers", name, "cases.jsonl"));
    });
    test("ids", () =>
      expectAll(
        `${name} ids`,
        cases,
        (c) => c.ids,
        (c) => tok.encode(c.text).ids,
      ));
    test("tokens", () =>
      expectAll(
        `${name} tokens`,
        cases,
        (c) => c.tokens,
        (c) => tok.encode(c.text).tokens,
      ));
    test("decoded", () =>
      expectAll(
        `${name} decoded`,
        cases,
        (c) => c.decoded,
        (c) => tok.decode(c.ids),
      ));
    test("decoded_skip_special", () =>
      expectAll(
        `${name} decoded_skip_special`,
        cases,
        (c) => c.decoded_skip_special,
        (c) => tok.decode(c.ids, { skipSpecialTokens: true }),
      ));
  });
}

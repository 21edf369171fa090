// Llama 3 from tokenizer.json (tiktoken-style split, ignore_merges).
import { before, describe } from "node:test";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import type { Tokenizer } from "../../src/tokenizers/types.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { byteLevelCaseTests, type Case, readJsonl } from "./cases-helper.ts";

for (const name of ["llama3"]) {
  describe(name, { skip: fixturesMissing(`tokenizers/${name}`) }, () => {
    let tok: Tokenizer;
    let cases: Case[];
    before(async () => {
      tok = await loadTokenizer(fixture("tokenizers", name));
      cases = readJsonl(fixture("tokenizers", name, "cases.jsonl"));
    });
    byteLevelCaseTests(name, { tok: () => tok, cases: () => cases });
  });
}

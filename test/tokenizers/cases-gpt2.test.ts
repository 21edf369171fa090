// GPT-2 (byte-level BPE): every case of fixtures/tokenizers/gpt2/cases.jsonl, from tokenizer.json
// and from vocab.json + merges.txt (GPT2Tokenizer rules).
import { before, describe } from "node:test";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import type { Tokenizer } from "../../src/tokenizers/types.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { byteLevelCaseTests, type Case, readJsonl } from "./cases-helper.ts";

const skip = fixturesMissing("tokenizers/gpt2");

for (const source of ["tokenizer.json", "vocab.json"]) {
  describe(`gpt2 via ${source}`, { skip }, () => {
    let tok: Tokenizer;
    let cases: Case[];
    before(async () => {
      tok = await loadTokenizer(fixture("tokenizers/gpt2", source));
      cases = readJsonl(fixture("tokenizers/gpt2/cases.jsonl"));
    });
    byteLevelCaseTests(`gpt2 ${source}`, { tok: () => tok, cases: () => cases });
  });
}

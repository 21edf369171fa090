// Qwen 3 from tokenizer.json; Qwen 2 from vocab.json + merges.txt + tokenizer_config.json
// (Qwen2Tokenizer rules), plus the ids of its chat-template cases.
import { before, describe, test } from "node:test";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import type { Tokenizer } from "../../src/tokenizers/types.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { byteLevelCaseTests, type Case, expectAll, readJsonl } from "./cases-helper.ts";

for (const name of ["qwen2", "qwen3"]) {
  describe(name, { skip: fixturesMissing(`tokenizers/${name}`) }, () => {
    let tok: Tokenizer;
    let cases: Case[];
    before(async () => {
      tok = await loadTokenizer(fixture("tokenizers", name));
      cases = readJsonl(fixture("tokenizers", name, "cases.jsonl"));
    });
    byteLevelCaseTests(name, { tok: () => tok, cases: () => cases });
    if (name === "qwen2")
      test("chat_template_cases ids (rendered text → ids)", () =>
        expectAll(
          "qwen2 chat ids",
          readJsonl(fixture("tokenizers/qwen2/chat_template_cases.jsonl")).map((c) => ({
            ...c,
            text: c.rendered,
          })),
          (c) => c.ids,
          (c) => tok.encode(c.text).ids,
        ));
  });
}

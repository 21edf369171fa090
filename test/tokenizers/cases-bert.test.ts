// BERT (WordPiece): bert-base-uncased and bert-base-chinese cases, from tokenizer.json and from vocab.txt.
import { before, describe, test } from "node:test";
import { cleanUpTokenization, loadTokenizer } from "../../src/tokenizers/index.ts";
import type { Tokenizer } from "../../src/tokenizers/types.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { type Case, expectAll, readJsonl } from "./cases-helper.ts";

for (const name of ["bert-base-uncased", "bert-base-chinese"]) {
  for (const source of ["tokenizer.json", "vocab.txt"]) {
    describe(`${name} via ${source}`, { skip: fixturesMissing(`tokenizers/${name}`) }, () => {
      let tok: Tokenizer;
      let cases: Case[];
      const label = `${name} ${source}`;
      before(async () => {
        // vocab.txt is loaded through its folder's rules (tokenizer_config.json's do_lower_case).
        tok = await loadTokenizer(fixture("tokenizers", name, source));
        cases = readJsonl(fixture("tokenizers", name, "cases.jsonl"));
      });
      test("ids", () =>
        expectAll(
          `${label} ids`,
          cases,
          (c) => c.ids,
          (c) => tok.encode(c.text).ids,
        ));
      test("tokens", () =>
        expectAll(
          `${label} tokens`,
          cases,
          (c) => c.tokens,
          (c) => tok.encode(c.text).tokens,
        ));
      test("special_ids ([CLS] … [SEP])", () =>
        expectAll(
          `${label} special_ids`,
          cases,
          (c) => c.special_ids,
          (c) => tok.encode(c.text, { addSpecialTokens: true }).ids,
        ));
      test("decoded", () =>
        expectAll(
          `${label} decoded`,
          cases,
          (c) => c.decoded,
          (c) => tok.decode(c.ids),
        ));
      test("decoded_skip_special", () =>
        expectAll(
          `${label} decoded_skip_special`,
          cases,
          (c) => c.decoded_skip_special,
          (c) => tok.decode(c.ids, { skipSpecialTokens: true }),
        ));
      test("decoded_cleanup (transformers' clean_up_tokenization_spaces)", () =>
        expectAll(
          `${label} decoded_cleanup`,
          cases,
          (c) => c.decoded_cleanup,
          (c) => cleanUpTokenization(tok.decode(c.ids)),
        ));
    });
  }
}

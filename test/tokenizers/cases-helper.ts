/**
 * Shared by the fixture tests: read a cases.jsonl, compare field by field, and fail with a
 * summary (how many passed, the first differences) instead of 364 separate assertions.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { Tokenizer } from "../../src/tokenizers/types.ts";

// biome-ignore lint/suspicious/noExplicitAny: JSON test cases
export type Case = Record<string, any> & { text: string };

export function readJsonl(path: string): Case[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
}

/**
 * Check `actual(c)` against `c[field]` for every case; assert all pass, printing the pass count
 * (so the test log shows e.g. "gpt2 ids: 364/364").
 */
export function expectAll(
  label: string,
  cases: Case[],
  expected: (c: Case) => unknown,
  actual: (c: Case) => unknown,
): void {
  const failures: string[] = [];
  let passed = 0;
  for (const c of cases) {
    const want = expected(c);
    const got = actual(c);
    if (JSON.stringify(got) === JSON.stringify(want)) passed++;
    else if (failures.length < 3)
      failures.push(
        `  text ${JSON.stringify(c.text).slice(0, 80)}\n    got  ${JSON.stringify(got).slice(0, 200)}\n    want ${JSON.stringify(want).slice(0, 200)}`,
      );
  }
  console.log(`# ${label}: ${passed}/${cases.length}`);
  assert.equal(passed, cases.length, `${label}: ${passed}/${cases.length} pass\n${failures.join("\n")}`);
}

/**
 * The four checks every byte-level BPE fixture gets: ids, tokens, decode, decode without specials.
 * Call inside a `describe`; `tok` and `cases` are read after its `before` hook has run.
 */
export function byteLevelCaseTests(
  label: string,
  state: { tok: () => Tokenizer; cases: () => Case[] },
): void {
  const { tok, cases } = state;
  test("ids", () =>
    expectAll(
      `${label} ids`,
      cases(),
      (c) => c.ids,
      (c) => tok().encode(c.text).ids,
    ));
  test("tokens", () =>
    expectAll(
      `${label} tokens`,
      cases(),
      (c) => c.tokens,
      (c) => tok().encode(c.text).tokens,
    ));
  test("decoded", () =>
    expectAll(
      `${label} decoded`,
      cases(),
      (c) => c.decoded,
      (c) => tok().decode(c.ids),
    ));
  test("decoded_skip_special", () =>
    expectAll(
      `${label} decoded_skip_special`,
      cases(),
      (c) => c.decoded_skip_special,
      (c) => tok().decode(c.ids, { skipSpecialTokens: true }),
    ));
}

/**
 * Shared by the fixture tests: read a cases.jsonl, compare field by field, and fail with a
 * summary (how many passed, the first differences) instead of 364 separate assertions.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

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

/**
 * The shared fixtures (`../shared/fixtures`, real data from public projects) are never copied into
 * this repository. Tests find them here and skip, with a message saying why, when they are absent.
 *
 *   test("gpt2 cases", { skip: fixturesMissing("tokenizers/gpt2") }, () => { ... fixture("tokenizers/gpt2/cases.jsonl") ... })
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The fixtures folder: $TONGGUAN_FIXTURES, or ../shared/fixtures beside the repository; undefined if absent. */
export const fixturesDir: string | undefined = (() => {
  const candidates = [process.env.TONGGUAN_FIXTURES, join(repoRoot, "..", "shared", "fixtures")];
  for (const c of candidates) if (c && existsSync(c)) return resolve(c);
  return undefined;
})();

/** Absolute path of a fixture file; throws if the fixtures are absent (guard with `fixturesMissing`). */
export function fixture(...parts: string[]): string {
  if (!fixturesDir) throw new Error("fixtures folder ../shared/fixtures is absent");
  return join(fixturesDir, ...parts);
}

/** `false` when the fixture (sub)path exists, else a skip message for node:test's `{ skip }` option. */
export function fixturesMissing(subpath = ""): false | string {
  if (!fixturesDir)
    return "skipped: ../shared/fixtures is absent (a fresh clone without the shared fixtures)";
  if (!existsSync(join(fixturesDir, subpath)))
    return `skipped: fixture ${subpath} is absent from ${fixturesDir}`;
  return false;
}

export { repoRoot };

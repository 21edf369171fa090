#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's own test runner (TypeScript through tsx).
// `npm test` runs them all; `npm test -- test/tokenizers` runs the files under a folder or matching a path.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

function english(env) {
  const out = { ...env, LANG: "C.UTF-8" };
  delete out.LC_ALL;
  delete out.LC_MESSAGES;
  return out;
}

const filters = process.argv.slice(2);
const files = find("test")
  .map((f) => relative(".", f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.startsWith(x) || f.includes(x)));
if (files.length === 0) {
  console.error(`no test files match ${filters.join(" ")}`);
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
  // English messages whatever the machine's locale: tests match English text unless they ask for Chinese.
  { stdio: "inherit", env: { ...english(process.env), NODE_LLAMA_CPP_SKIP_DOWNLOAD: "true" } },
);
process.exit(r.status ?? 1);

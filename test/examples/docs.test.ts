/**
 * The examples and exercises are where the docs say: every example is listed in both examples
 * READMEs and named in both chapter maps, every exercise in both exercise READMEs, and every lab
 * page the map names is one of the lab's routes.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../helpers/fixtures.ts";

const read = (...p: string[]) => readFileSync(join(repoRoot, ...p), "utf8");
const names = (dir: string) =>
  readdirSync(join(repoRoot, dir))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.slice(0, -3));

test("every example is in examples/README*.md and docs/chapters*.md", () => {
  const examples = names("examples");
  assert.ok(examples.length >= 25, `${examples.length} examples`);
  for (const doc of [
    "examples/README.md",
    "examples/README.zh-CN.md",
    "docs/chapters.md",
    "docs/chapters.zh-CN.md",
  ]) {
    const text = read(doc);
    for (const e of examples) assert.ok(text.includes(`\`${e}\``), `${doc} does not name \`${e}\``);
  }
});

test("every exercise is in exercises/README*.md and has a reference solution", () => {
  const exercises = names("exercises");
  assert.deepEqual(names("exercises/solutions").sort(), [...exercises].sort());
  for (const doc of ["exercises/README.md", "exercises/README.zh-CN.md"]) {
    const text = read(doc);
    for (const e of exercises) assert.ok(text.includes(`\`${e}.ts\``), `${doc} does not name ${e}.ts`);
  }
});

test("the chapter maps name only the lab's pages, and no chapter as not yet in the code", () => {
  const pages = [
    "tokens",
    "embeddings",
    "attention",
    "positions",
    "next-token",
    "generation",
    "model",
    "training",
  ];
  for (const doc of ["docs/chapters.md", "docs/chapters.zh-CN.md"]) {
    const text = read(doc);
    const named = new Set([...text.matchAll(/`#\/([\w-]+)`/g)].map((m) => m[1]));
    assert.deepEqual([...named].sort(), [...pages].sort(), doc);
    assert.ok(!/not yet in the code|尚未实现/i.test(text), doc);
  }
});

test("examples import the public API only: tongguan, node:*, and their own lib/", () => {
  for (const dir of ["examples", "examples/lib"]) {
    for (const name of names(dir)) {
      const text = read(dir, `${name}.ts`);
      for (const [, spec] of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom "([^"]+)"/gm)) {
        const ok =
          spec === "tongguan" || spec.startsWith("node:") || (spec.startsWith("./") && !spec.includes(".."));
        assert.ok(ok, `${dir}/${name}.ts imports "${spec}"`);
      }
    }
  }
});

// `tongguan/browser` stays browser-safe: nothing reachable from src/browser.ts imports a `node:`
// built-in (statically or dynamically), and the index re-exports all of it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../helpers/fixtures.ts";

/** Every module reachable from `entry` through relative imports (type-only imports left out), with its bare imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/g;
  const dynamic = /import\(\s*["'`]([^"'`]+)["'`]\s*\)/g;
  const stack = [resolve(entry)];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (graph.has(file)) continue;
    const src = readFileSync(file, "utf8");
    const bare: string[] = [];
    const specs = [
      ...[...src.matchAll(statement)].filter((m) => !m[2]).map((m) => m[3]),
      ...[...src.matchAll(dynamic)].map((m) => m[1]),
    ];
    for (const spec of specs) {
      if (spec.startsWith(".")) stack.push(resolve(dirname(file), spec));
      else bare.push(spec);
    }
    graph.set(file, bare);
  }
  return graph;
}

test("nothing reachable from the browser entry imports a node: built-in", () => {
  const graph = importGraph(resolve(repoRoot, "src", "browser.ts"));
  assert.ok(graph.size > 20, `the walk found the modules (${graph.size})`);
  // The walk covers the models, the kernels' loader and the worker pool, which run in a browser too.
  for (const f of [
    "models/llama.ts",
    "models/gpt2.ts",
    "tensor/wasm/kernels.ts",
    "tensor/pool.ts",
    "generation/generate.ts",
  ])
    assert.ok(graph.has(resolve(repoRoot, "src", f)), `${f} is reachable from src/browser.ts`);
  const offenders = [...graph]
    .filter(([, bare]) =>
      bare.some((b) => b.startsWith("node:") || ["fs", "path", "os", "worker_threads"].includes(b)),
    )
    .map(([f, bare]) => `${relative(repoRoot, f)}: ${bare.join(", ")}`);
  assert.deepEqual(offenders, []);
  // and the walk does see node: imports where they are (it can fail)
  const node = importGraph(resolve(repoRoot, "src", "index.ts"));
  assert.ok([...node.values()].some((bare) => bare.some((b) => b.startsWith("node:"))));
});

test("the Node entry re-exports every browser export", async () => {
  const browser = await import("../../src/browser.ts");
  const index = await import("../../src/index.ts");
  const missing = Object.keys(browser).filter((k) => !(k in index));
  assert.deepEqual(missing, []);
});

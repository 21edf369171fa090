// The compiled CLI (scripts/build.mjs → dist/) must do exactly what the sources do through tsx:
// the build rewrites imports, copies the wasm kernels and worker scripts, and the code finds its
// assets from either place. This test compiles its own copy (not dist/, which other tests may be
// running) and compares the two on commands that touch each of those.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeTinyLlamaGguf } from "../formats/tiny-models.ts";
import { runCli } from "../helpers/cli.ts";
import { repoRoot } from "../helpers/fixtures.ts";

// Inside the repository (.cache/ is ignored) so that package.json and node_modules are found above it.
const out = join(repoRoot, ".cache", `build-test-${process.pid}`);
const dir = mkdtempSync(join(tmpdir(), "tongguan-build-"));
const model = join(dir, "tiny-q8_0.gguf");

before(() => {
  const r = spawnSync(process.execPath, [join(repoRoot, "scripts", "build.mjs"), "--out", out], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  writeTinyLlamaGguf(model, "q8_0");
});
after(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the same command from the sources (tsx) and from the compiled copy. */
async function both(args: string[]) {
  const source = await runCli(args, { env: { TONGGUAN_FROM_SOURCE: "1" } });
  const compiled = await runCli(args, { script: join(out, "src", "cli", "main.js") });
  return { source, compiled };
}

test("the build writes the kernels, the worker scripts and a stamp beside the compiled code", () => {
  for (const f of [
    "src/tensor/wasm/kernels.wasm",
    "src/tensor/worker.mjs",
    "src/tensor/wasm/attention.wasm",
    "src/tensor/wasm/word2vec.wasm",
    "src/embeddings/word2vec/worker.mjs",
    "src/cli/commands/run.js",
    "build-stamp.json",
  ])
    assert.ok(existsSync(join(out, f)), `${f} is missing from the build`);
  assert.ok(
    !existsSync(join(out, "src/tensor/wasm/assembly/attention.js")),
    "AssemblyScript sources are not compiled by tsc",
  );
});

for (const args of [
  ["tokenize", "--json", "Hello, 世界! tokens"],
  ["vectors", "analogy", "king", "-", "man", "+", "woman", "--json"],
  ["logits", "MODEL", "--ids", "1,5,9,2", "--top", "5", "--json"],
  ["run", "MODEL", "hello", "--max-tokens", "6", "--temperature", "0", "--threads", "2", "--json"],
]) {
  test(`tongguan ${args.join(" ")}: compiled and source print the same`, async () => {
    const { source, compiled } = await both(args.map((a) => (a === "MODEL" ? model : a)));
    assert.equal(source.code, 0, source.stderr);
    assert.equal(compiled.code, 0, compiled.stderr);
    assert.ok(source.stdout.length > 10, source.stdout);
    assert.equal(compiled.stdout, source.stdout);
  });
}

// tongguan as a user installs it: `npm pack`, the tarball installed into an empty project, then a
// plain Node ESM .mjs and a TypeScript consumer (`tsc --noEmit`) that import "tongguan". Deep imports
// outside the package's `exports` are refused.
//
// The install is offline: `npm install --offline` from the npm cache (CI's `npm ci` filled it); where
// the cache lacks a dependency, the tarball is unpacked as npm would and the dependencies are linked
// from this checkout's node_modules.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { writeTinyLlamaGguf } from "../formats/tiny-models.ts";
import { repoRoot } from "../helpers/fixtures.ts";

const tmp = mkdtempSync(join(tmpdir(), "tongguan-pack-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

function run(cmd: string, args: string[], cwd: string, timeout = 300_000) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    timeout,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

const pkg = JSON.parse(
  spawnSync(
    process.execPath,
    ["-e", "process.stdout.write(require('fs').readFileSync('package.json','utf8'))"],
    {
      cwd: repoRoot,
      encoding: "utf8",
    },
  ).stdout,
);

/** The newest modification time under `dir` (as bin/tongguan.js decides whether dist/ is current). */
function newest(dir: string): number {
  let t = statSync(dir).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true }))
    t = Math.max(t, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs);
  return t;
}

/** dist/ built after every change to src/ and to the build script (npm ci's `prepare` made it): reuse it. */
function distIsCurrent(): boolean {
  try {
    const stamp = statSync(join(repoRoot, "dist", "build-stamp.json")).mtimeMs;
    return (
      stamp >= newest(join(repoRoot, "src")) &&
      stamp >= statSync(join(repoRoot, "scripts", "build.mjs")).mtimeMs
    );
  } catch {
    return false;
  }
}

/** The packed tarball, from a staging copy with a current dist/ (the checkout's when it is current, else built here). */
function pack(): string {
  const stage = join(tmp, "stage");
  mkdirSync(stage);
  if (distIsCurrent()) cpSync(join(repoRoot, "dist"), join(stage, "dist"), { recursive: true });
  else {
    const out = join(stage, "dist");
    const build = run(process.execPath, [join(repoRoot, "scripts", "build.mjs"), "--out", out], repoRoot);
    assert.equal(build.status, 0, build.out);
  }
  for (const entry of ["package.json", ...pkg.files.filter((f: string) => f !== "dist/")]) {
    const from = join(repoRoot, entry);
    if (existsSync(from)) cpSync(from, join(stage, entry), { recursive: true });
  }
  const r = run("npm", ["pack", "--ignore-scripts", "--pack-destination", tmp], stage);
  assert.equal(r.status, 0, r.out);
  const tgz = readdirSync(tmp).find((f) => f.endsWith(".tgz"));
  assert.ok(tgz, r.out);
  return join(tmp, tgz);
}

let installedBy = "";

/** An empty project with the tarball installed. */
function install(tarball: string): string {
  const app = join(tmp, "app");
  mkdirSync(app);
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  const r = run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], app);
  installedBy = r.status === 0 ? "npm install --offline" : "unpacked, dependencies linked";
  if (r.status !== 0) {
    // not all dependencies in the npm cache: unpack as npm does and link the dependencies
    rmSync(join(app, "node_modules"), { recursive: true, force: true });
    const target = join(app, "node_modules", "tongguan");
    mkdirSync(target, { recursive: true });
    const t = run("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"], app);
    assert.equal(t.status, 0, t.out);
    for (const dep of Object.keys(pkg.dependencies)) {
      const link = join(app, "node_modules", dep);
      mkdirSync(join(link, ".."), { recursive: true });
      symlinkSync(join(repoRoot, "node_modules", dep), link, "dir");
    }
  }
  // the TypeScript consumer needs Node's types, as any TypeScript project using tongguan does
  mkdirSync(join(app, "node_modules", "@types"), { recursive: true });
  if (!existsSync(join(app, "node_modules", "@types", "node")))
    symlinkSync(
      join(repoRoot, "node_modules", "@types", "node"),
      join(app, "node_modules", "@types", "node"),
      "dir",
    );
  return app;
}

const consumerJs = `
import { loadModel, loadTokenizer, generate, traceAttention, tokenPieces, KeyedVectors, TopKProcessor } from "tongguan";
import { bytesLabel, tokenizerFromJson } from "tongguan/browser";
const model = await loadModel(process.argv[2]);
const tok = await loadTokenizer(process.argv[2]);
const r = await generate(model, tok, "a b", { maxNewTokens: 3, temperature: 0 });
const trace = traceAttention(model, r.promptTokens);
let deep = "allowed";
try { await import("tongguan/dist/src/errors.js"); } catch (e) { deep = e.code; }
console.log(JSON.stringify({
  architecture: model.architecture,
  generated: r.generatedTokens.length,
  layers: trace.layers,
  chips: tokenPieces(tok, r.promptTokens).length,
  label: bytesLabel([0xe9, 0x80]),
  kinds: [typeof KeyedVectors, typeof TopKProcessor, typeof tokenizerFromJson],
  deep,
}));
`;

const consumerTs = `
import { loadModel, generate, traceAttention, type AttentionTrace, type GenerationResult, type Model } from "tongguan";
import { bytesLabel } from "tongguan/browser";
async function main(path: string): Promise<number> {
  const model: Model = await loadModel(path);
  const trace: AttentionTrace = traceAttention(model, [1, 2]);
  const label: string = bytesLabel([0x41]);
  const r: GenerationResult | undefined = undefined;
  void generate; void r; void label;
  return trace.layers;
}
void main;
`;

test("npm pack → install into an empty project → a .mjs and a TypeScript consumer use it", {
  timeout: 600_000,
}, (ctx) => {
  const app = install(pack());
  ctx.diagnostic(`installed by: ${installedBy}`);
  const model = join(tmp, "tiny-llama.gguf");
  writeTinyLlamaGguf(model);
  writeFileSync(join(app, "consumer.mjs"), consumerJs);
  const r = run(process.execPath, ["consumer.mjs", model], app);
  assert.equal(r.status, 0, r.out);
  const out = JSON.parse(r.out.trim().split("\n").pop()!);
  assert.equal(out.architecture, "llama");
  assert.equal(out.generated, 3);
  assert.equal(out.layers, 2);
  assert.equal(out.label, "<e9 80>");
  assert.deepEqual(out.kinds, ["function", "function", "function"]);
  assert.equal(out.deep, "ERR_PACKAGE_PATH_NOT_EXPORTED");

  // one tsc run: consumer.ts must pass, wrong.ts must fail with a type error — the types really
  // resolve (an `any` would let it through)
  writeFileSync(join(app, "consumer.ts"), consumerTs);
  writeFileSync(
    join(app, "wrong.ts"),
    'import type { AttentionTrace } from "tongguan";\nexport const wrong: string = (null as unknown as AttentionTrace).layers;\n',
  );
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2022",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
      },
      files: ["consumer.ts", "wrong.ts"],
    }),
  );
  const tsc = createRequire(join(repoRoot, "package.json")).resolve("typescript/bin/tsc");
  const t = run(process.execPath, [tsc, "-p", "tsconfig.json"], app);
  const errors = t.out.split("\n").filter((l) => /error TS/.test(l));
  assert.equal(errors.length, 1, t.out);
  assert.match(errors[0], /^wrong\.ts\(2,14\): error TS2322/);
});

#!/usr/bin/env node
// Compiles src/ to plain JavaScript in dist/src/ (tsc, relative `.ts` imports rewritten to `.js`) and
// copies the files that are not TypeScript (wasm kernels, worker scripts) beside it.
//
// Why: bin/tongguan.js runs dist/ when it is newer than every file in src/, and src/ through tsx
// otherwise. tsx compiles on a loader thread of its own — about 35 MiB and 0.4 s at every start —
// so the compiled CLI starts ~3× faster and a model run needs that much less memory. Editing src/
// never runs stale code: the CLI falls back to the sources until `npm run build` runs again.
//
//   npm run build              (also run by `npm ci` / `npm install` as the `prepare` script)
//   node scripts/build.mjs --optional   failures only warn (prepare: an install never fails on it)
//   node scripts/build.mjs --out DIR    compile into DIR instead of dist/ (a test builds its own copy)
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const optional = args.includes("--optional");
const outAt = args.indexOf("--out");
if (outAt >= 0 && !args[outAt + 1]) {
  console.error("build: --out needs a folder");
  process.exit(1);
}
const dist = outAt >= 0 ? resolve(args[outAt + 1]) : join(root, "dist");

function fail(message) {
  rmSync(dist, { recursive: true, force: true });
  console.error(`build: ${message}${optional ? " (the CLI runs src/ through tsx instead)" : ""}`);
  process.exit(optional ? 0 : 1);
}

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
} catch {
  fail("typescript is not installed");
}
rmSync(dist, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", dist], {
  stdio: "inherit",
});
if (r.status !== 0) fail(`tsc -p tsconfig.build.json exited with ${r.status}`);

// Everything in src/ that tsc does not emit: compiled kernels (.wasm) and plain-JS worker scripts (.mjs).
let copied = 0;
function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    const from = join(dir, name);
    if (statSync(from).isDirectory()) copyAssets(from);
    else if (name.endsWith(".wasm") || name.endsWith(".mjs")) {
      const to = join(dist, relative(root, from));
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
      copied++;
    }
  }
}
copyAssets(join(root, "src"));

// Type declarations keep the sources' relative `.ts` specifiers (tsc rewrites them in .js only);
// a consumer's TypeScript looks for the `.js`/`.d.ts` pair, so they are rewritten here.
function fixDeclarations(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) fixDeclarations(p);
    else if (name.endsWith(".d.ts")) {
      const text = readFileSync(p, "utf8");
      const fixed = text.replace(/(["'])(\.{1,2}\/[^"']*?)\.ts\1/g, "$1$2.js$1");
      if (fixed !== text) writeFileSync(p, fixed);
    }
  }
}
fixDeclarations(join(dist, "src"));
// Written last: bin/tongguan.js trusts dist/ only when this stamp is newer than every file in src/.
writeFileSync(
  join(dist, "build-stamp.json"),
  `${JSON.stringify({ built: new Date().toISOString(), node: process.version })}\n`,
);
console.log(`build: ${relative(root, dist) || "."}/src compiled, ${copied} wasm and worker files copied`);

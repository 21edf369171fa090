#!/usr/bin/env node
// The tongguan CLI. The sources are TypeScript in src/. When `npm run build` (run by `npm ci` too)
// has compiled them to dist/ and no file in src/ changed since, the compiled JavaScript runs: it
// starts faster and needs less memory. Otherwise tsx compiles src/ on the fly, so learners can edit
// src/ and run it at once. TONGGUAN_FROM_SOURCE=1 always runs src/.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The newest modification time under `dir`: of its files, and of its folders (a deleted or renamed file changes its folder's). */
function newest(dir) {
  let t = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Installed as a package (inside node_modules), src/ is not edited: the shipped dist/ is what runs. */
const installed = root.split(/[\\/]/).includes("node_modules");

function compiledIsCurrent() {
  if (process.env.TONGGUAN_FROM_SOURCE) return false;
  if (installed) return existsSync(join(root, "dist", "src", "cli", "main.js"));
  try {
    return statSync(join(root, "dist", "build-stamp.json")).mtimeMs >= newest(join(root, "src"));
  } catch {
    return false; // never built
  }
}

if (compiledIsCurrent()) {
  // stack traces (TONGGUAN_DEBUG=1) name the lines of src/*.ts through dist's source maps
  if (process.env.TONGGUAN_DEBUG) process.setSourceMapsEnabled(true);
  await import(pathToFileURL(join(root, "dist", "src", "cli", "main.js")).href);
} else {
  // tsx compiles each file on first use (seconds on a cold start): say so rather than wait in silence
  if (process.stderr.isTTY)
    process.stderr.write("tongguan: running src/ through tsx (npm run build makes start-up faster)\n");
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(root, "src", "cli", "main.ts")).href);
}

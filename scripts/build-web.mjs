#!/usr/bin/env node
// Builds the lab's pages (web/) into dist/web/: web/src/main.tsx bundled by esbuild (Preact, JSX)
// into app.js, beside web/index.html and web/styles.css. Nothing is fetched at run time: the
// bundle holds every line the pages run.
//
//   npm run build:web                      (also run by `npm ci` / `npm install`, after build.mjs)
//   node scripts/build-web.mjs --optional  failures only warn (an install never fails on it)
//   node scripts/build-web.mjs --out DIR   build into DIR instead (a test builds its own copy)
//
// It writes into a fresh folder beside the target and renames it into place, so a page never
// sees half a build.
import { copyFileSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const optional = args.includes("--optional");
const outAt = args.indexOf("--out");
const out = outAt >= 0 ? resolve(args[outAt + 1] ?? "") : join(root, "dist", "web");

/** Builds the pages into `dir` (replaced whole); returns the bundle's size in bytes. */
export async function buildWeb(dir) {
  const { build } = await import("esbuild");
  const temp = `${dir}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  try {
    const result = await build({
      entryPoints: [join(root, "web", "src", "main.tsx")],
      outfile: join(temp, "app.js"),
      bundle: true,
      format: "esm",
      target: "es2022",
      jsx: "automatic",
      jsxImportSource: "preact",
      minify: true,
      sourcemap: true,
      legalComments: "none",
      logLevel: "warning",
      metafile: true,
    });
    for (const f of ["index.html", "styles.css"]) copyFileSync(join(root, "web", f), join(temp, f));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(temp, dir);
    return result.metafile.outputs[relative(process.cwd(), join(temp, "app.js"))]?.bytes ?? 0;
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    throw err;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const bytes = await buildWeb(out);
    console.log(
      `build-web: ${relative(root, out) || out}/ built${bytes ? ` (app.js ${(bytes / 1024).toFixed(0)} KiB)` : ""}`,
    );
  } catch (err) {
    console.error(
      `build-web: ${err.message.split("\n")[0]}${optional ? " (the lab's pages are not built)" : ""}`,
    );
    process.exit(optional ? 0 : 1);
  }
}

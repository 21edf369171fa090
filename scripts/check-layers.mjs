#!/usr/bin/env node
// The layer check: every import in src/ runs down the layer order below, never up — a layer imports
// only the layers before it (and itself). Fails with one line per import against the order.
//
//   node scripts/check-layers.mjs              (run by `npm run lint` and by .ci/run)
//   node scripts/check-layers.mjs --src DIR    check another tree (the test of this script does)
//
// The order, as README.md's "How the code reads" and docs/architecture.md draw it. Layers on one
// line share a rank (the faces may use each other: `serve` is a CLI command).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ORDER = [
  ["errors.ts", "package-root.ts", "messages"], // messages: the catalogue every layer speaks through
  ["tensor"],
  ["formats"],
  ["tokenizers"],
  ["nn"],
  ["models"],
  ["generation"],
  ["embeddings"],
  ["hub"],
  ["instruments"],
  ["train"],
  ["seq2seq"],
  ["bench"],
  ["cli", "server", "web"],
  ["browser.ts", "index.ts"], // the public API: browser.ts the browser-safe part, index.ts all of it
];
const RANK = new Map(ORDER.flatMap((names, rank) => names.map((name) => [name, rank])));

const args = process.argv.slice(2);
const at = args.indexOf("--src");
const src =
  at >= 0 ? resolve(args[at + 1] ?? ".") : join(dirname(fileURLToPath(import.meta.url)), "..", "src");
const root = dirname(src);

/** The layer a path under src/ belongs to: its first folder, or the file's own name at the top. */
function layerOf(path) {
  return relative(src, path).split(sep)[0];
}

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "assembly") yield* sourceFiles(path); // AssemblyScript imports only itself
    } else if (/\.(ts|mts|mjs|js)$/.test(name)) yield path;
  }
}

// Static imports and re-exports (`import … from "x"`, `export … from "x"`, `import "x"`) and dynamic
// `import("x")`; only relative specifiers point into src/.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm;

const problems = [];
for (const file of sourceFiles(src)) {
  const from = layerOf(file);
  const fromRank = RANK.get(from);
  const text = readFileSync(file, "utf8");
  if (fromRank === undefined) {
    problems.push(`${relative(root, file)}: '${from}' is not in the layer order (scripts/check-layers.mjs)`);
    continue;
  }
  for (const m of text.matchAll(IMPORT)) {
    const target = resolve(dirname(file), m[1]);
    if (!target.startsWith(src + sep)) continue;
    const to = layerOf(target);
    const toRank = RANK.get(to);
    if (toRank === undefined || toRank > fromRank) {
      const line = text.slice(0, m.index).split("\n").length;
      problems.push(
        `${relative(root, file)}:${line}: ${from} imports ${to} ('${m[1]}'), which comes after it in the layer order`,
      );
    }
  }
}
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`check-layers: ${problems.length} import(s) against the layer order`);
  process.exit(1);
}
console.log("check-layers: every import runs down the layer order");

#!/usr/bin/env node
// Builds every WebAssembly module of tongguan from its AssemblyScript source — all of them live in
// src/tensor/wasm/assembly/ and land beside it in src/tensor/wasm/. The .wasm files are committed
// (an install needs no compiler); CI rebuilds them with --check and fails if a byte differs.
//
//   npm run build:wasm                       rebuild and overwrite the committed .wasm files
//   node scripts/build-wasm.mjs --check      rebuild into a temporary folder and compare
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = "src/tensor/wasm/assembly";
const OUT = "src/tensor/wasm";

// Every module runs on the shared tensor memory (imported, never exported) with no runtime of its own.
const COMMON = [
  "-O3",
  "--noAssert",
  "--runtime",
  "stub",
  "--importMemory",
  "--noExportMemory",
  "--sharedMemory",
];
const SIMD = ["--enable", "threads", "--enable", "simd"];
const MEMORY = (initialPages) => ["--initialMemory", String(initialPages), "--maximumMemory", "65536"];

/** source (in SRC) → output (in OUT), with the flags that differ. */
const MODULES = [
  { source: "index.ts", out: "kernels.wasm", flags: [...MEMORY(64), ...SIMD] },
  {
    source: "relaxed.ts",
    out: "kernels-relaxed.wasm",
    flags: [...MEMORY(64), ...SIMD, "--enable", "relaxed-simd"],
  },
  { source: "attention.ts", out: "attention.wasm", flags: [...MEMORY(64), ...SIMD] },
  { source: "activations.ts", out: "activations.wasm", flags: [...MEMORY(64), ...SIMD] },
  { source: "rows.ts", out: "rows.wasm", flags: [...MEMORY(64), ...SIMD] },
  { source: "word2vec.ts", out: "word2vec.wasm", flags: [...MEMORY(1), ...SIMD] },
];

const check = process.argv.includes("--check");
// The AssemblyScript compiler is installed on demand with the peers (npm run bench:setup).
let asc;
try {
  asc = createRequire(join(root, "bench", "package.json")).resolve("assemblyscript/bin/asc.js");
} catch {
  console.error("build-wasm: the AssemblyScript compiler is not installed: npm run bench:setup");
  process.exit(1);
}
const outDir = check ? mkdtempSync(join(tmpdir(), "tongguan-wasm-")) : join(root, OUT);
const differ = [];
try {
  for (const m of MODULES) {
    const out = join(outDir, m.out);
    // The source path is given relative to the repository root, as the committed builds were made.
    const r = spawnSync(process.execPath, [asc, `${SRC}/${m.source}`, "-o", out, ...COMMON, ...m.flags], {
      cwd: root,
      stdio: "inherit",
    });
    if (r.status !== 0) {
      console.error(`build-wasm: asc failed on ${SRC}/${m.source}`);
      process.exit(1);
    }
    if (check && !readFileSync(out).equals(readFileSync(join(root, OUT, m.out))))
      differ.push(`${OUT}/${m.out}`);
  }
} finally {
  if (check) rmSync(outDir, { recursive: true, force: true });
}
if (differ.length > 0) {
  console.error(
    `build-wasm: ${differ.join(", ")} differ from a fresh build of ${SRC}/ (run npm run build:wasm and commit)`,
  );
  process.exit(1);
}
console.log(
  check
    ? `build-wasm: all ${MODULES.length} modules match their sources`
    : `build-wasm: built ${MODULES.length} modules`,
);

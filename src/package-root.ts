/**
 * The folder of tongguan's package.json, found by walking up from this file. The same answer from
 * src/ (run through tsx) and from the compiled dist/src/ (see scripts/build.mjs), so files shipped
 * beside the code — assets/, the demo tokenizer — are found either way.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

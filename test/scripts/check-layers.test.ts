// scripts/check-layers.mjs: passes on this repository, and fails on an import that runs up the order.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const script = new URL("../../scripts/check-layers.mjs", import.meta.url).pathname;

function check(args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });
}

test("check-layers: this repository's imports all run down the layer order", () => {
  const r = check([]);
  assert.equal(r.status, 0, r.stderr);
});

test("check-layers: nn importing models, or a folder outside the order, fails naming the file and line", () => {
  const dir = mkdtempSync(join(tmpdir(), "layers-"));
  try {
    const src = join(dir, "src");
    for (const d of ["tensor", "nn", "models"]) mkdirSync(join(src, d), { recursive: true });
    writeFileSync(join(src, "tensor", "a.ts"), 'import { x } from "../errors.ts";\n');
    writeFileSync(join(src, "models", "m.ts"), 'export { y } from "../nn/b.ts";\n');
    writeFileSync(
      join(src, "nn", "b.ts"),
      'import type { M } from "../tensor/a.ts";\nimport { m } from "../models/m.ts";\n',
    );
    let r = check(["--src", src]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /src\/nn\/b\.ts:2: nn imports models/);
    assert.doesNotMatch(r.stderr, /^src\/(tensor|models)\//m, "the imports down the order pass");
    writeFileSync(join(src, "nn", "b.ts"), 'const m = await import("../models/m.ts");\n');
    r = check(["--src", src]);
    assert.match(r.stderr, /nn imports models/, "a dynamic import counts too");
    rmSync(join(src, "nn", "b.ts"));
    mkdirSync(join(src, "gadgets"));
    writeFileSync(join(src, "gadgets", "g.ts"), "export const g = 1;\n");
    r = check(["--src", src]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /'gadgets' is not in the layer order/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

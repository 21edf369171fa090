// The package as others install it: `npm pack`, then `npm ci` of that tarball into an empty project,
// offline — its dependencies come from the npm cache that installing this repository filled, pinned
// by this repository's lock file — and `tongguan` runs from there. The scripts are skipped
// (`--ignore-scripts`: the dist/ already built goes in as it is), which keeps the test to seconds.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { repoRoot } from "../helpers/fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-install-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function bytesUnder(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

/** An empty project whose lock names the tarball and this repository's locked runtime dependencies. */
function emptyProject(tarball: string): string {
  const project = join(dir, "project");
  mkdirSync(project);
  const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8"));
  const spec = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    "": { name: "empty", version: "1.0.0", dependencies: { tongguan: spec } },
    "node_modules/tongguan": {
      version: pkg.version,
      resolved: spec,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [key, entry] of Object.entries(lock.packages as Record<string, { dev?: boolean }>))
    if (key.startsWith("node_modules/") && !entry.dev) packages[key] = entry;
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "empty", version: "1.0.0", private: true, dependencies: { tongguan: spec } }),
  );
  writeFileSync(
    join(project, "package-lock.json"),
    JSON.stringify({ name: "empty", version: "1.0.0", lockfileVersion: 3, requires: true, packages }),
  );
  return project;
}

test("the packed package installs into an empty project (≤ 150 MB with its dependencies) and runs there", {
  timeout: 300_000,
}, () => {
  const packed = JSON.parse(
    execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
      cwd: repoRoot,
      encoding: "utf8",
    }),
  ) as { filename: string; files: { path: string }[] }[];
  const files = packed[0].files.map((f) => f.path);
  for (const needed of ["bin/tongguan.js", "src/cli/main.ts", "assets/word-vectors/glove-6b-100d-30k.f16"])
    assert.ok(files.includes(needed), `${needed} is in the package`);
  assert.ok(!files.some((f) => f.startsWith("test/") || f.startsWith("bench/")), "no tests or benchmarks");

  const project = emptyProject(join(dir, packed[0].filename));
  const install = spawnSync(npm, ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: project,
    encoding: "utf8",
  });
  assert.equal(install.status, 0, install.stderr);
  const mb = bytesUnder(join(project, "node_modules")) / 1e6;
  assert.ok(mb <= 150, `${mb.toFixed(0)} MB installed`);

  const bin = join(project, "node_modules", ".bin", "tongguan");
  const version = spawnSync(bin, ["--version"], { cwd: project, encoding: "utf8" });
  assert.equal(version.status, 0, version.stderr);
  assert.equal(
    version.stdout.trim(),
    JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).version,
  );
  // the shipped vectors are found from the installed package too
  const queen = spawnSync(bin, ["vectors", "analogy", "king-man+woman", "--top", "1", "--json"], {
    cwd: project,
    encoding: "utf8",
  });
  assert.equal(queen.status, 0, queen.stderr);
  assert.equal(JSON.parse(queen.stdout).results[0][0], "queen");
});

#!/usr/bin/env node
// `npm run exercise -- NAME`: checks exercises/NAME.ts (the reader's version) against the reference
// solution on seeded cases, one PASS/FAIL line per case. With no NAME it lists the exercises.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const names = readdirSync("exercises")
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();
const name = process.argv[2]?.replace(/\.ts$/, "").replace(/^exercises\//, "");
if (!name) {
  console.log(
    `usage: npm run exercise -- NAME   (--solution checks the reference solution)\n\nexercises:\n${names.map((n) => `  ${n}`).join("\n")}`,
  );
  process.exit(0);
}
if (!names.includes(name)) {
  console.error(`tongguan: no exercise "${name}" (exercises: ${names.join(", ")})`);
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  ["--import", "tsx", join("exercises", "lib", "check.ts"), name, ...process.argv.slice(3)],
  { stdio: "inherit" },
);
process.exit(r.status ?? 1);

#!/usr/bin/env node
// `npm run example -- NAME`: runs examples/NAME.ts (TypeScript through tsx; "tongguan" resolves to
// src/index.ts through tsconfig.json's `paths`). With no NAME it lists the examples.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const names = readdirSync("examples")
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();
const name = process.argv[2]?.replace(/\.ts$/, "").replace(/^examples\//, "");
if (!name) {
  console.log(`usage: npm run example -- NAME\n\nexamples:\n${names.map((n) => `  ${n}`).join("\n")}`);
  process.exit(0);
}
const file = join("examples", `${name}.ts`);
if (!existsSync(file)) {
  console.error(`tongguan: no example "${name}" (examples: ${names.join(", ")})`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ["--import", "tsx", file, ...process.argv.slice(3)], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);

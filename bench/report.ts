/**
 * Where a benchmark's results go. By default they are printed; `--out FILE` writes them to FILE;
 * `--write-docs` rewrites the benchmark's own section of docs/benchmarks.md (between
 * `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`, the other sections left as they are) — a
 * tracked file changes only when asked.
 *
 *   npm run bench:kernels                       print the tables
 *   npm run bench:kernels -- --out my-run.md    write them to my-run.md
 *   npm run bench:kernels -- --write-docs       update docs/benchmarks.md
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** `--out FILE`'s FILE, and whether `--write-docs` was given. */
export function benchTarget(argv = process.argv): { out?: string; docs: boolean } {
  const at = argv.indexOf("--out");
  const out = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && (out === undefined || out.startsWith("--"))) {
    console.error("--out needs a file name");
    process.exit(1);
  }
  return { out, docs: argv.includes("--write-docs") };
}

/** Sends a benchmark's markdown where benchTarget() says; returns a line saying where it went. */
export function writeBenchSection(name: string, body: string): string {
  const target = benchTarget();
  const said: string[] = [];
  if (target.out) {
    writeFileSync(target.out, `${body.trim()}\n`);
    said.push(`wrote the bench:${name} results to ${target.out}`);
  }
  if (target.docs) said.push(`wrote the bench:${name} section of ${writeDocsSection(name, body)}`);
  if (said.length === 0) {
    process.stdout.write(`\n${body.trim()}\n\n`);
    said.push("(printed; --out FILE writes them to a file, --write-docs updates docs/benchmarks.md)");
  }
  return said.join("\n");
}

function writeDocsSection(name: string, body: string): string {
  const file = join(repoRoot, "docs", "benchmarks.md");
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${begin}\n${body.trim()}\n${end}`;
  let doc = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks · 性能测试\n";
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  doc =
    a >= 0 && b > a ? doc.slice(0, a) + block + doc.slice(b + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, doc);
  return file;
}

/** A markdown table from a header row and rows. */
export function markdownTable(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

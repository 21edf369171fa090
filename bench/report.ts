/**
 * Every benchmark writes its own section of docs/benchmarks.md, between
 * `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`, leaving the other sections as they are.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export function writeBenchSection(name: string, body: string): string {
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

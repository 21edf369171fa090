/**
 * `npm run bench:tokenizer-memory` — peak memory of encoding 1, 5 and 10 MB of English and Chinese
 * text (this repository's READMEs and docs, repeated), for each kind of tokenizer, each measured in
 * a fresh process (bench/tokenizer-memory-child.ts): the peak RSS above what the process held after
 * loading the tokenizer, and that as a multiple of the input's bytes.
 *
 *   encode   tokenizer.encode(wholeText): past 256k code units it goes window by window
 *   stream   the file read as a stream into encodeStream (`tongguan tokenize --file`)
 *   before   tokenizer.encode(wholeText) with the src/ of another checkout (`-- --before DIR/src`),
 *            e.g. the commit before windowed encoding: `git archive COMMIT src | tar -x -C /tmp/before`
 *
 * Options: `-- --sizes 1,5,10` (MB), `-- --only gpt2,bert`, `-- --out FILE`, `-- --write-docs`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { markdownTable, repoRoot, writeBenchSection } from "./report.ts";

const fixtures = process.env.TONGGUAN_FIXTURES ?? join(repoRoot, "..", "shared", "fixtures");
const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const sizes = (arg("--sizes") ?? "1,5,10").split(",").map(Number);
const only = arg("--only")?.split(",");
const beforeSrc = arg("--before");

const TOKENIZERS: [string, string][] = [
  ["tongguan-demo", join(repoRoot, "assets", "tokenizers", "tongguan-demo", "tokenizer.json")],
  ["gpt2", join(fixtures, "tokenizers", "gpt2", "tokenizer.json")],
  ["qwen2", join(fixtures, "tokenizers", "qwen2")],
  ["bert", join(fixtures, "tokenizers", "bert-base-uncased", "tokenizer.json")],
  ["llama2-spm", join(fixtures, "tokenizers", "llama2", "tokenizer.model")],
  ["cl100k_base", "cl100k_base"],
];

/** English and Chinese Markdown of this repository, repeated to `mb` MB. */
function writeText(path: string, mb: number): number {
  const docs = join(repoRoot, "docs");
  const parts = ["README.md", "README.zh-CN.md"].map((f) => readFileSync(join(repoRoot, f), "utf8"));
  for (const f of readdirSync(docs).sort())
    if (f.endsWith(".md")) parts.push(readFileSync(join(docs, f), "utf8"));
  const seed = parts.join("\n");
  const target = mb * 2 ** 20;
  let text = "";
  for (let i = 0; Buffer.byteLength(text) < target; i++) text += `${i}. ${seed}\n`;
  writeFileSync(
    path,
    Buffer.from(text)
      .subarray(0, target)
      .toString("utf8")
      .replace(/\uFFFD$/, ""),
  );
  return statSync(path).size;
}

interface Measure {
  baseMB: number;
  peakMB: number;
  tokens: number;
  seconds: number;
}

function measure(tokenizer: string, file: string, mode: "encode" | "stream", src?: string): Measure | string {
  const r = spawnSync(
    process.execPath,
    [
      "--expose-gc",
      "--max-old-space-size=8192",
      "--import",
      "tsx",
      join(repoRoot, "bench", "tokenizer-memory-child.ts"),
      JSON.stringify({ tokenizer, file, mode, src }),
    ],
    { encoding: "utf8", cwd: repoRoot },
  );
  if (r.status !== 0) return `failed: ${r.stderr.trim().split("\n").at(-1)}`;
  return JSON.parse(r.stdout) as Measure;
}

const dir = mkdtempSync(join(tmpdir(), "tongguan-bench-tokmem-"));
const rows: string[][] = [];
const loadBefore = loadavg()[0];
try {
  for (const mb of sizes) {
    const file = join(dir, `text-${mb}.txt`);
    const bytes = writeText(file, mb);
    for (const [name, path] of TOKENIZERS) {
      if (only && !only.includes(name)) continue;
      if (path !== "cl100k_base" && !existsSync(path)) continue;
      const cell = (m: Measure | string) =>
        typeof m === "string"
          ? m
          : `${(m.peakMB - m.baseMB).toFixed(0)} MB (${(((m.peakMB - m.baseMB) * 2 ** 20) / bytes).toFixed(1)} ×), ${m.seconds.toFixed(1)} s`;
      const before = beforeSrc ? measure(path, file, "encode", beforeSrc) : undefined;
      const encode = measure(path, file, "encode");
      const stream = measure(path, file, "stream");
      const tokens = typeof encode === "string" ? "—" : String(encode.tokens);
      rows.push([name, `${mb} MB`, tokens, ...(before ? [cell(before)] : []), cell(encode), cell(stream)]);
      process.stderr.write(`${rows.at(-1)!.join(" | ")}\n`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const header = [
  "tokenizer",
  "input",
  "tokens",
  ...(beforeSrc ? ["before: encode whole"] : []),
  "encode (windowed)",
  "encodeStream",
];
const body = `## Tokenizer memory on large inputs (\`npm run bench:tokenizer-memory\`)

${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}. Peak RSS of a fresh process above what it held after loading the tokenizer (Linux VmHWM, reset after loading), as a multiple of the input's UTF-8 bytes, and the time taken. The text is this repository's English and Chinese Markdown repeated. Past 256k UTF-16 code units, \`encode\` goes window by window (64k code units, windows overlapping by 1k and cut where both agree on every token: the same ids as the whole string); \`encodeStream\` also reads the file as a stream and keeps the ids in an Int32Array. "before" is \`encode\` of the commit before windowed encoding.

${markdownTable(header, rows)}

Load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after the run: the machine was shared, so the times are noisy; the memory figures are not.`;
console.log(writeBenchSection("tokenizer-memory", body));

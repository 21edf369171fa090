/**
 * `npm run bench:tokenizers` — encode throughput (MB/s of UTF-8 input) of tongguan's tokenizers
 * against the peers, in one run, on the same text:
 *
 *   GPT-2   tongguan · Rust tokenizers (@anush008/tokenizers) · tokenizers.js · gpt-tokenizer · js-tiktoken
 *   Qwen2   tongguan · Rust tokenizers · tokenizers.js           (qwen3/tokenizer.json: the same BPE)
 *   BERT    tongguan · Rust tokenizers · tokenizers.js           (bert-base-uncased)
 *
 * The text (~2.5 MB, no download) is built from files npm installed: English from the packages'
 * README.md files, Chinese from TypeScript's zh-CN diagnostic messages, code from typescript.js;
 * cut into ~4 KB documents and interleaved, each document encoded by one call. Every peer's ids are
 * checked against tongguan's; a speed of wrong answers would mean nothing.
 *
 * It also times the two BPE trainers (plain and fast) on part of the same text.
 *
 * Options: `-- --quick` (a quarter of the text, one timed pass), `-- --out FILE`, `-- --write-docs` (see report.ts).
 * Results go into docs/benchmarks.md between the `bench:tokenizers` markers.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadTokenizer } from "../src/tokenizers/index.ts";
import { trainBpeFast, trainBpePlain } from "../src/tokenizers/training/index.ts";
import { writeBenchSection } from "./report.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const nodeModules = join(root, "node_modules");
const fixtures = process.env.TONGGUAN_FIXTURES ?? join(root, "..", "shared", "fixtures");
const quick = process.argv.includes("--quick");
const write = !process.argv.includes("--no-write");
const DOC_CHARS = 4000;
const loadBefore = loadavg()[0];

// ---------------------------------------------------------------- the text

/** Cuts text into pieces of about `size` UTF-16 units, at line ends where possible. */
function cut(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + size);
    const nl = text.lastIndexOf("\n", end);
    if (end < text.length && nl > i + size / 2) end = nl + 1;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

function englishText(limit: number): string {
  const readmes: string[] = [];
  const dirs = readdirSync(nodeModules).sort();
  for (const d of dirs) {
    const pkgs = d.startsWith("@") ? readdirSync(join(nodeModules, d)).map((p) => join(d, p)) : [d];
    for (const p of pkgs.sort()) {
      const f = join(nodeModules, p, "README.md");
      if (existsSync(f)) readmes.push(readFileSync(f, "utf8"));
    }
  }
  return readmes.join("\n\n").slice(0, limit);
}

function chineseText(limit: number): string {
  const messages = JSON.parse(
    readFileSync(
      join(nodeModules, "typescript", "lib", "zh-cn", "diagnosticMessages.generated.json"),
      "utf8",
    ),
  ) as Record<string, string>;
  return Object.values(messages).join("\n").slice(0, limit);
}

function codeText(limit: number): string {
  return readFileSync(join(nodeModules, "typescript", "lib", "typescript.js"), "utf8").slice(0, limit);
}

/** Documents of English, Chinese and code, taken in turn. */
function mixedDocuments(scale: number): string[] {
  const sources = [
    englishText(1_000_000 * scale),
    chineseText(150_000 * scale),
    codeText(1_200_000 * scale),
  ].map((t) => cut(t, DOC_CHARS));
  const docs: string[] = [];
  for (let i = 0; sources.some((s) => i < s.length); i++)
    for (const s of sources) if (i < s.length) docs.push(s[i]);
  return docs;
}

// ---------------------------------------------------------------- the engines

type Encode = (text: string) => number[] | Promise<number[]>;
interface Engine {
  name: string;
  pureJs: boolean;
  encode: Encode;
  /** Encodes all documents in one call, where the library offers it. */
  encodeMany?: (docs: string[]) => Promise<number[][]>;
}

async function enginesFor(label: string, path: string): Promise<Engine[]> {
  const ours = await loadTokenizer(path);
  const json = JSON.parse(readFileSync(path, "utf8"));
  const { Tokenizer: RustTokenizer } = await import("@anush008/tokenizers");
  const { Tokenizer: JsTokenizer } = await import("@huggingface/tokenizers");
  const rust = RustTokenizer.fromFile(path);
  const js = new JsTokenizer(json, {});
  const engines: Engine[] = [
    { name: "tongguan", pureJs: true, encode: (t) => ours.encode(t).ids },
    {
      name: "Rust tokenizers",
      pureJs: false,
      encode: async (t) => (await rust.encode(t, null, { addSpecialTokens: false })).getIds(),
    },
    {
      name: "Rust, one batch",
      pureJs: false,
      encode: () => [],
      encodeMany: async (docs) =>
        (await rust.encodeBatch(docs, { addSpecialTokens: false })).map((e) => e.getIds()),
    },
    { name: "tokenizers.js", pureJs: true, encode: (t) => js.encode(t, { add_special_tokens: false }).ids },
  ];
  if (label === "GPT-2") {
    const gptTokenizer = await import("gpt-tokenizer/encoding/r50k_base");
    engines.push({
      name: "gpt-tokenizer",
      pureJs: true,
      encode: (t) => gptTokenizer.encode(t, { allowedSpecial: "all" }),
    });
    const { Tiktoken } = await import("js-tiktoken/lite");
    const gpt2Ranks = (await import("js-tiktoken/ranks/gpt2")).default;
    const tiktoken = new Tiktoken(gpt2Ranks);
    engines.push({ name: "js-tiktoken", pureJs: true, encode: (t) => tiktoken.encode(t, "all") });
  }
  return engines;
}

// ---------------------------------------------------------------- timing

async function encodeAll(engine: Engine, docs: string[]): Promise<number[][]> {
  if (engine.encodeMany) return engine.encodeMany(docs);
  const out: number[][] = [];
  for (const d of docs) out.push(await engine.encode(d));
  return out;
}

function sameIds(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

interface Row {
  label: string;
  results: { name: string; pureJs: boolean; mbPerS: number; agree: number }[];
}

async function benchTokenizer(label: string, path: string, docs: string[], megabytes: number): Promise<Row> {
  const engines = await enginesFor(label, path);
  for (const engine of engines) await encodeAll(engine, docs.slice(0, 40)); // warm-up: JIT, caches
  // Passes take the engines in turn, so a burst of load from elsewhere does not fall on one engine only.
  const best = engines.map(() => Number.POSITIVE_INFINITY);
  const ids: number[][][] = [];
  for (let pass = 0; pass < (quick ? 1 : 3); pass++) {
    for (const [e, engine] of engines.entries()) {
      const t0 = performance.now();
      ids[e] = await encodeAll(engine, docs);
      best[e] = Math.min(best[e], (performance.now() - t0) / 1000);
    }
  }
  const row: Row = { label, results: [] };
  for (const [e, engine] of engines.entries()) {
    const agree = ids[e].filter((x, i) => sameIds(x, ids[0][i])).length;
    const mbPerS = megabytes / best[e];
    row.results.push({ name: engine.name, pureJs: engine.pureJs, mbPerS, agree });
    console.log(
      `${label.padEnd(6)} ${engine.name.padEnd(16)} ${mbPerS.toFixed(2).padStart(7)} MB/s   ids agree with tongguan on ${agree}/${docs.length} documents`,
    );
  }
  return row;
}

/**
 * BPE training: the plain trainer (recount everything per merge) against the fast one (unique
 * chunks, incremental counts, heap), on the first documents of the same text. Both must learn the
 * same merges.
 */
function benchTraining(docs: string[]): string {
  const text = docs.slice(0, quick ? 10 : 30).join("");
  const options = { vocabSize: 256 + (quick ? 200 : 500), specialTokens: ["<|endoftext|>"] };
  const time = (train: typeof trainBpeFast) => {
    const t0 = performance.now();
    const model = train(text, options);
    return { model, seconds: (performance.now() - t0) / 1000 };
  };
  const plain = time(trainBpePlain);
  const fast = time(trainBpeFast);
  const same = JSON.stringify(plain.model.merges) === JSON.stringify(fast.model.merges);
  const kb = Buffer.byteLength(text) / 1000;
  const line =
    `Training byte-level BPE on the first ${kb.toFixed(0)} kB of that text, ${plain.model.merges.length} merges: ` +
    `plain trainer ${plain.seconds.toFixed(2)} s, fast trainer ${fast.seconds.toFixed(2)} s ` +
    `(${(plain.seconds / fast.seconds).toFixed(1)}× faster), ${same ? "identical merges" : "✗ MERGES DIFFER"}.`;
  console.log(line);
  return line;
}

// ---------------------------------------------------------------- report

function section(rows: Row[], megabytes: number, docCount: number): string {
  const names = [
    "tongguan",
    "Rust tokenizers",
    "Rust, one batch",
    "tokenizers.js",
    "gpt-tokenizer",
    "js-tiktoken",
  ];
  const lines = [
    "## Tokenizers: encode throughput",
    "",
    `\`npm run bench:tokenizers\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
      `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}. ${megabytes.toFixed(2)} MB of UTF-8 ` +
      `(${docCount} documents of ~${DOC_CHARS} characters: English READMEs, Chinese messages, JavaScript, interleaved), ` +
      "one encode call per document, no special tokens added, best of the timed passes. MB/s, higher is better; " +
      "a peer's MB/s is marked ✗ if its ids differ from tongguan's on some document.",
    "",
    `| tokenizer | ${names.join(" | ")} | tongguan ÷ fastest pure-JS peer |`,
    `| --- | ${names.map(() => "---:").join(" | ")} | ---: |`,
  ];
  for (const row of rows) {
    const cell = (name: string) => {
      const r = row.results.find((x) => x.name === name);
      if (!r) return "—";
      return `${r.mbPerS.toFixed(2)}${r.agree === docCount ? "" : ` ✗ (${docCount - r.agree} differ)`}`;
    };
    const ours = row.results.find((r) => r.name === "tongguan")!.mbPerS;
    const fastestJs = Math.max(
      ...row.results.filter((r) => r.pureJs && r.name !== "tongguan").map((r) => r.mbPerS),
    );
    lines.push(`| ${row.label} | ${names.map(cell).join(" | ")} | ${(ours / fastestJs).toFixed(2)}× |`);
  }
  lines.push(
    "",
    "Rust tokenizers is Hugging Face's Rust crate through a Node binding (native code, each call async on " +
      'libuv\'s thread pool, awaited one at a time; "one batch" is a single `encodeBatch` call over all ' +
      "documents, run in parallel on every core); the others are JavaScript on the main thread. " +
      `Load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after the run on ${cpus().length} cores: ` +
      "when it is above the number of cores, other jobs shared the machine, every engine's MB/s is low and noisy, " +
      "and only the ratios within one run mean much.",
  );
  return lines.join("\n");
}

function writeSection(body: string): void {
  console.log(writeBenchSection("tokenizers", body));
}

const candidates: [string, string[]][] = [
  ["GPT-2", ["tokenizers/gpt2/tokenizer.json"]],
  ["Qwen2", ["tokenizers/qwen3/tokenizer.json"]],
  ["BERT", ["tokenizers/bert-base-uncased/tokenizer.json"]],
];
const docs = mixedDocuments(quick ? 0.25 : 1);
const megabytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1e6;
console.log(`${megabytes.toFixed(2)} MB in ${docs.length} documents`);
const rows: Row[] = [];
for (const [label, paths] of candidates) {
  const path = paths.map((p) => join(fixtures, p)).find((p) => existsSync(p));
  if (!path) {
    console.log(`${label}: skipped, no ${paths.join(" or ")} under ${fixtures}`);
    continue;
  }
  rows.push(await benchTokenizer(label, path, docs, megabytes));
}
const body = `${section(rows, megabytes, docs.length)}\n\n${benchTraining(docs)}`;
console.log(`\n${body}`);
if (write && rows.length > 0) writeSection(body);

/**
 * Generation speed, tongguan next to llama.cpp: `npm run bench:generate [-- --quick] [-- --until 00:50]`.
 *
 * - writes random-weight GGUF models in real shapes (GPT-2 124M, Qwen2-0.5B) in every file type of
 *   the table — F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K and llama.cpp's
 *   Q4_K_M / Q5_K_M mixes (each tensor typed by the quantizer's rules, formats/gguf-mix.ts) — with
 *   our GGUF writer, cached in ~/.cache/tongguan/bench/ (seeded: the same bytes every time);
 * - measures the machine's read bandwidth (wasm SIMD sum over 1 GiB, 1 and 2 threads);
 * - compiles the CLI (`npm run build`), then for each model and thread count (2, then 1), alternately
 *   runs `tongguan bench --json` (src/bench/measure.ts) and the same measurement on llama.cpp
 *   (node-llama-cpp 3.21.1, prebuilt CPU build, run as llama.cpp's tools run it: src/bench/llama-cpp.ts),
 *   each in its own child process (so peak RSS is the engine's own), with UV_THREADPOOL_SIZE=1:
 *   prefill tok/s of a 128-token prompt, decode tok/s of 128 greedy tokens, time to first token,
 *   peak RSS; the median of --reps runs each, and one run of llama.cpp with flash attention off;
 * - prints the table with the ratios tongguan ÷ llama.cpp and the fraction of the read bandwidth each
 *   decode reaches (model bytes × tok/s ÷ bandwidth), and writes it to docs/benchmarks.md between
 *   the `bench:generate` markers (text under "### What limits each gap" in that section is kept).
 *
 * --quick       GPT-2-shape Q8_0 only, 2 threads, 32 + 32 tokens, one run each
 * --until HH:MM stop starting new measurements at that UTC time; the rest is "not measured (time)"
 * --only a,b    only models whose id ends with one of these or equals it (e.g. --only q5_0,qwen2-0.5b-q8_0)
 * --threads 2   only these thread counts (comma separated)
 * --reps N      runs per engine (the median is kept; default 3)
 * --no-fa-off   skip the one run of llama.cpp with flash attention off per row
 * --prompt 128,1024,4096  prompt lengths (one row each; default 128). Decode is measured after the
 *               prompt, so a row's decode speed is at a context of prompt … prompt + --gen tokens. A
 *               model whose context cannot hold prompt + --gen measures ctx − gen (GPT-2's "1024" row:
 *               896 + 128) or, past its context, says so in the row (GPT-2 has no 4096-token row)
 * --gen N       decoded tokens per run (default 128)
 * --out FILE    also write the table to FILE
 * --write-docs  rewrite the bench:generate section of docs/benchmarks.md (as rows finish), merging
 *               this run's rows into the table there; by default the table is only printed
 * --doc FILE    with --write-docs: that file instead of docs/benchmarks.md (a copy, to try a run)
 * --chat N      also measure an N-turn chat per model and thread count (src/bench/chat.ts): each turn
 *               a prompt of --chat-prompt tokens (default: the first --prompt length) answered with
 *               --chat-gen tokens (default 32), the earlier turns kept in each engine's cache; its
 *               total prefill time, both engines (a table of its own, merged as the main one)
 * --chat-only   only the chat (with --chat)
 * --prepare     only write the missing model files, measure nothing
 * --big         the 7–8 B rows instead (Llama-2-7B and Llama-3-8B shapes in Q4_0, Q4_K_M, Q8_0; weights
 *               past wasm32's 4 GiB): files in --dir (default /tmp/tongguan-bench-big), each deleted once
 *               measured (--keep keeps them), 64 + 32 tokens, 2 threads, 1 run each unless told otherwise;
 *               written between the `bench:generate-big` markers
 * --profile ID  profile tongguan's decode on that model (e.g. qwen2-0.5b-q8_0; --threads, default 1):
 *               self time per function, and the GB/s the matmul kernels stream at
 *
 * Internal: `--worker bandwidth THREADS` prints one JSON line (a child this script spawns).
 */
process.env.UV_THREADPOOL_SIZE = "1"; // for this process's own libuv pool; children get it in their env
process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD = "true";

import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, homedir, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { bandwidthProbe, readBandwidthGBs } from "../src/bench/bandwidth.ts";
import type { ChatResult } from "../src/bench/chat.ts";
import type { BenchResult } from "../src/bench/measure.ts";
import { profileDecode } from "../src/bench/profile-decode.ts";
import {
  type BenchDType,
  type BenchShape,
  GPT2_124M,
  LLAMA2_7B,
  LLAMA3_8B,
  QWEN2_0_5B,
  writeRandomModel,
} from "../src/bench/random-model.ts";
import { readGguf } from "../src/formats/gguf.ts";
import { cells, fitPrompt, mergeTable, type TableRow } from "./generate-table.ts";
import { benchTarget } from "./report.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const self = fileURLToPath(import.meta.url);
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

// ---------------------------------------------------------------- child processes

if (flag("--worker")) {
  const [kind, ...rest] = argv.slice(argv.indexOf("--worker") + 1);
  if (kind === "bandwidth") {
    const gbs = readBandwidthGBs(Number(rest[0]));
    process.stdout.write(`${JSON.stringify({ gbs })}\n`);
  } else throw new Error(`unknown worker '${kind}'`);
  process.exit(0);
}

/** Runs `node args…` with UV_THREADPOOL_SIZE=1 and parses the last line of its stdout as JSON. */
function child<T>(args: string[], timeoutMs = 15 * 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      {
        cwd: root,
        env: { ...process.env, UV_THREADPOOL_SIZE: "1", NODE_LLAMA_CPP_SKIP_DOWNLOAD: "true" },
        maxBuffer: 64 << 20,
        timeout: timeoutMs,
      },
      (err, stdout, stderr) => {
        const last = stdout.trim().split("\n").at(-1) ?? "";
        if (err || !last.startsWith("{")) {
          reject(new Error(`${args.join(" ")} failed: ${err?.message ?? ""}\n${stderr.slice(-2000)}`));
          return;
        }
        resolve(JSON.parse(last) as T);
      },
    );
  });
}

// Both engines are measured as compiled JavaScript (dist/, built at the start of this script): tongguan
// through its CLI exactly as a user runs `tongguan bench --json`, llama.cpp through the compiled
// src/bench/llama-cpp.js (bench/llama-cpp-child.mjs). A TypeScript loader (tsx runs on a thread of its own, ~35 MiB) would
// otherwise sit in the peak RSS of both.
const runTongguan = (file: string, t: number, p: number, g: number) =>
  child<BenchResult>([
    join(root, "bin", "tongguan.js"),
    "bench",
    file,
    "--threads",
    String(t),
    "--prompt-tokens",
    String(p),
    "--gen-tokens",
    String(g),
    "--json",
  ]);
const runLlamaCpp = (file: string, t: number, p: number, g: number, fa: "auto" | "off") =>
  child<BenchResult>([join(root, "bench", "llama-cpp-child.mjs"), file, String(t), String(p), String(g), fa]);

const runChat = (engine: "tongguan" | "llama.cpp", file: string, t: number, p: number, g: number) =>
  child<ChatResult>([
    join(root, "bench", "chat-child.mjs"),
    engine,
    file,
    String(t),
    String(CHAT),
    String(p),
    String(g),
  ]);

// ---------------------------------------------------------------- plan

const quick = flag("--quick");
const big = flag("--big");
const write = flag("--write-docs");
const PROMPTS = (option("--prompt") ?? (quick ? "32" : big ? "64" : "128")).split(",").map(Number);
const GEN = Number(option("--gen") ?? (quick ? 32 : big ? 32 : 128));
const REPS = quick ? 1 : Number(option("--reps") ?? (big ? 1 : 3));
const CHAT = Number(option("--chat") ?? 0);
const CHAT_GEN = Number(option("--chat-gen") ?? 32);
const CHAT_PROMPT = Number(option("--chat-prompt") ?? PROMPTS[0]);
const chatOnly = CHAT > 0 && flag("--chat-only");
const THREADS = (option("--threads") ?? (quick || big ? "2" : "2,1")).split(",").map(Number);
const until = option("--until");
const deadline = until ? deadlineOf(until) : Number.POSITIVE_INFINITY;

function deadlineOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  const d = new Date();
  d.setUTCHours(h!, m!, 0, 0);
  if (d.getTime() < Date.now() - 12 * 3600_000) d.setUTCDate(d.getUTCDate() + 1);
  return d.getTime();
}

interface Planned {
  shape: BenchShape;
  dtype: BenchDType;
  id: string;
}
// Most important first (the files people download), so a run cut short by --until has measured those.
const ORDER: BenchDType[] = [
  "q4_K_M",
  "q8_0",
  "q4_0",
  "q5_K_M",
  "q6_K",
  "q5_0",
  "q5_1",
  "q4_1",
  "q4_K",
  "q5_K",
  "f16",
  "bf16",
  "f32",
];
/** The 7–8 B rows: the formats a laptop runs them in, smallest first. */
const BIG_ORDER: BenchDType[] = ["q4_0", "q4_K_M", "q8_0"];
let plan: Planned[] = big
  ? BIG_ORDER.flatMap((dtype) =>
      [LLAMA2_7B, LLAMA3_8B].map((shape) => ({ shape, dtype, id: `${shape.id}-${dtype}` })),
    )
  : ORDER.flatMap((dtype) =>
      [GPT2_124M, QWEN2_0_5B].map((shape) => ({ shape, dtype, id: `${shape.id}-${dtype}` })),
    );
if (quick) plan = plan.filter((p) => p.id === "gpt2-124m-q8_0");
const only = option("--only");
if (only) plan = plan.filter((p) => only.split(",").some((o) => p.id === o || p.id.endsWith(`-${o}`)));

// The 7–8 B files (4–9 GB each) go to a scratch folder and are deleted once measured.
const cacheDir = big
  ? (option("--dir") ?? "/tmp/tongguan-bench-big")
  : join(homedir(), ".cache", "tongguan", "bench");
mkdirSync(cacheDir, { recursive: true });
/** Bump a type's version when the generator changes its files, so stale files are not measured. */
const VERSION: Partial<Record<BenchDType, number>> = { q4_K_M: 2 };
const modelPath = (p: Planned) => join(cacheDir, `${p.id}-random-v${VERSION[p.dtype] ?? 1}.gguf`);

// ---------------------------------------------------------------- run

function ensureModel(p: Planned): string {
  const file = modelPath(p);
  if (!existsSync(file)) {
    const t0 = performance.now();
    process.stdout.write(`writing ${file} … `);
    writeRandomModel(file, p.shape, p.dtype, 1, { randomBlocks: big });
    console.log(`${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  return file;
}

if (flag("--profile")) {
  const id = option("--profile")!;
  const p = plan.find((q) => q.id === id);
  if (!p) throw new Error(`--profile: no model '${id}' (one of ${plan.map((q) => q.id).join(", ")})`);
  const file = ensureModel(p);
  const threads = Number(option("--threads") ?? 1);
  const gen = Number(option("--gen") ?? 64);
  // Decode in chunks of 8 tokens with a bandwidth probe after each, so both see the same load;
  // the best chunk and the best probe are the least disturbed.
  const probe = bandwidthProbe(threads);
  probe();
  const bws: number[] = [];
  const r = await profileDecode(file, {
    threads,
    promptTokens: 8,
    genTokens: gen,
    chunk: 8,
    between: () => bws.push(probe()),
  });
  // Bytes the matrices stream per token: every 2-D weight (the tied embedding is the output head),
  // except GPT-2's position table, of which one row is read.
  const g = readGguf(file);
  const matBytes = g.tensors
    .filter((t) => t.shape.length === 2 && t.name !== "position_embd.weight")
    .reduce((a, t) => a + t.nbytes, 0);
  const bw = Math.max(...bws);
  const bestMsPerToken = Math.min(...r.chunkMs) / r.chunk;
  const kernelShare = r.top
    .filter((f) => /^matmul/.test(f.name) && f.name.endsWith("(wasm)"))
    .reduce((a, f) => a + f.share, 0);
  const gbs = (ms: number) => matBytes / ms / 1e6;
  console.log(
    `${id}, ${threads} thread(s): best chunk ${(1000 / bestMsPerToken).toFixed(1)} tok/s, all ${r.tokens} tokens ${((1000 * r.tokens) / r.decodeMs).toFixed(1)} tok/s`,
  );
  console.log(
    `matrices: ${(matBytes / 1e6).toFixed(0)} MB per token; read bandwidth, best of ${bws.length} probes between chunks: ${bw.toFixed(1)} GB/s (worst ${Math.min(...bws).toFixed(1)})`,
  );
  console.log(
    `best decode step streams ${gbs(bestMsPerToken).toFixed(1)} GB/s = ${((100 * gbs(bestMsPerToken)) / bw).toFixed(0)} % of the bandwidth`,
  );
  console.log(
    `matmul kernels: ${(100 * kernelShare).toFixed(0)} % of the main thread's time${threads === 1 ? ` → in the kernels alone ${gbs(bestMsPerToken * kernelShare).toFixed(1)} GB/s = ${((100 * gbs(bestMsPerToken * kernelShare)) / bw).toFixed(0)} % of the bandwidth` : " (with >1 thread the main thread also waits for the workers: see Atomics.wait / (program))"}`,
  );
  console.log("\n| function | self ms | share |\n| --- | ---: | ---: |");
  for (const f of r.top.slice(0, 25))
    console.log(`| ${f.name} | ${f.selfMs.toFixed(0)} | ${(100 * f.share).toFixed(1)} % |`);
  process.exit(0);
}

if (flag("--prepare")) {
  for (const p of plan) ensureModel(p);
  process.exit(0);
}

// The compiled CLI is what `npm ci` leaves and what both engines' children run (see runTongguan).
const build = spawnSync(process.execPath, [join(root, "scripts", "build.mjs")], {
  cwd: root,
  stdio: "inherit",
});
if (build.status !== 0) throw new Error("npm run build failed: the benchmark measures the compiled CLI");

const started = new Date();
const load0 = loadavg()[0];
console.log(
  `bench:generate — ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, load average ${load0.toFixed(1)}`,
);

const bandwidth = new Map<number, number>();
for (const t of THREADS) {
  const { gbs } = await child<{ gbs: number }>(["--import", "tsx", self, "--worker", "bandwidth", String(t)]);
  bandwidth.set(t, gbs);
  console.log(`read bandwidth, ${t} thread${t > 1 ? "s" : ""}: ${gbs.toFixed(1)} GB/s`);
}

interface Row {
  p: Planned;
  threads: number;
  prompt: number;
  bytes: number;
  /** Every run of each engine; the table shows their medians. */
  tg: BenchResult[];
  lc: BenchResult[];
  /** llama.cpp with flash attention off. */
  lcOff: BenchResult[];
  note?: string;
}
const rows: Row[] = [];
interface ChatRow {
  p: Planned;
  threads: number;
  turns: number;
  /** New user tokens per turn, and greedy tokens answering each. */
  prompt: number;
  gen: number;
  tg: ChatResult[];
  lc: ChatResult[];
  note?: string;
}
const chatRows: ChatRow[] = [];

/** The median of each figure over runs of one engine (undefined without runs). */
function median(runs: BenchResult[]): BenchResult | undefined {
  if (runs.length === 0) return undefined;
  const mid = (key: keyof BenchResult) => {
    const v = runs.map((r) => r[key] as number).sort((x, y) => x - y);
    const h = v.length >> 1;
    return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
  };
  return {
    ...runs[0],
    prefill_tok_s: mid("prefill_tok_s"),
    decode_tok_s: mid("decode_tok_s"),
    ttft_ms: mid("ttft_ms"),
    peak_rss_mb: mid("peak_rss_mb"),
    load_ms: mid("load_ms"),
  };
}

for (const p of plan) {
  if (Date.now() > deadline) {
    for (const t of THREADS)
      for (const prompt of PROMPTS)
        rows.push({
          p,
          threads: t,
          prompt,
          bytes: 0,
          tg: [],
          lc: [],
          lcOff: [],
          note: "not measured (time)",
        });
    continue;
  }
  const file = ensureModel(p);
  const bytes = statSync(file).size;
  for (const t of THREADS) {
    if (CHAT > 0) await measureChat(p, file, t);
    for (const prompt of chatOnly ? [] : PROMPTS) {
      const row: Row = { p, threads: t, prompt, bytes, tg: [], lc: [], lcOff: [] };
      rows.push(row);
      if (Date.now() > deadline) {
        row.note = "not measured (time)";
        continue;
      }
      // The model's own context bounds the prompt (fitPrompt: GPT-2's 1024).
      const fit = fitPrompt(prompt, GEN, p.shape.ctx);
      if (fit.skip) {
        row.note = fit.skip;
        console.log(line(row));
        continue;
      }
      row.prompt = fit.prompt;
      row.note = fit.note;
      try {
        for (let i = 0; i < REPS; i++) {
          // Alternate which engine goes first, so both see the same drift in the machine's load
          // (and from one row to the next, so that with --reps 1 neither engine always goes first).
          const order = (i + rows.length) % 2 === 1 ? (["tg", "lc"] as const) : (["lc", "tg"] as const);
          for (const e of order) {
            if (e === "tg") row.tg.push(await runTongguan(file, t, row.prompt, GEN));
            else row.lc.push(await runLlamaCpp(file, t, row.prompt, GEN, "auto"));
          }
          // Flash attention off once, in the middle of the runs.
          if (i === REPS >> 1 && !flag("--no-fa-off"))
            row.lcOff.push(await runLlamaCpp(file, t, row.prompt, GEN, "off"));
        }
      } catch (err) {
        row.note = `failed: ${(err as Error).message.split("\n")[0].slice(0, 200)}`;
        console.error((err as Error).message);
      }
      console.log(line(row));
      if (write) writeDoc();
    }
  }
  if (big && !flag("--keep")) rmSync(file, { force: true });
}
/** CHAT turns on both engines, alternating, REPS runs each (see --chat). */
async function measureChat(p: Planned, file: string, t: number): Promise<void> {
  const row: ChatRow = { p, threads: t, turns: CHAT, prompt: CHAT_PROMPT, gen: CHAT_GEN, tg: [], lc: [] };
  chatRows.push(row);
  if (Date.now() > deadline) {
    row.note = "not measured (time)";
    return;
  }
  if (CHAT * (CHAT_PROMPT + CHAT_GEN) > p.shape.ctx) {
    row.note = `${CHAT} turns of ${CHAT_PROMPT} + ${CHAT_GEN} tokens exceed the model's context of ${p.shape.ctx} tokens`;
    console.log(`${p.shape.name} ${label(p.dtype)} ×${t}, ${CHAT}-turn chat: ${row.note}`);
    return;
  }
  try {
    for (let i = 0; i < REPS; i++) {
      const order =
        (i + chatRows.length) % 2 === 1
          ? (["tongguan", "llama.cpp"] as const)
          : (["llama.cpp", "tongguan"] as const);
      for (const e of order) {
        const r = await runChat(e, file, t, CHAT_PROMPT, CHAT_GEN);
        (e === "tongguan" ? row.tg : row.lc).push(r);
      }
    }
  } catch (err) {
    row.note = `failed: ${(err as Error).message.split("\n")[0].slice(0, 200)}`;
    console.error((err as Error).message);
  }
  const tg = medianOf(row.tg.map((r) => r.prefill_ms));
  const lc = medianOf(row.lc.map((r) => r.prefill_ms));
  console.log(
    `${p.shape.name} ${label(p.dtype)} ×${t}, ${CHAT}-turn chat: prefill ${f(tg, 0)} / ${f(lc, 0)} ms (${ratio(tg, lc, true)})${row.note ? `; ${row.note}` : ""}`,
  );
  if (write) writeDoc();
}

function medianOf(v: number[]): number | undefined {
  if (v.length === 0) return undefined;
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** The chat table's text and header (functions: the top-level code runs before a const here would be set); model, format, threads, turns, prompt, gen (cells 0–5) key a row. */
function chatText(): string {
  return "A chat (src/bench/chat.ts), both engines: `turns` turns, each `prompt` new user tokens (random ids) after the conversation so far — kept in each engine's KV cache, so neither computes the earlier turns again — answered with `gen` greedy tokens. \"Chat prefill\" is the sum of the turns' times to first token (what a learner waits for before each answer starts), the median of the runs; \"last turn\" the last of them (its prompt attends over the whole conversation). Ratio: llama.cpp's time ÷ tongguan's (higher is better for tongguan).";
}
function chatHead(): string[] {
  return [
    "| model | format | threads | turns | prompt | gen | chat prefill ms tongguan | llama.cpp | ratio | last turn ms tongguan | llama.cpp |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
}
function chatKey(l: string): string {
  return cells(l).slice(0, 6).join("|");
}
function chatOrder(l: string): number[] {
  const c = cells(l);
  return [...modelOrder(c[0], c[1]), -Number(c[2]), ...c.slice(3, 6).map(Number)];
}

function chatTableRows(): TableRow[] {
  return chatRows.map((r) => {
    const tg = medianOf(r.tg.map((x) => x.prefill_ms));
    const lc = medianOf(r.lc.map((x) => x.prefill_ms));
    const tgLast = medianOf(r.tg.map((x) => x.turn_ms.at(-1)!));
    const lcLast = medianOf(r.lc.map((x) => x.turn_ms.at(-1)!));
    return {
      line: `| ${r.p.shape.name} | ${label(r.p.dtype)} | ${r.threads} | ${r.turns} | ${r.prompt} | ${r.gen} | ${f(tg, 0)} | ${f(lc, 0)} | ${ratio(tg, lc, true)} | ${f(tgLast, 0)} | ${f(lcLast, 0)} |${r.note ? ` ${r.note}` : ""}`,
      measured: tg !== undefined || lc !== undefined,
    };
  });
}

// Measure the bandwidth again at the end and keep the better figure (the least disturbed).
for (const t of THREADS) {
  const { gbs } = await child<{ gbs: number }>(["--import", "tsx", self, "--worker", "bandwidth", String(t)]);
  bandwidth.set(t, Math.max(gbs, bandwidth.get(t) ?? 0));
  console.log(`read bandwidth at the end, ${t} thread${t > 1 ? "s" : ""}: ${gbs.toFixed(1)} GB/s`);
}
// More threads can always read at least as fast as fewer (one of them could do all the reading):
// a lower figure only means a thread was descheduled during the probe.
for (const t of THREADS)
  for (const u of THREADS) if (u < t) bandwidth.set(t, Math.max(bandwidth.get(t)!, bandwidth.get(u)!));
console.log();
console.log(table().join("\n"));
if (chatRows.length) console.log(`\n${[...chatHead(), ...chatTableRows().map((r) => r.line)].join("\n")}`);
const outFile = benchTarget().out;
if (outFile) {
  writeFileSync(outFile, `${table().join("\n")}\n`);
  console.log(`\nwritten to ${outFile}`);
}
if (write) {
  writeDoc();
  console.log(`\nwritten to ${option("--doc") ?? "docs/benchmarks.md"}`);
}

// ---------------------------------------------------------------- output

function f(x: number | undefined, digits = 1): string {
  return x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits);
}
function ratio(a: number | undefined, b: number | undefined, lowerIsBetter = false): string {
  if (a === undefined || b === undefined) return "—";
  return `${(lowerIsBetter ? b / a : a / b).toFixed(2)}×`;
}
/** Percent of the read bandwidth a decode at `tokS` streams, reading the whole file once per token. */
function pct(bytes: number, tokS: number | undefined, threads: number): string {
  const bw = bandwidth.get(threads);
  if (tokS === undefined || !bw) return "—";
  return `${((100 * bytes * tokS) / (bw * 1e9)).toFixed(0)} %`;
}

function line(r: Row): string {
  const name = `${r.p.shape.name} ${label(r.p.dtype)} ×${r.threads}, ${r.prompt}-token prompt`;
  const tg = median(r.tg);
  const lc = median(r.lc);
  const off = median(r.lcOff);
  if (r.note && !tg) return `${name}: ${r.note}`;
  return `${name}: prefill ${f(tg?.prefill_tok_s)} / ${f(lc?.prefill_tok_s)} (FA off ${f(off?.prefill_tok_s)}) tok/s (${ratio(tg?.prefill_tok_s, lc?.prefill_tok_s)}), decode ${f(tg?.decode_tok_s)} / ${f(lc?.decode_tok_s)} (FA off ${f(off?.decode_tok_s)}) tok/s (${ratio(tg?.decode_tok_s, lc?.decode_tok_s)})${r.note ? `; ${r.note}` : ""}`;
}

/** A file type as llama.cpp writes it: Q4_K_M, Q8_0, BF16. */
function label(dtype: BenchDType): string {
  return dtype.toUpperCase();
}

/** The KV cache of 4096 tokens in f16 (llama.cpp's default type): the big rows' RSS yardstick is the file plus this. */
function kv4096(shape: BenchShape): number {
  return 2 * shape.layers * 4096 * shape.kvHeads * (shape.hidden / shape.heads) * 2;
}

/** The table's header (a function: the top-level code runs before a const here would be set). */
function tableHead(): string[] {
  return [
    `| model | format | file MB | threads | prompt | prefill tok/s tongguan | llama.cpp | ratio | llama.cpp FA off | decode tok/s tongguan | llama.cpp | ratio | llama.cpp FA off | TTFT ms tongguan | llama.cpp | peak RSS MiB tongguan | llama.cpp | ${big ? "tongguan RSS ÷ (file + f16 KV cache of 4096 tokens)" : "tongguan RSS ÷ file"} | decode % of read bandwidth tongguan | llama.cpp |`,
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
}

/** A table row: model, format, threads and prompt identify it (cells 0, 1, 3, 4). */
function rowKey(line: string): string {
  const c = cells(line);
  return [c[0], c[1], c[3], c[4]].join("|");
}

/** Formats as ORDER, then the model: [format, model] indexes of a row's first two cells. */
function modelOrder(model: string, format: string): number[] {
  const formats = (big ? BIG_ORDER : ORDER).map(label);
  const models = (big ? [LLAMA2_7B, LLAMA3_8B] : [GPT2_124M, QWEN2_0_5B]).map((m) => m.name);
  return [formats.indexOf(format), models.indexOf(model)];
}

/** Table order: formats as ORDER, then the model, more threads first, shorter prompts first. */
function rowOrder(line: string): number[] {
  const c = cells(line);
  return [...modelOrder(c[0], c[1]), -Number(c[3]), Number(c[4])];
}

/** This run's rows: the line and whether it holds a measurement. */
function tableRows(): TableRow[] {
  return rows.map((r) => {
    const head = `| ${r.p.shape.name} | ${label(r.p.dtype)} | ${r.bytes ? f(r.bytes / 1e6, 0) : "—"} | ${r.threads} | ${r.prompt} |`;
    const tg = median(r.tg);
    const lc = median(r.lc);
    const off = median(r.lcOff);
    if (r.note && !tg && !lc) return { line: `${head} ${r.note} |${" |".repeat(14)}`, measured: false };
    return {
      line: `${head} ${f(tg?.prefill_tok_s)} | ${f(lc?.prefill_tok_s)} | ${ratio(tg?.prefill_tok_s, lc?.prefill_tok_s)} | ${f(off?.prefill_tok_s)} | ${f(tg?.decode_tok_s)} | ${f(lc?.decode_tok_s)} | ${ratio(tg?.decode_tok_s, lc?.decode_tok_s)} | ${f(off?.decode_tok_s)} | ${f(tg?.ttft_ms, 0)} | ${f(lc?.ttft_ms, 0)} | ${f(tg?.peak_rss_mb, 0)} | ${f(lc?.peak_rss_mb, 0)} | ${tg ? f((tg.peak_rss_mb * 2 ** 20) / (r.bytes + (big ? kv4096(r.p.shape) : 0)), 2) : "—"} | ${pct(r.bytes, tg?.decode_tok_s, r.threads)} | ${pct(r.bytes, lc?.decode_tok_s, r.threads)} |${r.note ? ` ${r.note}` : ""}`,
      measured: true,
    };
  });
}

function table(): string[] {
  return [...tableHead(), ...tableRows().map((r) => r.line)];
}

/** The chat's text and table: this run's chat rows merged into the doc's (none if neither has any). */
function chatSection(old: string): string[] {
  if (chatRows.length === 0 && !old.includes(chatHead()[0])) return [];
  return [chatText(), "", ...mergeTable(old, chatHead(), chatTableRows(), chatKey, chatOrder), ""];
}

function writeDoc(): void {
  const doc = option("--doc") ?? join(root, "docs/benchmarks.md");
  const begin = big ? "<!-- bench:generate-big -->" : "<!-- bench:generate -->";
  const end = big ? "<!-- /bench:generate-big -->" : "<!-- /bench:generate -->";
  const keepHeading = "### What limits each gap";
  const text = existsSync(doc) ? readFileSync(doc, "utf8") : "# Benchmarks\n";
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  const old = a >= 0 && b > a ? text.slice(a + begin.length, b) : "";
  const kept = old.includes(keepHeading) ? old.slice(old.indexOf(keepHeading)).trimEnd() : "";
  const bw = THREADS.map((t) => `${f(bandwidth.get(t))} GB/s on ${t} thread${t > 1 ? "s" : ""}`).join(", ");
  const section = [
    big
      ? "## Generation of 7–8 B models (weights past WebAssembly's 4 GiB): tongguan next to llama.cpp"
      : "## Generation: tongguan next to llama.cpp",
    "",
    `\`npm run bench:generate\` on ${started.toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, load average ${load0.toFixed(1)} at the start. Random-weight GGUF models in the real shapes, written by tongguan's GGUF writer (the same file for both engines): single-type files have every matrix in that type (as \`llama-quantize --pure\`), except that K-quant matrices whose rows are not whole 256-value super-blocks take llama.cpp's fallback (q4_K → q5_0, q5_K → q5_1, q6_K → q8_0); Q4_K_M and Q5_K_M type each tensor by llama.cpp's quantizer rules (src/formats/gguf-mix.ts). Each engine runs in its own child process (UV_THREADPOOL_SIZE=1), alternating, ${REPS} run${REPS > 1 ? "s" : ""} each, the median kept. What a row measures: after a warm-up (a 32-token batch, then 4 decode steps, then forgotten), a random prompt of the row's \`prompt\` tokens prefilled in one batch (prefill tok/s; TTFT = that prefill + the first pick), then ${GEN} greedy tokens with EOS ignored, each attending over the prompt and the tokens before it (decode tok/s) — so the 1024- and 4096-token rows give the time to first token of a long prompt and the decode speed at that context, where attention and the KV cache grow with it. A model's own context bounds its rows: GPT-2's 1024 tokens hold a 896-token prompt + ${GEN} decoded (its "1024" row), and no 4096-token prompt. \`threads\`: the compute threads of both engines (2 = both cores of this machine; the 1-thread rows beside them). Ratios are tongguan ÷ llama.cpp (higher is better for tongguan). Rows this run did not measure (\`--only\`, \`--prompt\`, \`--threads\`, \`--until\`) are kept from the run that did.`,
    "",
    'Settings. tongguan: `tongguan bench --threads N` (compiled CLI, its defaults: f16 KV cache, wasm SIMD kernels with relaxed SIMD where Node has it). llama.cpp: node-llama-cpp 3.21.1 with its prebuilt CPU build (`build: "never"`, `gpu: false`, `maxThreads` = N), run as the llama.cpp tools run it: flash attention `auto`, context and batch max(512, what the run needs), threads `{ideal: N, min: N}`, f16 KV cache; "FA off" is one run with flash attention off.',
    "",
    `Read bandwidth measured in the same run (wasm SIMD sum over 1 GiB, the best of the measurements at the start and the end, and never less for 2 threads than for 1): ${bw}. "Decode % of read bandwidth" = file bytes × decode tok/s ÷ that bandwidth — decoding reads every weight once per token, so 100 % is the ceiling.`,
    "",
    load0 > 1.5
      ? "**The machine was shared with other jobs while this ran (load average above 1.5 on 2 cores): expect ±20 % noise or worse, and compare ratios rather than absolute numbers.**"
      : "The machine was otherwise idle when this run started.",
    "",
    ...mergeTable(old, tableHead(), tableRows(), rowKey, rowOrder),
    "",
    ...chatSection(old),
    ...(kept ? [kept, ""] : []),
  ].join("\n");
  const updated =
    a >= 0 && b > a
      ? `${text.slice(0, a + begin.length)}\n${section}${text.slice(b)}`
      : `${text.trimEnd()}\n\n${begin}\n${section}${end}\n`;
  writeFileSync(doc, updated);
}

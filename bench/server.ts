/**
 * `npm run bench:server` — the OpenAI-compatible server under load: requests/s, tokens/s, p50/p99
 * latency and time to first token at 1, 4 and 16 concurrent streaming clients.
 *
 * The model is stories260K (llama2.c, from ../shared/fixtures, or TONGGUAN_BENCH_MODEL + _TOKENIZER),
 * small enough that the numbers show the server's own overhead (HTTP, SSE, queueing), not matmul speed.
 * The server runs in a child process, so the clients' work does not steal its event loop.
 *
 * Then the server under load (bench/server-load.ts): a soak of 10,000 requests with a 151,936-token
 * vocabulary (memory must stay flat), a burst of 4 × --parallel clients, and /health during a long
 * prefill. That part needs no fixture (a random-weight model is written to a temporary folder).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { markdownTable, repoRoot, writeBenchSection } from "./report.ts";

const fixtures = process.env.TONGGUAN_FIXTURES ?? join(repoRoot, "..", "shared", "fixtures");
const model = process.env.TONGGUAN_BENCH_MODEL ?? join(fixtures, "llama2c", "stories260K.bin");
const tokenizer = process.env.TONGGUAN_BENCH_TOKENIZER ?? join(fixtures, "llama2c", "tok512.bin");
const PARALLEL = 4;
const MAX_TOKENS = 64;
const REQUESTS = 48;

await import("./server-load.ts");
if (!existsSync(model)) {
  console.error(
    `bench:server: ${model} is absent (set TONGGUAN_BENCH_MODEL and TONGGUAN_BENCH_TOKENIZER) for the latency table`,
  );
  process.exit(1);
}

const server = spawn(
  process.execPath,
  [
    join(repoRoot, "bin", "tongguan.js"),
    "serve",
    model,
    "--tokenizer",
    tokenizer,
    "--port",
    "0",
    "--parallel",
    String(PARALLEL),
    "--queue",
    "64",
    "--ctx",
    "256",
  ],
  { stdio: ["ignore", "ignore", "pipe"] },
);
let log = "";
const url = await new Promise<string>((resolve, reject) => {
  server.stderr.on("data", (d: Buffer) => {
    log += d.toString();
    const m = /on (http:\/\/\S+)\/v1/.exec(log);
    if (m) resolve(m[1]);
  });
  server.once("exit", (code) => reject(new Error(`server exited (${code}): ${log}`)));
});

interface One {
  ms: number;
  ttftMs: number;
  tokens: number;
}

async function one(i: number): Promise<One> {
  const t0 = performance.now();
  const r = await fetch(`${url}/v1/completions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      prompt: `Once upon a time ${i}`,
      max_tokens: MAX_TOKENS,
      temperature: 0.8,
      seed: i + 1,
      stream: true,
      stream_options: { include_usage: true },
    }),
  });
  if (!r.ok || !r.body) throw new Error(`HTTP ${r.status}`);
  let ttftMs = 0;
  let tokens = 0;
  let buffer = "";
  const decoder = new TextDecoder();
  for await (const chunk of r.body) {
    if (ttftMs === 0) ttftMs = performance.now() - t0;
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    const usage = /"completion_tokens":(\d+)/.exec(buffer);
    if (usage) tokens = Number(usage[1]);
  }
  return { ms: performance.now() - t0, ttftMs, tokens };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const rows: (string | number)[][] = [];
try {
  await Promise.all(Array.from({ length: 4 }, (_, i) => one(i))); // warm up
  for (const clients of [1, 4, 16]) {
    const results: One[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < REQUESTS) results.push(await one(next++));
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const tokens = results.reduce((s, r) => s + r.tokens, 0);
    const row = [
      clients,
      (results.length / seconds).toFixed(1),
      (tokens / seconds).toFixed(0),
      pct(
        results.map((r) => r.ms),
        50,
      ).toFixed(0),
      pct(
        results.map((r) => r.ms),
        99,
      ).toFixed(0),
      pct(
        results.map((r) => r.ttftMs),
        50,
      ).toFixed(0),
      pct(
        results.map((r) => r.ttftMs),
        99,
      ).toFixed(0),
    ];
    rows.push(row);
    console.log(`clients ${clients}: ${row.slice(1).join(" / ")}`);
  }
} finally {
  server.kill("SIGTERM");
}

const table = markdownTable(
  ["clients", "requests/s", "tokens/s", "p50 latency ms", "p99 latency ms", "p50 TTFT ms", "p99 TTFT ms"],
  rows,
);
const file = writeBenchSection(
  "server",
  `## Server (\`npm run bench:server\`)

stories260K, \`--parallel ${PARALLEL}\`, ${REQUESTS} streamed completions of ${MAX_TOKENS} tokens per row,
temperature 0.8; ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${new Date().toISOString().slice(0, 10)}.
No peer runs here: node-llama-cpp has no HTTP server; these numbers show the server's own overhead on a tiny model.

${table}`,
);
console.log(`wrote the bench:server section of ${file}`);

/**
 * The server under load, for `npm run bench:server`: a random-weight model with Qwen2's
 * 151,936-token vocabulary (so a per-request logits buffer, 0.6 MB, would show at once) served by
 * `tongguan serve` in a child process, then
 *
 *   soak      10,000 completions; requests answered 200 and the server's RSS before and after;
 *   burst     4 × --parallel clients at once: each must get 200 or 429 (none 5xx), healthy after;
 *   prefill   /health latency while a 3,000-token prompt is prefilled (goal ≤ 100 ms).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchShape, writeRandomModel } from "../src/bench/random-model.ts";
import { markdownTable, repoRoot, writeBenchSection } from "./report.ts";

const SOAK = Number(process.env.TONGGUAN_BENCH_SOAK ?? 10_000);
const PARALLEL = 4;
const SHAPE: BenchShape = {
  id: "server-load",
  name: "server-load",
  arch: "qwen2",
  layers: 2,
  hidden: 64,
  heads: 2,
  kvHeads: 1,
  ffn: 128,
  vocab: 151_936,
  ctx: 4096,
  ropeTheta: 1e6,
  specials: ["<|endoftext|>"],
};

const dir = mkdtempSync(join(tmpdir(), "tongguan-bench-server-"));
const modelPath = join(dir, "server-load.gguf");
writeRandomModel(modelPath, SHAPE, "q8_0");

const server = spawn(
  process.execPath,
  [
    join(repoRoot, "bin", "tongguan.js"),
    "serve",
    modelPath,
    "--port",
    "0",
    "--parallel",
    String(PARALLEL),
    "--queue",
    String(PARALLEL),
    "--ctx",
    "4096",
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

/** The server's resident memory, MiB (Linux /proc). */
function rssMiB(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

async function complete(body: Record<string, unknown>): Promise<number> {
  const r = await fetch(`${url}/v1/completions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  await r.arrayBuffer();
  return r.status;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

let section = "";
try {
  // Soak: PARALLEL clients in a loop; the RSS after the first 200 requests is the baseline.
  let next = 0;
  let ok = 0;
  let rssStart = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < SOAK) {
        const i = next++;
        if (i === 200) rssStart = rssMiB();
        if ((await complete({ prompt: `request ${i}`, max_tokens: 2, temperature: 0 })) === 200) ok++;
      }
    }),
  );
  const soakSeconds = (performance.now() - t0) / 1000;
  const rssEnd = rssMiB();
  console.log(
    `soak: ${ok}/${SOAK} answered 200 in ${soakSeconds.toFixed(0)} s; RSS ${rssStart.toFixed(0)} → ${rssEnd.toFixed(0)} MiB`,
  );

  // Burst: 4 × parallel at once, each long enough to hold its slot.
  const statuses = await Promise.all(
    Array.from({ length: 4 * PARALLEL }, (_, i) =>
      complete({ prompt: `burst ${i}`, max_tokens: 64, temperature: 0 }),
    ),
  );
  const count = (s: number) => statuses.filter((x) => x === s).length;
  const fivexx = statuses.filter((s) => s >= 500).length;
  const healthyAfter =
    (await fetch(`${url}/health`)).status === 200 &&
    (await complete({ prompt: "after", max_tokens: 1 })) === 200;
  console.log(
    `burst: ${count(200)} × 200, ${count(429)} × 429, ${fivexx} × 5xx; healthy after: ${healthyAfter}`,
  );

  // /health while a long prompt is prefilled.
  const prompt = Array.from({ length: 3000 }, (_, i) => 300 + (i % 5000));
  const tPrefill = performance.now();
  let prefilling = true;
  const long = complete({ prompt, max_tokens: 1 }).finally(() => (prefilling = false));
  const latencies: number[] = [];
  await new Promise((r) => setTimeout(r, 50));
  while (prefilling) {
    const h0 = performance.now();
    await (await fetch(`${url}/health`)).text();
    latencies.push(performance.now() - h0);
    await new Promise((r) => setTimeout(r, 20));
  }
  const longStatus = await long;
  const prefillMs = performance.now() - tPrefill;
  console.log(
    `prefill of 3000 tokens: ${prefillMs.toFixed(0)} ms (status ${longStatus}); /health p50 ${pct(latencies, 50).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms over ${latencies.length} probes`,
  );

  section = `## Server under load (\`npm run bench:server\`)

A random-weight model with Qwen2's vocabulary (151,936 tokens; 2 layers of width 64, q8_0), \`tongguan serve --parallel ${PARALLEL} --queue ${PARALLEL}\`;
${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${new Date().toISOString().slice(0, 10)}, load average ${loadavg()[0].toFixed(0)} when it ended
(a busy machine makes the times upper bounds).

${markdownTable(
  ["measure", "result"],
  [
    [
      `soak: ${SOAK.toLocaleString("en")} completions (4 clients)`,
      `${ok.toLocaleString("en")} answered 200 in ${soakSeconds.toFixed(0)} s; server RSS ${rssStart.toFixed(0)} MiB after 200 requests → ${rssEnd.toFixed(0)} MiB after all`,
    ],
    [
      `burst: ${4 * PARALLEL} clients at once (4 × --parallel)`,
      `${count(200)} × 200, ${count(429)} × 429, ${fivexx} × 5xx; healthy after: ${healthyAfter ? "yes" : "no"}`,
    ],
    [
      "/health during a 3,000-token prefill",
      `prefill ${prefillMs.toFixed(0)} ms; /health p50 ${pct(latencies, 50).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms (${latencies.length} probes; goal ≤ 100 ms)`,
    ],
  ],
)}`;
} finally {
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
const file = writeBenchSection("server-load", section);
console.log(`wrote the bench:server load section of ${file}`);

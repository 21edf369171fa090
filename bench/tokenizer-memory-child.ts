/**
 * One measurement for `npm run bench:tokenizer-memory` and test/tokenizers/encode-memory.test.ts,
 * in a fresh process: load a tokenizer, then encode a file and report the peak resident memory
 * above what the process held before encoding.
 *
 *   node --expose-gc --import tsx bench/tokenizer-memory-child.ts '{"tokenizer":"cl100k_base","file":"big.txt","mode":"stream"}'
 *   → {"baseMB":92.1,"peakMB":131.0,"tokens":2534411,"seconds":4.2}
 *
 * mode "encode": readFileSync + tokenizer.encode(text) (the whole string, as any caller does);
 * mode "stream": the file read as a stream into encodeStream (what `tokenize --file` does).
 * `src` names another checkout's src/ folder (an earlier commit, for a before/after figure).
 */
import { createReadStream, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

interface Job {
  tokenizer: string;
  file: string;
  mode: "encode" | "stream";
  src?: string;
}

/** Linux's VmHWM (peak RSS since start or since the last reset), in MB. */
function peakRssMB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) / 1024;
  } catch {}
  return process.resourceUsage().maxRSS / 1024;
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0), so the peak of loading is not counted. */
function resetPeak(): void {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {}
}

const job = JSON.parse(process.argv[2]) as Job;
const src = resolve(job.src ?? new URL("../src", import.meta.url).pathname);
const { loadTokenizer } = await import(pathToFileURL(`${src}/tokenizers/index.ts`).href);
const tokenizer = await loadTokenizer(job.tokenizer);
tokenizer.encode("warm up: Hello 通关 123");
(globalThis as { gc?: () => void }).gc?.();
const baseMB = process.memoryUsage().rss / 2 ** 20;
resetPeak();
const t0 = performance.now();
let tokens: number;
if (job.mode === "encode") {
  tokens = tokenizer.encode(readFileSync(job.file, "utf8")).ids.length;
} else {
  const { encodeStream } = await import(pathToFileURL(`${src}/tokenizers/encode-stream.ts`).href);
  const stream = createReadStream(job.file, { encoding: "utf8", highWaterMark: 1 << 20 });
  tokens = (await encodeStream(tokenizer, stream)).length;
}
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ baseMB, peakMB: peakRssMB(), tokens, seconds })}\n`);

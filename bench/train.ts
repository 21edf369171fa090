/**
 * Training speed, tongguan next to PyTorch: `npm run bench:train [-- --steps N] [-- --no-write]`.
 *
 * One training step (forward, backward, clipping, AdamW) of the shipped model's shape
 * (scripts/train-default.ts: GPT-2, 4 layers, 128 wide, 4 heads, context 64, vocabulary 2048,
 * batch 24), on 1 and 2 threads; the best of N steps after one warm-up. PyTorch runs the same step
 * (bench/train-torch.py, float32, Debian's python3-torch with OpenBLAS) with the same thread
 * count, in a child process without the machine's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE settings.
 * Prints tokens/s and the ratio tongguan ÷ PyTorch and writes them to docs/benchmarks.md between
 * the `bench:train` markers.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { setThreads, shutdownPool } from "../src/tensor/index.ts";
import { gptConfig } from "../src/train/gpt-trainer.ts";
import { initParameters, LanguageModel } from "../src/train/models/index.ts";
import { AdamW } from "../src/train/optim/index.ts";
import { Random } from "../src/train/random.ts";
import { trainStep } from "../src/train/step.ts";

const args = process.argv.slice(2);
const steps = Number(args[args.indexOf("--steps") + 1] ?? 3) || 3;
const write = !args.includes("--no-write");
const shape = { arch: "gpt2" as const, layers: 4, dim: 128, heads: 4, ctx: 64 };
const vocab = 2048;
const batch = 24;

function tongguan(threads: number): number {
  setThreads(threads);
  const config = gptConfig(shape, vocab, 0);
  const rng = new Random(0);
  const model = new LanguageModel(config, initParameters(config, rng));
  const opt = new AdamW([...model.params.values()], { lr: 1e-3, betas: [0.9, 0.95], weightDecay: 0.1 });
  const ids = new Int32Array(batch * (shape.ctx + 1)).map(() => rng.int(vocab));
  const inputs = new Int32Array(batch * shape.ctx);
  const targets = new Int32Array(batch * shape.ctx);
  for (let b = 0; b < batch; b++) {
    inputs.set(ids.subarray(b * (shape.ctx + 1), b * (shape.ctx + 1) + shape.ctx), b * shape.ctx);
    targets.set(ids.subarray(b * (shape.ctx + 1) + 1, (b + 1) * (shape.ctx + 1)), b * shape.ctx);
  }
  const b = { inputs, targets, batch, steps: shape.ctx };
  trainStep(model, opt, b, 1); // warm-up (JIT, scratch buffers)
  let best = Number.POSITIVE_INFINITY;
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    trainStep(model, opt, b, 1);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return (batch * shape.ctx) / best;
}

function pytorch(threads: number): number | undefined {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const script = join(import.meta.dirname, "train-torch.py");
  const r = spawnSync(
    "/usr/bin/python3",
    [script, ...[shape.layers, shape.dim, shape.heads, shape.ctx, vocab, batch, threads, steps].map(String)],
    { env, encoding: "utf8" },
  );
  if (r.status !== 0) {
    process.stderr.write(
      `PyTorch not measured (${(r.stderr || String(r.error)).trim().split("\n").at(-1)}); apt-get install python3-torch\n`,
    );
    return undefined;
  }
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!).tokens_per_s;
}

const rows: string[] = [];
for (const threads of [1, 2]) {
  const ours = tongguan(threads);
  const theirs = pytorch(threads);
  const ratio = theirs ? `${(ours / theirs).toFixed(2)}×` : "—";
  rows.push(
    `| ${threads} | ${Math.round(ours)} | ${theirs ? Math.round(theirs) : "not measured"} | ${ratio} |`,
  );
  process.stdout.write(
    `${threads} thread(s): tongguan ${Math.round(ours)} tok/s, PyTorch ${theirs ? Math.round(theirs) : "—"} tok/s, ratio ${ratio}\n`,
  );
}
shutdownPool();

const table = [
  `Shape of the shipped model: GPT-2, ${shape.layers} layers, width ${shape.dim}, ${shape.heads} heads, context ${shape.ctx}, vocabulary ${vocab}, batch ${batch} (${batch * shape.ctx} tokens a step); one step = forward, backward, clipping, AdamW; best of ${steps} steps after a warm-up. PyTorch ${"1.13"} (Debian python3-torch, OpenBLAS pthreads), float32, same threads. ${cpus()[0]?.model ?? "CPU"}, load average ${loadavg()[0].toFixed(1)} at the end (a shared, busy machine: both columns are lower bounds and the ratio is the figure to read).`,
  "",
  "| threads | tongguan tok/s | PyTorch tok/s | tongguan ÷ PyTorch |",
  "| ---: | ---: | ---: | ---: |",
  ...rows,
].join("\n");
process.stdout.write(`\n${table}\n`);

if (write) {
  const path = join(import.meta.dirname, "..", "docs", "benchmarks.md");
  const doc = readFileSync(path, "utf8");
  const start = "<!-- bench:train start -->";
  const end = "<!-- bench:train end -->";
  const section = `${start}\n${table}\n${end}`;
  const next = doc.includes(start)
    ? doc.slice(0, doc.indexOf(start)) + section + doc.slice(doc.indexOf(end) + end.length)
    : `${doc.trimEnd()}\n\n## Training (\`npm run bench:train\`)\n\n${section}\n`;
  writeFileSync(path, next);
}

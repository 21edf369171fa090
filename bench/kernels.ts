import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { bytesPerRow } from "../src/tensor/dtypes.ts";
import { f32ToBf16, f32ToF16 } from "../src/tensor/f16.ts";
import { matmulT, matmulTPath, matmulTVariant } from "../src/tensor/fast.ts";
import { alloc, allocF32, allocWeight, memoryIndexOf, setWeightSpill } from "../src/tensor/memory.ts";
import { runRows, setThreads, shutdownPool } from "../src/tensor/pool.ts";
import { BLOCK_FORMATS } from "../src/tensor/quant/blocks.ts";
import { forgetPacked } from "../src/tensor/repack.ts";
import { type DType, type QuantType, Tensor } from "../src/tensor/tensor.ts";
import { loadKernels } from "../src/tensor/wasm/kernels.ts";
import { attentionRows } from "./kernels-attention.ts";
import { writeBenchSection } from "./report.ts";

const _root = fileURLToPath(new URL("..", import.meta.url));
const quick = process.argv.includes("--quick");
const write = !process.argv.includes("--no-write");
// --only q5_0,q5_1: only those dtypes' prefill and decode rows (a quick comparison; f32 adds its prefill
// table, attention the attention rows).
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? "").split(",") : undefined;
const pick = (dtype: DType) => !only || only.includes(dtype);
const REPS = quick ? 3 : 7;
const THREADS = [1, 2];

const lib = loadKernels();
if (!lib) throw new Error("kernels.wasm did not load: this Node lacks WebAssembly SIMD or threads");

interface Timing {
  /** Best wall-clock seconds. */
  wall: number;
  /** Best CPU seconds of this process (all threads): what the run costs when it has the cores to itself. */
  cpu: number;
}

function timeOnce(fn: () => void, into: Timing): void {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  into.wall = Math.min(into.wall, Number(process.hrtime.bigint() - t0) / 1e9);
  const c = process.cpuUsage(c0);
  into.cpu = Math.min(into.cpu, (c.user + c.system) / 1e6);
}

/**
 * Best timings of `reps` alternating runs of a and b (so both see the same disturbances), after a
 * warm-up of ≥ 3 runs and ≥ 40 ms each: V8 first runs wasm from its baseline compiler (Liftoff) and
 * swaps in the optimized code in the background, which on a busy machine takes a while.
 */
function bestPair(a: () => void, b: () => void, reps: number): [Timing, Timing] {
  for (const f of [a, b]) {
    const t0 = performance.now();
    for (let i = 0; i < 3 || performance.now() - t0 < 40; i++) f();
  }
  const ta = { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY };
  const tb = { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY };
  for (let i = 0; i < reps; i++) {
    timeOnce(a, ta);
    timeOnce(b, tb);
  }
  return [ta, tb];
}

let seed = 12345;
function rand(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
}

/** Fill `dst` by repeating `chunk` (memcpy speed, so a 500 MB weight is ready in a moment). */
/** The bytes as the typed array a Tensor of `dtype` keeps (f32, f16/bf16 bits, or raw blocks). */
function weightView(dtype: DType, view: Uint8Array): Float32Array | Uint16Array | Uint8Array {
  if (dtype === "f32") return new Float32Array(view.buffer, view.byteOffset, view.byteLength / 4);
  if (dtype === "f16" || dtype === "bf16")
    return new Uint16Array(view.buffer, view.byteOffset, view.byteLength / 2);
  return view;
}

function tile(dst: Uint8Array, chunk: Uint8Array): void {
  const first = Math.min(chunk.length, dst.length);
  dst.set(chunk.subarray(0, first));
  for (let filled = first; filled < dst.length; filled *= 2)
    dst.copyWithin(filled, 0, Math.min(filled, dst.length - filled));
}

/** A chunk of valid random data for `dtype` (small weights, sane f16 scales). */
function chunkFor(dtype: DType): Uint8Array {
  const values = 1 << 16;
  if (dtype === "f32")
    return new Uint8Array(Float32Array.from({ length: values }, () => rand() * 0.2 - 0.1).buffer);
  if (dtype === "f16" || dtype === "bf16") {
    const conv = dtype === "f16" ? f32ToF16 : f32ToBf16;
    return new Uint8Array(Uint16Array.from({ length: values }, () => conv(rand() * 0.2 - 0.1)).buffer);
  }
  const { blockBytes } = BLOCK_FORMATS[dtype as QuantType];
  const blocks = values / BLOCK_FORMATS[dtype as QuantType].blockSize;
  const b = Uint8Array.from({ length: blocks * blockBytes }, () => Math.floor(rand() * 256));
  const scales = dtype === "q6_K" ? [208] : dtype.endsWith("_K") || dtype.endsWith("_1") ? [0, 2] : [0];
  for (let o = 0; o < b.length; o += blockBytes) {
    for (const s of scales) {
      const h = f32ToF16(0.001 + rand() * 0.01);
      b[o + s] = h & 0xff;
      b[o + s + 1] = h >> 8;
    }
  }
  return b;
}

const lines: string[] = [];
function say(s = ""): void {
  console.log(s);
  lines.push(s);
}

// ---------------------------------------------------------------- read bandwidth

const BW_ROWS = 36864;
const BW_K = 4096; // 36864 rows × 16 KiB = 576 MiB
const bwData = allocF32(BW_ROWS * BW_K);
bwData.fill(1); // touch every page: untouched pages would all read the same zero page
const bwOut = allocF32(BW_ROWS);
const bandwidth = new Map<number, Timing>();
for (const t of THREADS) {
  setThreads(t);
  const args = {
    out: bwOut.byteOffset,
    x: 0,
    n: 1,
    w: bwData.byteOffset,
    k: BW_K,
    rows: BW_ROWS,
    xs: 0,
    xq: 0,
    xsum: 0,
  };
  const run = () => runRows("streamRows", args, BW_ROWS * BW_K);
  const [a] = bestPair(run, run, quick ? 2 : 4);
  bandwidth.set(t, a);
}
const gbs = (t: number, kind: keyof Timing) =>
  ((BW_ROWS * BW_K * 4 * (kind === "cpu" ? t : 1)) / bandwidth.get(t)![kind] / 1e9).toFixed(1);

const cpu = cpus()[0]?.model ?? "unknown CPU";
say(`Machine: ${cpu}, ${cpus().length} cores; load average at start ${loadavg()[0].toFixed(1)} `);
say("(the cores are shared with other jobs, so all figures are noisy lower bounds).");
say("");
say("| read bandwidth (wasm SIMD sum of 576 MiB) | 1 thread | 2 threads |");
say("| --- | --- | --- |");
say(`| GB/s (wall) | ${gbs(1, "wall")} | ${gbs(2, "wall")} |`);
say(`| GB/s per CPU-second × threads | ${gbs(1, "cpu")} | ${gbs(2, "cpu")} |`);
say("");

// ---------------------------------------------------------------- f32 matmul, prefill shapes

say(
  "| f32 matmulT, prefill (tokens × in → out) | 1 thread GFLOP/s | per CPU-s | 2 threads GFLOP/s | per CPU-s |",
);
say("| --- | --- | --- | --- | --- |");
for (const [n, k, rows] of pick("f32")
  ? ([
      [128, 896, 896],
      [128, 896, 4864],
    ] as const)
  : []) {
  const wd = allocF32(rows * k);
  tile(new Uint8Array(wd.buffer, wd.byteOffset, wd.byteLength), chunkFor("f32"));
  const w = new Tensor([rows, k], "f32", wd);
  const x = allocF32(n * k);
  x.set(new Float32Array(x.length).map(() => rand() - 0.5));
  const out = allocF32(n * rows);
  const cells = THREADS.flatMap((t) => {
    setThreads(t);
    const run = () => matmulT(out, x, n, w);
    const [a] = bestPair(run, run, quick ? 2 : 3);
    const flop = 2 * n * k * rows;
    return [(flop / a.wall / 1e9).toFixed(1), ((t * flop) / a.cpu / 1e9).toFixed(1)];
  });
  say(`| ${n} × ${k} → ${rows} | ${cells.join(" | ")} |`);
}
say("");

// ---------------------------------------------------------------- quantized matmul, prefill shapes

// Quantized weights at prefill: n = 128 tokens in one call, which the kernels work through in tiles
// of 4 tokens (each weight block unpacked once per tile). The peer, in the same alternating timing:
// the same 128 tokens as 128 calls with n = 1 (each token streams and unpacks all the weights again).
// Qwen2-0.5B needs ~358 M multiply-adds per token in its 24 layers (the output head is skipped at
// prefill but for the last token), so its prefill tok/s ≈ GFLOP/s / 0.716 from these kernels alone.
say(
  "| quantized and f16 matmulT, prefill 128 tokens | 1 thread GFLOP/s | per CPU-s | 2 threads GFLOP/s | per CPU-s | vs 128 × (n = 1), 2 threads |",
);
say("| --- | --- | --- | --- | --- | --- |");
const PREFILL: [DType, number, number][] = [
  ["q8_0", 896, 4864],
  ["q8_0", 4864, 896],
  ["q4_0", 896, 4864],
  ["q4_0", 4864, 896],
  ["q5_0", 896, 4864],
  ["q5_1", 896, 4864],
  ["q4_K", 4864, 896],
  ["q5_K", 4864, 896],
  ["q6_K", 4864, 896],
  ["f16", 896, 4864],
].filter(([dtype]) => pick(dtype as DType)) as [DType, number, number][];
{
  const n = 128;
  const x = allocF32(n * 4864);
  x.set(new Float32Array(x.length).map(() => rand() - 0.5));
  const out = allocF32(n * 4864);
  for (const [dtype, k, rows] of PREFILL) {
    const wd = alloc(rows * bytesPerRow(dtype, k), 64);
    tile(wd, chunkFor(dtype));
    const w = new Tensor(
      [rows, k],
      dtype,
      dtype === "f16" ? new Uint16Array(wd.buffer, wd.byteOffset, rows * k) : wd,
    );
    const path = matmulTPath(w);
    const flop = 2 * n * k * rows;
    const cells: string[] = [];
    let ratio = "";
    for (const t of THREADS) {
      setThreads(t);
      const tiled = () => matmulT(out.subarray(0, n * rows), x.subarray(0, n * k), n, w);
      const perToken = () => {
        for (let i = 0; i < n; i++)
          matmulT(out.subarray(i * rows, (i + 1) * rows), x.subarray(i * k, (i + 1) * k), 1, w);
      };
      const [a, b] =
        t === 2 ? bestPair(tiled, perToken, quick ? 2 : 3) : [bestPair(tiled, tiled, quick ? 2 : 3)[0]];
      cells.push((flop / a.wall / 1e9).toFixed(1), ((t * flop) / a.cpu / 1e9).toFixed(1));
      if (b) ratio = `${(b.cpu / a.cpu).toFixed(2)}× (CPU time)`;
    }
    say(
      `| ${dtype}${path === "wasm-relaxed" ? "ʳ" : ""} 128 × ${k} → ${rows} | ${cells.join(" | ")} | ${ratio} |`,
    );
  }
}
say("");

// ---------------------------------------------------------------- prefill in a weight memory

// A model past wasm32's 4 GiB keeps its matrices in weight memories (memory.ts); a matmul there runs
// the same kernels instantiated on that memory, after copying x in (and the result out). The same
// weight in memory 0 and in a weight memory, alternating: the two columns should match.
const BIG: DType[] = (["q8_0", "q4_0", "q4_K", "q6_K"] as DType[]).filter(pick);
if (BIG.length > 0) {
  say(
    "| prefill 128 tokens, Llama-7B shape 4096 → 4096, 1 thread | memory 0 GFLOP/s per CPU-s | weight memory GFLOP/s per CPU-s | ratio |",
  );
  say("| --- | --- | --- | --- |");
  setThreads(1);
  const n = 128;
  const k = 4096;
  const rows = 4096;
  const x = allocF32(n * k);
  x.set(new Float32Array(x.length).map(() => rand() - 0.5));
  const out = new Float32Array(n * rows);
  for (const dtype of BIG) {
    const bytes = rows * bytesPerRow(dtype, k);
    const inZero = alloc(bytes, 64);
    tile(inZero, chunkFor(dtype));
    setWeightSpill(true);
    let inWeights: Uint8Array;
    try {
      inWeights = allocWeight(bytes, true);
    } finally {
      setWeightSpill(false);
    }
    inWeights.set(inZero);
    const w0 = new Tensor([rows, k], dtype, inZero);
    const w1 = new Tensor([rows, k], dtype, inWeights);
    if (memoryIndexOf(w1.data) < 1) throw new Error("the weight-memory copy landed in memory 0");
    const [a, b] = bestPair(
      () => matmulT(out, x, n, w0),
      () => matmulT(out, x, n, w1),
      quick ? 2 : 3,
    );
    const flop = 2 * n * k * rows;
    say(
      `| ${dtype}${matmulTPath(w0) === "wasm-relaxed" ? "ʳ" : ""} | ${(flop / a.cpu / 1e9).toFixed(1)} | ${(flop / b.cpu / 1e9).toFixed(1)} | ${(a.cpu / b.cpu).toFixed(2)} |`,
    );
  }
  say("");
}

// ---------------------------------------------------------------- matvec, decode shapes

const SHAPES: [number, number, string][] = [
  [896, 4864, "896 → 4864"],
  [4864, 896, "4864 → 896"],
  [896, 151936, "896 → 151936 (output head)"],
];
const DTYPES = (
  ["f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q4_K", "q5_K", "q6_K"] as DType[]
).filter(pick);
const maxBytes = Math.max(...SHAPES.map(([k, rows]) => rows * bytesPerRow("f32", k)));
const region = alloc(maxBytes, 64);
const x1 = allocF32(4864);
x1.set(new Float32Array(4864).map(() => rand() - 0.5));
const out1 = allocF32(151936);

const relaxedVsPlain: string[] = [];
say(
  "| matmulT n = 1 (decode) | weight MB | 1 thread GB/s | per CPU-s | % of read bw | 2 threads GB/s | per CPU-s | % of read bw |",
);
say("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const dtype of DTYPES) {
  forgetPacked(region); // the 5-bit weights of the last dtype were repacked in place (repack.ts)
  tile(region, chunkFor(dtype));
  for (const [k, rows, label] of SHAPES) {
    if (k % (dtype.endsWith("_K") ? 256 : 1) !== 0) {
      say(`| ${dtype} ${label} | — | n/a: ${k} is not whole blocks of 256 | | | | | |`);
      continue;
    }
    const bytes = rows * bytesPerRow(dtype, k);
    // A model's decode streams hundreds of MB per token, so no matrix is in cache when its turn
    // comes: cycle through copies of a small matrix (≥ 256 MB in all) so each call reads from memory.
    const copies = Math.max(1, Math.min(Math.floor(region.length / bytes), Math.ceil(256e6 / bytes)));
    const ws = Array.from(
      { length: copies },
      (_, c) => new Tensor([rows, k], dtype, weightView(dtype, region.subarray(c * bytes, (c + 1) * bytes))),
    );
    const w = ws[0];
    const path = matmulTPath(w);
    if (path === "js") throw new Error(`${dtype}: not on the wasm path`);
    // A first call on each copy, untimed: it repacks the 5-bit types' bytes in place (load-time work).
    for (const c of ws) matmulT(out1.subarray(0, rows), x1.subarray(0, k), 1, c);
    const cells: string[] = [];
    for (const t of THREADS) {
      setThreads(t);
      const reps = bytes > 2e8 ? Math.min(REPS, 3) : REPS;
      // One timed run = enough calls for ≥ 64 MB (a few ms): the best of single 0.1 ms calls would
      // measure the luckiest moment of a noisy machine rather than a decode's steady pace.
      const calls = Math.ceil(64e6 / bytes);
      let next = 0;
      const run = () => {
        for (let i = 0; i < calls; i++)
          matmulT(out1.subarray(0, rows), x1.subarray(0, k), 1, ws[next++ % copies]);
      };
      const [mv] = bestPair(run, run, reps);
      const perCpu = (t * calls * bytes) / mv.cpu / 1e9;
      const wall = (calls * bytes) / mv.wall / 1e9;
      const read = (BW_ROWS * BW_K * 4) / bandwidth.get(t)!.wall / 1e9;
      cells.push(wall.toFixed(1), perCpu.toFixed(1), `${Math.round((100 * wall) / read)} %`);
    }
    say(
      `| ${dtype}${path === "wasm-relaxed" ? "ʳ" : ""} ${label} | ${(bytes / 1e6).toFixed(1)} | ${cells.join(" | ")} |`,
    );
    if (rows === 896 && path === "wasm-relaxed") {
      // The peer: the same weight through the plain-SIMD build, one thread, same alternating timing.
      const o = out1.subarray(0, rows);
      const xv = x1.subarray(0, k);
      const [rel, pl] = bestPair(
        () => matmulTVariant("relaxed", o, xv, 1, w),
        () => matmulTVariant("plain", o, xv, 1, w),
        REPS,
      );
      relaxedVsPlain.push(
        `| ${dtype} ${label} | ${(bytes / pl.cpu / 1e9).toFixed(1)} | ${(bytes / rel.cpu / 1e9).toFixed(1)} | ${(pl.cpu / rel.cpu).toFixed(2)}× |`,
      );
    }
  }
}
say("");
say("ʳ: relaxed-SIMD kernel (8-bit dot products); the others use plain 128-bit SIMD.");
say("");
say("| relaxed vs plain SIMD, 1 thread, n = 1 | plain GB/s per CPU-s | relaxed GB/s per CPU-s | speed-up |");
say("| --- | --- | --- | --- |");
for (const l of relaxedVsPlain) say(l);
say("");
say('GB/s: weight bytes over the best wall time. "per CPU-s": the same over this process\'s CPU time');
say(
  "(× threads) — the speed with the cores to ourselves, a fairer figure on a shared machine. For 2 threads it",
);
say(
  "assumes both run at once without slowing each other, which this shared machine could not show: compare the",
);
say("wall-clock columns.");
say('"% of read bw": wall-clock GB/s over the read bandwidth measured above on as many threads (576 MiB');
say(
  "streamed): how close decoding gets to the memory bound. Each call reads its weights from memory, as in a",
);
say(
  "model's decode: a small matrix is cycled through copies of itself (≥ 256 MB in all), so it is not in cache.",
);
say(
  "The yardstick reads two streams half the buffer apart, as the decode kernels do (one stream under-reads",
);
say("this memory: 28.3 GB/s on 2 threads, in line with the commonly quoted 25–31 GB/s).");
say("Shapes whose rows are not whole 256-value super-blocks cannot be K-quants; llama.cpp's quantizer");
say("stores such tensors as q5_0 (for q4_K), q5_1 (q5_K) or q8_0 (q6_K).");
say("");
say("Prefill: with n ≥ 4 tokens f16 and bf16 convert 4–8 weight rows at a time to f32 for the f32 tiles;");
say(
  "the quantized kernels work in tiles of 8 tokens (q4_0, q4_1, q4_K, q6_K with relaxed SIMD, on activations",
);
say("laid out tile by tile) or 4 (q8_0: 2 rows × 4; the other types; an n % 8 ≥ 4 rest), so each weight");
say("block is loaded and unpacked once per tile, the tokens' integer sums share one scale multiply-add, and");
say("row groups of ~96 KB stay in L2 while the token tiles stream past; the");
say('"vs 128 × (n = 1)" column is that gain. What still limits it: 128-bit wasm SIMD does 8 (i16, q8_0) or');
say("16 (relaxed i8, 4/6-bit) multiply-adds per instruction where llama.cpp's AVX2 code does 16–32 and its");
say("AVX-512 code 64 (npm run bench:simd-ceiling measures the ceiling of each), and");
say("a second thread helps only as far as it is free when a job is posted (the pool: src/tensor/pool.ts).");
say("Threads share a job's rows in chunks claimed through one atomic counter, so a thread that");
say("wakes late (or not at all) leaves its share to the one that runs.");
say("");

// ---------------------------------------------------------------- attention over a KV cache

if (!only || only.includes("attention")) attentionRows(say, bestPair, THREADS, quick ? 2 : 3);

await shutdownPool();

if (write && !only) {
  const body = [
    "## Kernels (`npm run bench:kernels`)",
    "",
    "Targets (issue 2): q8_0 and q4_K decode matvec ≥ 70 % of the measured read bandwidth on 2 threads;",
    "f32 prefill matmul ≥ 25 GFLOP/s on 2 threads. Issue 6 asks prefill ≥ 0.5 × llama.cpp: its Q8_0",
    "Qwen2-0.5B prefill here, ~280 tok/s on 2 threads, is ~200 GFLOP/s of matmul (358 M multiply-adds a token).",
    "",
    ...lines,
  ].join("\n");
  console.log(writeBenchSection("kernels", body));
}

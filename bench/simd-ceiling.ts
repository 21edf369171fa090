/**
 * `npm run bench:simd-ceiling` — the most multiply-adds one core can do per second in 128-bit wasm
 * SIMD, and what that allows a prefill at most.
 *
 * Each loop below keeps everything in registers (no load or store in the loop) and runs enough
 * independent chains that the multiply units, not a chain's latency, set the pace: the throughput
 * ceiling of the instruction, as V8 compiles it on this CPU. The prefill kernels can only come
 * closer to it, never pass it, so the ceiling × 2 cores ÷ a model's multiply-adds per token bounds
 * the prefill tok/s any 128-bit wasm kernel can reach here:
 *
 *   i16 dot      i32x4.dot_i16x8_s + i32x4.add                        8 multiply-adds (q8_0's tiles)
 *   i8 dot, i16  i16x8.relaxed_dot_i8x16_i7x16_s + i16x8.add          16 (the sums kept in i16)
 *   i8 dot ×m    m of those summed in i16, then one widening pmaddwd  16 each (the 4/6-bit tiles: m = 2)
 *   f32 madd     f32x4.relaxed_madd (one FMA)                          4 (f32/f16/bf16 tiles)
 *   f32 mul+add  f32x4.mul + f32x4.add (plain SIMD)                    4
 *
 * "clock": a chain of dependent i32.add (one cycle each), so the rates can be read per cycle.
 * Rates are per CPU-second of this thread (process.cpuUsage), the fairer figure on a shared machine.
 * The loops are AssemblyScript compiled here by the AssemblyScript compiler of the peers
 * (npm run bench:setup); nothing is written to disk.
 *
 * Flags: --ms N  time per measurement (default 200); --reps N  measurements, best kept (default 9).
 */
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { type BenchShape, GPT2_124M, LLAMA2_7B, LLAMA3_8B, QWEN2_0_5B } from "../src/bench/random-model.ts";

setFlagsFromString("--experimental-wasm-relaxed-simd"); // Node 20; later Node versions have it on

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const MS = flag("--ms", 200);
const REPS = flag("--reps", 9);

/**
 * The loops, as AssemblyScript made by `loop`. Each step reads its inputs (xs activation and ws
 * weight vectors, the same 128 bytes every step: L1 hits, folded into the multiply instructions
 * where V8 can) and adds their products into `accs` accumulators held in registers, each product a
 * different (x, w) pair so none can be shared. A chain's only loop-carried dependency is its one add
 * (or FMA), so the multiplies run at their throughput, not their latency, and at most 15 of the 16
 * xmm registers are live, so nothing spills. (Inputs held in registers instead: V8 rebuilds a
 * splatted or constant vector inside the loop at every use, which measures the rebuilding.) Each
 * returns a lane of its sums so nothing is optimized away.
 */
function loop(
  name: string,
  o: {
    accs: number;
    xs: number;
    ws: number;
    lane: "i32" | "i16" | "f32";
    body: (acc: string, i: number) => string;
  },
): string {
  const type = o.lane === "f32" ? "f32" : "i32";
  const splat = o.lane === "f32" ? "f32x4.splat" : o.lane === "i16" ? "i16x8.splat" : "i32x4.splat";
  const add = o.lane === "f32" ? "f32x4.add" : o.lane === "i16" ? "i16x8.add" : "i32x4.add";
  const cast = o.lane === "f32" ? "<f32>" : o.lane === "i16" ? "<i16>" : "";
  const lines = [`export function ${name}(iters: i32, seed: i32, p: usize): ${type} {`];
  for (let i = 0; i < o.accs; i++) lines.push(`  let a${i} = ${splat}(${cast}(seed + ${i}));`);
  lines.push("  for (let i = 0; i < iters; i++) {");
  for (let j = 0; j < o.xs; j++) lines.push(`    const x${j} = v128.load(p, ${16 * j});`);
  for (let j = 0; j < o.ws; j++) lines.push(`    const w${j} = v128.load(p, ${16 * (j + 4)});`);
  for (let i = 0; i < o.accs; i++) lines.push(`    a${i} = ${o.body(`a${i}`, i)};`);
  lines.push("  }");
  let sum = "a0";
  for (let i = 1; i < o.accs; i++) sum = `${add}(${sum}, a${i})`;
  const extract =
    o.lane === "f32"
      ? "f32x4.extract_lane"
      : o.lane === "i16"
        ? "i16x8.extract_lane_s"
        : "i32x4.extract_lane";
  lines.push(`  return ${extract}(${sum}, 0);`, "}");
  return lines.join("\n");
}

const dot8 = (x: number, w: number) => `i16x8.relaxed_dot_i8x16_i7x16_s(x${x}, w${w})`;
const SOURCE = [
  // 8 chains; the 8 products are the 8 (x, w) pairs.
  loop("dotI16", {
    accs: 8,
    xs: 2,
    ws: 4,
    lane: "i32",
    body: (a, i) => `i32x4.add(${a}, i32x4.dot_i16x8_s(x${i & 1}, w${i >> 1}))`,
  }),
  loop("dotI8", {
    accs: 8,
    xs: 2,
    ws: 4,
    lane: "i16",
    body: (a, i) => `i16x8.add(${a}, ${dot8(i & 1, i >> 1)})`,
  }),
  // Widened to i32 (extadd_pairwise: a pmaddwd by 1) after each product, or after 2 or 4 summed in i16.
  loop("dotI8w1", {
    accs: 6,
    xs: 2,
    ws: 3,
    lane: "i32",
    body: (a, i) => `i32x4.add(${a}, i32x4.extadd_pairwise_i16x8_s(${dot8(i & 1, i >> 1)}))`,
  }),
  loop("dotI8w2", {
    accs: 4,
    xs: 2,
    ws: 4,
    lane: "i32",
    body: (a, i) => `i32x4.add(${a}, i32x4.extadd_pairwise_i16x8_s(i16x8.add(${dot8(0, i)}, ${dot8(1, i)})))`,
  }),
  loop("dotI8w4", {
    accs: 2,
    xs: 2,
    ws: 4,
    lane: "i32",
    body: (a, i) =>
      `i32x4.add(${a}, i32x4.extadd_pairwise_i16x8_s(i16x8.add(i16x8.add(${dot8(0, 2 * i)}, ${dot8(1, 2 * i)}), i16x8.add(${dot8(0, 2 * i + 1)}, ${dot8(1, 2 * i + 1)}))))`,
  }),
  // 10 chains of FMA (its latency is 4 cycles: 8 would just keep 2 units busy).
  loop("fmaRelaxed", {
    accs: 10,
    xs: 2,
    ws: 4,
    lane: "f32",
    body: (a, i) => `f32x4.relaxed_madd(x${i & 1}, w${(i >> 1) & 3}, ${a})`,
  }),
  loop("fmaPlain", {
    accs: 8,
    xs: 2,
    ws: 4,
    lane: "f32",
    body: (a, i) => `f32x4.add(f32x4.mul(x${i & 1}, w${i >> 1}), ${a})`,
  }),
  `
// 12 dependent i32 adds a step: one cycle each, so iters·12 / seconds ≈ the clock.
export function clock(iters: i32, seed: i32, p: usize): i32 {
  let a = seed;
  for (let i = 0; i < iters; i++) {
    a += i; a += seed; a += i; a += seed; a += i; a += seed;
    a += i; a += seed; a += i; a += seed; a += i; a += seed;
  }
  return a;
}`,
].join("\n\n");

/** name → multiply-adds per loop step (or adds, for the clock). */
const LOOPS: { name: string; label: string; perStep: number }[] = [
  { name: "clock", label: "clock: dependent i32.add", perStep: 12 },
  { name: "dotI16", label: "i16 dot (i32x4.dot_i16x8_s + add)", perStep: 8 * 8 },
  { name: "dotI8", label: "i8 dot, sums kept in i16 (relaxed_dot_i8x16_i7x16_s + i16 add)", perStep: 8 * 16 },
  { name: "dotI8w1", label: "i8 dot widened after each (+ pmaddwd + add)", perStep: 6 * 16 },
  { name: "dotI8w2", label: "i8 dot widened after 2 summed in i16", perStep: 8 * 16 },
  { name: "dotI8w4", label: "i8 dot widened after 4 summed in i16", perStep: 8 * 16 },
  { name: "fmaRelaxed", label: "f32x4.relaxed_madd (FMA)", perStep: 10 * 4 },
  { name: "fmaPlain", label: "f32x4.mul + f32x4.add (plain SIMD)", perStep: 8 * 4 },
];

/** Where the loops' inputs lie in the module's own memory. */
const INPUTS = 4096;

async function compile(): Promise<Record<string, WebAssembly.ExportValue>> {
  const req = createRequire(join(root, "bench", "package.json"));
  let ascPath: string;
  try {
    ascPath = join(dirname(req.resolve("assemblyscript/package.json")), "dist", "asc.js");
  } catch {
    throw new Error("simd-ceiling: the AssemblyScript compiler is not installed: npm run bench:setup");
  }
  const asc = (await import(pathToFileURL(ascPath).href)) as {
    compileString(
      src: string,
      options: Record<string, unknown>,
    ): Promise<{ binary: Uint8Array | null; stderr: { toString(): string } }>;
  };
  const r = await asc.compileString(SOURCE, {
    optimizeLevel: 3,
    runtime: "stub",
    noAssert: true,
    enable: ["simd", "relaxed-simd"],
    initialMemory: 1,
  });
  if (!r.binary) throw new Error(`simd-ceiling: asc failed\n${r.stderr.toString()}`);
  const { exports } = new WebAssembly.Instance(await WebAssembly.compile(r.binary));
  // The loops' 128 bytes of inputs: small values, valid for every reading (i8 codes in 0..63, f32 near 1).
  const bytes = new Uint8Array((exports.memory as WebAssembly.Memory).buffer, INPUTS, 128);
  for (let i = 0; i < 128; i++) bytes[i] = (i * 37 + 11) & 63;
  new Float32Array(bytes.buffer, INPUTS, 16).fill(1.25);
  new Float32Array(bytes.buffer, INPUTS + 64, 16).fill(1 / 1024);
  return exports;
}

type Loop = (iters: number, seed: number, inputs: number) => number;

/** Best rate (units per CPU-second) of `reps` runs of ~MS ms each, after a warm-up. */
function rate(fn: Loop, perStep: number): number {
  let iters = 1000;
  for (;;) {
    const t0 = performance.now();
    fn(iters, 3, INPUTS);
    const ms = performance.now() - t0;
    if (ms > 20) {
      iters = Math.ceil((iters * MS) / ms);
      break;
    }
    iters *= 4;
  }
  let best = 0;
  for (let i = 0; i < REPS; i++) {
    const c0 = process.cpuUsage();
    fn(iters, 3 + i, INPUTS);
    const c = process.cpuUsage(c0);
    best = Math.max(best, (iters * perStep) / ((c.user + c.system) / 1e6));
  }
  return best;
}

/**
 * Multiply-adds per token of a prompt in the weight matrices of every layer (attention q, k, v, o;
 * the FFN). Not counted: attention itself (≤ 2 % at a 128-token prompt) and the output head (run for
 * the last token only).
 */
function macsPerToken(s: BenchShape): number {
  const kv = (s.hidden / s.heads) * s.kvHeads;
  const attn = 2 * s.hidden * s.hidden + 2 * s.hidden * kv;
  const ffn = (s.arch === "gpt2" ? 2 : 3) * s.hidden * s.ffn;
  return s.layers * (attn + ffn);
}

const exports = await compile();
console.log(
  `SIMD ceiling of one core, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at start; best of ${REPS} × ${MS} ms per CPU-second.`,
);
console.log("");
const rates = new Map<string, number>();
let hz = 0;
console.log("| register-resident loop | G multiply-adds / s | per cycle |");
console.log("| --- | ---: | ---: |");
for (const l of LOOPS) {
  const r = rate(exports[l.name] as Loop, l.perStep);
  rates.set(l.name, r);
  if (l.name === "clock") {
    hz = r;
    console.log(`| ${l.label} | ${(r / 1e9).toFixed(2)} G adds/s ≈ GHz | 1 |`);
  } else console.log(`| ${l.label} | ${(r / 1e9).toFixed(1)} | ${(r / hz).toFixed(1)} |`);
}
console.log("");

const SHAPES = [GPT2_124M, QWEN2_0_5B, LLAMA2_7B, LLAMA3_8B];
const ceil = (name: string, s: BenchShape) => ((2 * rates.get(name)!) / macsPerToken(s)).toFixed(0);
console.log(
  "| prefill ceiling, 2 cores (tok/s) | M multiply-adds / token | q8_0 (i16 dot) | 4/6-bit (i8 dot, widened per 2) | i8 dot, no widening | f32/f16/bf16 (FMA) |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const s of SHAPES) {
  console.log(
    `| ${s.name} | ${(macsPerToken(s) / 1e6).toFixed(0)} | ${ceil("dotI16", s)} | ${ceil("dotI8w2", s)} | ${ceil("dotI8", s)} | ${ceil("fmaRelaxed", s)} |`,
  );
}

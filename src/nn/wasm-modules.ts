/**
 * Loads the small WebAssembly modules of src/nn/wasm (attention, activation and row loops, built by
 * `npm run build:wasm:nn` from the .as.ts sources beside them) on the shared tensor memory, so they
 * read and write the same Float32Arrays as the rest of the model. They hold no data of their own.
 *
 * Their `…Job` functions also run on the worker pool (`runRowJob`): rows split across the threads.
 */
import { readFileSync } from "node:fs";
import { memory, type PoolFunction, poolFunction, type RowArgs, runPool } from "../tensor/index.ts";

const loaded = new Map<string, { module: WebAssembly.Module; exports: Record<string, unknown> } | null>();

function load(name: string): { module: WebAssembly.Module; exports: Record<string, unknown> } | null {
  if (loaded.has(name)) return loaded.get(name)!;
  let result: { module: WebAssembly.Module; exports: Record<string, unknown> } | null = null;
  try {
    const module = new WebAssembly.Module(readFileSync(new URL(`./wasm/${name}.wasm`, import.meta.url)));
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    result = { module, exports };
  } catch {
    result = null;
  }
  loaded.set(name, result);
  return result;
}

/** The exports of src/nn/wasm/`name`.wasm, or null where this runtime cannot compile it (no SIMD). */
export function loadNnWasm<T>(name: string): T | null {
  return (load(name)?.exports as T | undefined) ?? null;
}

const jobs = new Map<string, PoolFunction | null>();
const args: RowArgs = { out: 0, x: 0, n: 0, w: 0, k: 0, rows: 0, xs: 0, xq: 0, xsum: 0 };

/**
 * Runs `fn` of src/nn/wasm/`module`.wasm over `rows` rows, split across the worker pool's threads when
 * `work` (values touched) makes that pay: fn(a0, a1, a2, a3, a4, rows, r0, r1, a8), at least
 * `minRowsPerThread` rows a thread. False when the
 * module cannot load (the caller then takes its JavaScript path).
 */
export function runRowJob(
  module: string,
  fn: string,
  rows: number,
  work: number,
  a0: number,
  a1: number,
  a2: number,
  a3 = 0,
  a4 = 0,
  a8 = 0,
  minRowsPerThread = 4,
): boolean {
  const key = `${module}.${fn}`;
  let job = jobs.get(key);
  if (job === undefined) {
    const m = load(module);
    job = m ? poolFunction(m.module, m.exports, fn) : null;
    jobs.set(key, job);
  }
  if (!job) return false;
  args.out = a0;
  args.x = a1;
  args.n = a2;
  args.w = a3;
  args.k = a4;
  args.rows = rows;
  args.xs = a8;
  runPool(job, args, work, minRowsPerThread);
  return true;
}

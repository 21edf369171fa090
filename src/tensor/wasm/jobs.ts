/**
 * Runs a `…Job` function of a small wasm module (attention, activations, rows) on the worker pool:
 * the rows 0..rows split across the threads, each calling fn(out, x, n, w, k, rows, r0, r1, xs) with
 * its own range r0..r1 — the matmul kernels' argument order, which every pool function shares
 * (pool.ts). The job functions in assembly/ name what each slot carries for them.
 */
import { type PoolFunction, poolFunction, type RowArgs, runPool } from "../pool.ts";
import { loadWasm } from "./kernels.ts";

/** module → function → its pool function (null: the module does not load). Nested maps: no key string is built per call. */
const jobs = new Map<string, Map<string, PoolFunction | null>>();
const args: RowArgs = { out: 0, x: 0, n: 0, w: 0, k: 0, rows: 0, xs: 0, xq: 0, xsum: 0 };

/** The slots a job reads; those left out are 0. */
export interface JobSlots {
  out: number;
  x?: number;
  n?: number;
  w?: number;
  k?: number;
  xs?: number;
}

/**
 * `fn` of module `module` over `rows` rows, on several threads when `work` (values touched) makes that
 * pay, at least `minRowsPerThread` rows a thread. False when the module cannot load.
 */
export function runJob(
  module: string,
  fn: string,
  rows: number,
  work: number,
  slots: JobSlots,
  minRowsPerThread = 4,
): boolean {
  let byFn = jobs.get(module);
  if (!byFn) {
    byFn = new Map();
    jobs.set(module, byFn);
  }
  let job = byFn.get(fn);
  if (job === undefined) {
    const m = loadWasm(module);
    job = m ? poolFunction(m.module, m.exports, fn) : null;
    byFn.set(fn, job);
  }
  if (!job) return false;
  args.out = slots.out;
  args.x = slots.x ?? 0;
  args.n = slots.n ?? 0;
  args.w = slots.w ?? 0;
  args.k = slots.k ?? 0;
  args.rows = rows;
  args.xs = slots.xs ?? 0;
  runPool(job, args, work, minRowsPerThread);
  return true;
}

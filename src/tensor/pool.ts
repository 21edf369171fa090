/**
 * The worker pool: splits a kernel's output rows across CPU cores.
 *
 * Each worker thread (worker.mjs) instantiates the same wasm module on the same shared memory, so
 * weights and activations are never copied. Calls stay synchronous — models call matmulT like any
 * function — because the threads meet through Atomics on a small control block in that memory:
 *
 *   main: write kernel + args → bump GEN, notify → compute part 0 → wait until DONE == workers
 *   each worker: wait for GEN to move → compute its part → DONE += 1, notify
 *
 * Workers are unref'd: idle, they do not keep the process alive.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { alloc, memory } from "./memory.ts";
import { KERNEL_NAMES, type KernelName, type Kernels, loadKernels } from "./wasm/kernels.ts";

const GEN = 0;
const DONE = 1;
const KERNEL = 2;
const PARTS = 3;
const ARGS = 4;
const ERROR = 13;

let threads = Math.max(1, availableParallelism());
let workers: Worker[] = [];
let ctrl: Int32Array | undefined;

/** Threads used by matmulT (the main thread counts as one). Default: os.availableParallelism(). */
export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setThreads: need a whole number ≥ 1, got ${n}`);
  threads = n;
}

export function getThreads(): number {
  return threads;
}

/** Start row of `part` of `parts`: multiples of 4 (the f32 kernel's tile); the last part ends at rows. */
export function splitPoint(rows: number, part: number, parts: number): number {
  if (part >= parts) return rows;
  return Math.min(rows, Math.floor((rows * part) / parts / 4) * 4);
}

function ensureWorkers(count: number, module: WebAssembly.Module): Int32Array {
  if (!ctrl) {
    const bytes = alloc(64, 64);
    ctrl = new Int32Array(bytes.buffer, bytes.byteOffset, 16);
  }
  while (workers.length < count) {
    const w = new Worker(new URL("./worker.mjs", import.meta.url), {
      workerData: {
        module,
        memory,
        ctrlPtr: ctrl.byteOffset,
        index: workers.length,
        names: KERNEL_NAMES,
        gen0: Atomics.load(ctrl, GEN),
      },
      execArgv: [], // no TypeScript loader needed: the worker is plain JavaScript
    });
    w.unref();
    workers.push(w);
  }
  return ctrl;
}

/** Run a matmul kernel over `rows` output rows, on up to getThreads() threads. Synchronous. */
export function runRows(
  kernels: Kernels,
  name: KernelName,
  args: {
    out: number;
    x: number;
    n: number;
    w: number;
    k: number;
    rows: number;
    xs: number;
    xq: number;
    xsum: number;
  },
  work: number,
): void {
  const { out, x, n, w, k, rows, xs, xq, xsum } = args;
  const loadedModule = loadKernels()!.module;
  // Waking threads costs ~10–50 µs; below ~64k multiply-adds one thread is faster.
  const parts = Math.min(threads, Math.max(1, Math.floor(rows / 4)), work < 65536 ? 1 : threads);
  if (parts <= 1) {
    kernels[name](out, x, n, w, k, rows, 0, rows, xs, xq, xsum);
    return;
  }
  const c = ensureWorkers(parts - 1, loadedModule);
  const a = [out, x, n, w, k, rows, xs, xq, xsum];
  for (let i = 0; i < a.length; i++) c[ARGS + i] = a[i]!;
  c[KERNEL] = KERNEL_NAMES.indexOf(name);
  c[PARTS] = parts;
  c[ERROR] = 0;
  Atomics.store(c, DONE, 0);
  Atomics.add(c, GEN, 1);
  Atomics.notify(c, GEN);
  try {
    kernels[name](out, x, n, w, k, rows, 0, splitPoint(rows, 1, parts), xs, xq, xsum);
  } finally {
    // Even if our part threw, wait for the workers: the next job must not start while they run.
    const expected = workers.length;
    for (let spin = 0; ; spin++) {
      const d = Atomics.load(c, DONE);
      if (d >= expected) break;
      if (spin > 1000) Atomics.wait(c, DONE, d); // poll briefly first: the workers usually finish about when we do
    }
  }
  if (Atomics.load(c, ERROR) !== 0) throw new Error(`${name}: a worker thread's kernel trapped`);
}

/** Stop all worker threads (they restart on the next parallel call). */
export async function shutdownPool(): Promise<void> {
  if (!ctrl || workers.length === 0) return;
  ctrl[KERNEL] = -1;
  Atomics.add(ctrl, GEN, 1);
  Atomics.notify(ctrl, GEN);
  const ws = workers;
  workers = [];
  // ref() while waiting: an unref'd worker's exit event alone would not keep the process alive to see it.
  await Promise.all(
    ws.map((w) => {
      w.ref();
      return new Promise((resolve) => w.once("exit", resolve));
    }),
  );
}

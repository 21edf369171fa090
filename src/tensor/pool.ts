/**
 * The worker pool: splits a kernel's output rows across CPU cores.
 *
 * Each worker thread (worker.mjs) instantiates the same wasm modules on the same shared memory, so
 * weights and activations are never copied. Calls stay synchronous — models call matmulT like any
 * function — because the threads meet through Atomics on a small control block in that memory:
 *
 *   main: write kernel + args + a claim counter → bump GEN, notify → claim and compute chunks of
 *         rows → wait until DONE == chunks
 *   each worker: wait for GEN to move → claim and compute chunks → DONE += 1 per chunk, notify
 *
 * The rows are cut into a few chunks per thread, claimed through one atomic counter, rather than one
 * fixed part per thread: waking a sleeping thread takes tens of µs, and on a busy machine a thread
 * may not run at all for a while, so whoever is running takes the next chunk (work sharing). The
 * counter carries the job's generation (NEXT = gen << 11 | chunks left), so a thread that wakes
 * after its job is finished claims nothing — the main thread never waits for a thread that is late.
 *
 * Between jobs a worker polls before it sleeps, for a time budget the main thread sets (SPIN_US):
 * a decode step posts ~100 jobs with gaps of ~10–100 µs between them (norms, RoPE, attention on the
 * main thread), and a thread that fell asleep in such a gap costs a futex wake-up (tens of µs, more on
 * a busy machine) on the next job. So while a forward pass runs the pool is "hot" (`setPoolHot`):
 * workers poll for up to HOT_SPIN_US; otherwise only briefly (COLD_SPIN_US), so that an idle
 * process does not burn a core. The main thread likewise polls for the last chunks before it sleeps.
 * All this polling pays only where the machine has a core free for each poller: on a machine with
 * more runnable threads than cores (load average above the core count + 1) it takes CPU time from the
 * very threads it waits for (docs/benchmarks.md), so then every thread polls for a few µs only
 * (BUSY_SPIN_US).
 *
 * Workers are unref'd: idle, they do not keep the process alive.
 *
 * Where there is no `worker_threads` (a browser), the pool is one thread: every job runs on the
 * calling thread, and setThreads keeps 1.
 *
 * Not only the matmul kernels: any function of a wasm module on the shared memory that works on a
 * range of rows can run here (`poolFunction`: src/nn's row ops and attention). Splitting those too
 * matters beyond their own time: the rows a worker's matmul chunk wrote sit in that worker's core,
 * and an op on the main thread alone first pulls every one of them across (GPT-2's prefill on 2
 * threads spent more time so than in the ops themselves). A module registered after the workers
 * started reaches them through a message port, read synchronously when a job names a function
 * they do not have yet.
 */
import type { MessagePort, Worker } from "node:worker_threads";
import { alloc, memory, tensorMemories } from "./memory.ts";
import { nodeBuiltin } from "./node-builtins.ts";
import { type KernelName, kernelsOn, loadKernels } from "./wasm/kernels.ts";

const GEN = 0;
const DONE = 1; // chunks finished
const KERNEL = 2;
const CHUNK = 3; // rows per chunk
const ARGS = 4;
const ERROR = 13;
const NEXT = 14; // (gen & 0xfffff) << 11 | chunks not yet claimed
const XT = 15; // the kernels' 12th argument
const READY = 16; // workers add 1 once they are up
const SPIN_US = 17; // µs a worker polls for the next job before it sleeps
const SLEEPERS = 18; // workers asleep on GEN (or about to be): only then is a job worth a notify
const MAIN_WAITS = 19; // 1 while the main thread sleeps on DONE: only then do workers notify it

/** Worker polling budget while a forward pass runs: longer than nearly every gap between its jobs. */
const HOT_SPIN_US = 500;
/** … and otherwise: enough for back-to-back calls, without burning a core in an idle process. */
const COLD_SPIN_US = 50;
/** How long the main thread polls for the workers' last chunks before it sleeps. */
const MAIN_SPIN_US = 1000;
/** Every poller's budget on an oversubscribed machine. */
const BUSY_SPIN_US = 5;
/** Multiply-adds from which a job is cut finer (see runRows). */
const BIG_JOB = 1 << 24;
/** A gap this long between two polls means the polling thread was preempted (see worker.mjs). */
const PREEMPTED_MS = 0.5;

const os = nodeBuiltin("node:os");
const workerThreads = nodeBuiltin("node:worker_threads");
/** The cores this process may use; 1 without worker threads. */
const cores = workerThreads && os ? Math.max(1, os.availableParallelism()) : 1;

let threads = cores;
let workers: Worker[] = [];
/** Each worker's end of its channel for functions registered after it started. */
let ports: MessagePort[] = [];
let ctrl: Int32Array | undefined;

/**
 * A wasm function the pool runs over rows r0..r1, in every thread:
 * fn(a0, a1, a2, a3, a4, rows, r0, r1, a8, a9, a10, a11, thread) — the matmul kernels' argument
 * order (out, x, n, w, k, rows, r0, r1, xs, xq, xsum, xt), plus the thread's number (0 = main
 * thread, 1… = workers) for per-thread scratch.
 */
export type RowFunction = (...args: number[]) => void;
export interface PoolFunction {
  /** Its place in every thread's table. */
  readonly index: number;
  readonly name: string;
  /** The main thread's instance of it. */
  readonly fn: RowFunction;
}

/** Every registered function in table order: what a new worker instantiates (`memoryId`: its tensor memory). */
const registry: { module: WebAssembly.Module; memory: WebAssembly.Memory; memoryId: number; name: string }[] =
  [];
const registered = new Map<WebAssembly.Module, Map<string, PoolFunction>>();

/**
 * Registers `name` of `module` (instantiated on tensor memory `memoryId` as `exports` in this
 * thread) with the pool; the same object back for the same module, memory and name.
 */
export function poolFunction(
  module: WebAssembly.Module,
  exports: Record<string, unknown>,
  name: string,
  memoryId = 0,
): PoolFunction {
  let byName = registered.get(module);
  if (!byName) {
    byName = new Map();
    registered.set(module, byName);
  }
  const key = memoryId === 0 ? name : `${name}@${memoryId}`;
  const known = byName.get(key);
  if (known) return known;
  const fn = exports[name];
  if (typeof fn !== "function") throw new Error(`poolFunction: the module exports no function ${name}`);
  const f: PoolFunction = { index: registry.length, name, fn: fn as RowFunction };
  const entry = { module, memory: tensorMemories()[memoryId], memoryId, name };
  registry.push(entry);
  byName.set(key, f);
  for (const port of ports) port.postMessage(entry);
  return f;
}

let tensorFunctions: Map<KernelName, PoolFunction>[] = [];
let tensorModule: WebAssembly.Module | undefined;
/** The tensor kernels' pool functions (the loaded build's), on tensor memory `memoryId` (looked up per matmul: no string built). */
function tensorFunction(name: KernelName, memoryId: number): PoolFunction {
  const lib = loadKernels()!;
  if (tensorModule !== lib.module) {
    tensorModule = lib.module;
    tensorFunctions = [];
  }
  tensorFunctions[memoryId] ??= new Map();
  const byName = tensorFunctions[memoryId];
  let f = byName.get(name);
  if (!f) {
    const exports = kernelsOn(lib, memoryId) as unknown as Record<string, unknown>;
    f = poolFunction(lib.module, exports, name, memoryId);
    byName.set(name, f);
  }
  return f;
}

/** Threads used by matmulT (the main thread counts as one). Default: os.availableParallelism(). */
export function setThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setThreads: need a whole number ≥ 1, got ${n}`);
  threads = workerThreads ? n : 1;
}

export function getThreads(): number {
  return threads;
}

function control(): Int32Array {
  if (!ctrl) {
    const bytes = alloc(128, 64);
    ctrl = new Int32Array(bytes.buffer, bytes.byteOffset, 32);
    ctrl[SPIN_US] = workerSpinUs();
  }
  return ctrl;
}

let hot = 0;
/**
 * Marks a stretch of back-to-back jobs (a forward pass): `setPoolHot(true)` … `setPoolHot(false)`,
 * nestable. Meanwhile idle workers keep polling for the next job instead of going to sleep.
 */
export function setPoolHot(on: boolean): void {
  hot = Math.max(0, hot + (on ? 1 : -1));
  if (on) checkBusy();
  if (ctrl) Atomics.store(ctrl, SPIN_US, workerSpinUs());
}

let busy = false;
let busyCheckedAt = Number.NEGATIVE_INFINITY;
/** Oversubscribed: the 1-minute load average (this process's threads included) exceeds the cores by more than one. Checked at most once a second. */
function checkBusy(): void {
  const now = performance.now();
  if (now - busyCheckedAt < 1000) return;
  busyCheckedAt = now;
  busy = (os?.loadavg()[0] ?? 0) > cores + 1;
}

function workerSpinUs(): number {
  return busy ? BUSY_SPIN_US : hot > 0 ? HOT_SPIN_US : COLD_SPIN_US;
}

function ensureWorkers(count: number): Int32Array {
  const c = control();
  const { MessageChannel, Worker } = workerThreads!;
  while (workers.length < count) {
    const { port1, port2 } = new MessageChannel();
    const w = new Worker(new URL("./worker.mjs", import.meta.url), {
      workerData: {
        registry: [...registry],
        port: port2,
        memory,
        ctrlPtr: c.byteOffset,
        index: workers.length,
        gen0: Atomics.load(c, GEN),
      },
      transferList: [port2],
      execArgv: [], // no TypeScript loader needed: the worker is plain JavaScript
    });
    w.unref();
    port1.unref();
    workers.push(w);
    ports.push(port1);
  }
  // Wait (up to 10 s) until every worker runs: with chunks claimed by whoever runs, jobs posted while
  // a worker still boots would all fall to the main thread, and the first calls would look 1-threaded.
  for (const t0 = Date.now(); Date.now() - t0 < 10000; ) {
    const ready = Atomics.load(c, READY);
    if (ready >= workers.length) break;
    Atomics.wait(c, READY, ready, 100);
  }
  return c;
}

/** The rows of a job: the kernels' arguments (see PoolFunction); unused slots may be left out. */
export interface RowArgs {
  out: number;
  x: number;
  n: number;
  w: number;
  k: number;
  rows: number;
  xs: number;
  xq: number;
  xsum: number;
  /** Tile-transposed activation scales and sums (fast.ts); 0 when unused. */
  xt?: number;
}

/**
 * Run a kernel of the loaded tensor build over `rows` output rows, on up to getThreads() threads,
 * on tensor memory `memoryId` (pointers are that memory's). Synchronous.
 */
export function runRows(name: KernelName, args: RowArgs, work: number, memoryId = 0): void {
  runPool(tensorFunction(name, memoryId), args, work);
}

/**
 * Runs `f` over rows 0..args.rows, split across up to getThreads() threads; `work` (multiply-adds or
 * values touched) decides whether waking threads pays, and each thread gets `minRowsPerThread` rows
 * at least (1 where a row is a lot of work). Synchronous: returns when every row is done.
 */
export function runPool(f: PoolFunction, args: RowArgs, work: number, minRowsPerThread = 4): void {
  const { out, x, n, w, k, rows, xs, xq, xsum } = args;
  const xt = args.xt ?? 0;
  // Waking threads costs ~10–50 µs; below ~64k multiply-adds one thread is faster.
  const parts = Math.min(
    threads,
    Math.max(1, Math.floor(rows / minRowsPerThread)),
    work < 65536 ? 1 : threads,
  );
  if (parts <= 1) {
    f.fn(out, x, n, w, k, rows, 0, rows, xs, xq, xsum, xt, 0);
    return;
  }
  const c = ensureWorkers(parts - 1);
  // ~6 chunks per thread, whole multiples of 4 rows (the f32 kernel's tile). Big jobs (prefill, the
  // output head) in finer chunks: the main thread waits for the last chunk a worker claimed, and
  // 1/12 of a 64-token matmul is milliseconds; a chunk's own cost is ~1 µs.
  const perThread = work >= BIG_JOB ? 32 : 6;
  // Chunks of whole cache lines (16 f32 outputs = 64 bytes) where there are rows enough: a line
  // written by two threads (false sharing) moves between their cores at every write, and GPT-2's
  // 128-token prefill had 12-row chunks — ~10 % slower on 2 threads, most of it in the next op.
  const align = rows >= 64 * parts ? 16 : Math.min(4, minRowsPerThread);
  const chunk = Math.max(align, Math.ceil(rows / Math.min(2000, parts * perThread) / align) * align); // chunks < 2048: see NEXT
  const chunks = Math.ceil(rows / chunk);
  // (slot by slot: an array of the arguments would be garbage on every job)
  c[ARGS] = out;
  c[ARGS + 1] = x;
  c[ARGS + 2] = n;
  c[ARGS + 3] = w;
  c[ARGS + 4] = k;
  c[ARGS + 5] = rows;
  c[ARGS + 6] = xs;
  c[ARGS + 7] = xq;
  c[ARGS + 8] = xsum;
  c[XT] = xt;
  c[KERNEL] = f.index;
  c[CHUNK] = chunk;
  c[ERROR] = 0;
  Atomics.store(c, DONE, 0);
  const gen = (Atomics.load(c, GEN) + 1) | 0;
  const tag = gen & 0xfffff;
  Atomics.store(c, NEXT, (tag << 11) | chunks);
  Atomics.store(c, GEN, gen);
  // A notify costs ~0.1–0.2 µs even with nobody waiting; polling workers see GEN move by
  // themselves. A worker counts itself in SLEEPERS before it waits on GEN, so either it is counted
  // here or its wait sees the new GEN and returns at once.
  if (Atomics.load(c, SLEEPERS) > 0) Atomics.notify(c, GEN, parts - 1);
  try {
    for (let i = claimChunk(c, tag); i >= 0; i = claimChunk(c, tag)) {
      const r0 = i * chunk;
      try {
        f.fn(out, x, n, w, k, rows, r0, Math.min(rows, r0 + chunk), xs, xq, xsum, xt, 0);
      } finally {
        Atomics.add(c, DONE, 1);
      }
    }
  } finally {
    // If a chunk threw here, the chunks still unclaimed are dropped (counted done) — and in every
    // case wait until all claimed ones are done: the next job must not start while a worker runs this one.
    for (let i = claimChunk(c, tag); i >= 0; i = claimChunk(c, tag)) Atomics.add(c, DONE, 1);
    // Poll first: the workers usually finish about when we do, and a wake-up costs more than a chunk.
    // (As in worker.mjs, a jump in the clock between two polls means this thread was preempted:
    // the machine is oversubscribed, and polling on would take the core from the worker we wait for.)
    let t0 = 0;
    let last = 0;
    for (let spin = 0, sleep = false; ; spin++) {
      const d = Atomics.load(c, DONE);
      if (d >= chunks) break;
      if (sleep) {
        // MAIN_WAITS before reading DONE again: a worker that finishes a chunk after this reads 1
        // and notifies; one that finished before has already moved DONE past what we wait on.
        Atomics.store(c, MAIN_WAITS, 1);
        const done = Atomics.load(c, DONE);
        if (done < chunks) Atomics.wait(c, DONE, done);
        Atomics.store(c, MAIN_WAITS, 0);
      } else if ((spin & 63) === 0) {
        const now = performance.now();
        if (t0 === 0) t0 = last = now;
        sleep = now - t0 > (busy ? BUSY_SPIN_US : MAIN_SPIN_US) / 1000 || now - last > PREEMPTED_MS;
        last = now;
      }
    }
  }
  if (Atomics.load(c, ERROR) !== 0) throw new Error(`${f.name}: a worker thread's kernel trapped`);
}

/** Claim the next chunk of the job tagged `tag`: its index, or −1 when none is left. */
function claimChunk(c: Int32Array, tag: number): number {
  for (;;) {
    const v = Atomics.load(c, NEXT);
    if (v >>> 11 !== tag || (v & 0x7ff) === 0) return -1;
    if (Atomics.compareExchange(c, NEXT, v, v - 1) === v) return (v & 0x7ff) - 1;
  }
}

/** Stop all worker threads (they restart on the next parallel call). */
export async function shutdownPool(): Promise<void> {
  if (!ctrl || workers.length === 0) return;
  ctrl[KERNEL] = -1;
  Atomics.add(ctrl, GEN, 1);
  Atomics.notify(ctrl, GEN);
  const ws = workers;
  workers = [];
  for (const port of ports) port.close();
  ports = [];
  // ref() while waiting: an unref'd worker's exit event alone would not keep the process alive to see it.
  await Promise.all(
    ws.map((w) => {
      w.ref();
      return new Promise((resolve) => w.once("exit", resolve));
    }),
  );
  Atomics.store(ctrl, READY, 0); // the next workers count themselves up from 0
}

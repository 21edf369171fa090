// A kernel thread of the worker pool (src/tensor/pool.ts). Plain JavaScript on purpose: workers
// start without a TypeScript loader, under tests (`node --import tsx`) and the CLI alike.
//
// It instantiates the same wasm modules on the same shared memory as the main thread, then sleeps
// on the control block until the generation counter moves; each job names a function (its place in
// the pool's registry), its arguments and the rows per chunk. Then it claims chunks of rows through
// the job's counter (shared with the main thread and the other workers) until none is left,
// counting each one done. Functions registered after it started arrive on `port`.
import { receiveMessageOnPort, workerData } from "node:worker_threads";

const { registry, port, memory, ctrlPtr, index, gen0 } = workerData;
const thread = index + 1; // the main thread is 0
// One instance per (tensor memory, module): memory 0 holds activations, memories 1… a big model's
// weights (src/tensor/memory.ts).
const instances = new Map();
const kernels = [];
function add({ module, memory: mem, memoryId, name }) {
  const key = `${memoryId}`;
  let byModule = instances.get(key);
  if (!byModule) {
    byModule = new Map();
    instances.set(key, byModule);
  }
  let instance = byModule.get(module);
  if (!instance) {
    instance = new WebAssembly.Instance(module, { env: { memory: mem } });
    byModule.set(module, instance);
  }
  kernels.push(instance.exports[name]);
}
for (const entry of registry) add(entry);
/** Reads the functions registered since, until `kernel` is one of them (the main thread posted it before the job). */
function catchUp(kernel) {
  while (kernels.length <= kernel) {
    const m = receiveMessageOnPort(port);
    if (!m) throw new Error(`pool worker: function ${kernel} was never registered`);
    add(m.message);
  }
}
const ctrl = new Int32Array(memory.buffer, ctrlPtr, 32);

// Control block layout (Int32 slots), shared with pool.ts:
const GEN = 0; // bumped by the main thread for each job
const DONE = 1; // chunks finished (each thread adds 1 per chunk)
const KERNEL = 2; // index into the registry, −1 = exit
const CHUNK = 3; // rows per chunk
const ARGS = 4; // out, x, n, w, k, rows, xs, xq, xsum
const ERROR = 13; // set to 1 by a worker whose kernel trapped (the main thread then throws)
const NEXT = 14; // (gen & 0xfffff) << 11 | chunks not yet claimed
const XT = 15; // the kernels' 12th argument (xt)
const READY = 16; // add 1 once up (the main thread waits for it after starting workers)

Atomics.add(ctrl, READY, 1);
Atomics.notify(ctrl, READY);

const SPIN_US = 17; // µs to poll for the next job before sleeping (set by the main thread)
const SLEEPERS = 18; // workers asleep on GEN: the main thread notifies only when there are some
const MAIN_WAITS = 19; // 1 while the main thread sleeps on DONE: notify it only then

// After a job, poll before sleeping: a model issues matmuls back to back, and waking a sleeping thread
// costs tens of µs. For how long is the main thread's call (pool.ts: long while a forward pass runs,
// short otherwise); the budget is re-read while polling, so a pool turned cold stops at once.
// On a machine with more runnable threads than cores, polling backfires: the scheduler then preempts
// the poller, often in the middle of its next chunk, and the main thread waits a whole time slice for
// that chunk (docs/benchmarks.md has the cost). pool.ts then sets a tiny budget (load
// average); in between, such a machine shows itself to the poller as a jump in the clock between two
// polls, and then it sleeps right after its jobs for a while (BACKOFF jobs).
const PREEMPTED_MS = 0.5;
const BACKOFF = 500;
let backoff = 0;

function poll(seen) {
  if (backoff > 0) {
    backoff--;
    return;
  }
  const t0 = performance.now();
  let last = t0;
  for (let i = 1; Atomics.load(ctrl, GEN) === seen; i++) {
    if ((i & 255) !== 0) continue;
    const now = performance.now();
    if (now - last > PREEMPTED_MS) {
      backoff = BACKOFF;
      return;
    }
    if (now - t0 > Atomics.load(ctrl, SPIN_US) / 1000) return;
    last = now;
  }
}

let seen = gen0;
for (;;) {
  poll(seen);
  // Counted before the wait (see pool.ts: either the main thread sees us here, or our wait sees its new GEN).
  Atomics.add(ctrl, SLEEPERS, 1);
  Atomics.wait(ctrl, GEN, seen);
  Atomics.sub(ctrl, SLEEPERS, 1);
  const g = Atomics.load(ctrl, GEN);
  if (g === seen) continue;
  seen = g;
  const kernel = ctrl[KERNEL];
  if (kernel < 0) break;
  if (kernel >= kernels.length) catchUp(kernel);
  // Read the job, then claim with its generation's tag: if the job was over before we woke (or
  // while we read it), the tag no longer matches and we claim nothing.
  const tag = g & 0xfffff;
  // (slot by slot into locals: arrays of them would be garbage on every job)
  const out = ctrl[ARGS];
  const x = ctrl[ARGS + 1];
  const n = ctrl[ARGS + 2];
  const w = ctrl[ARGS + 3];
  const k = ctrl[ARGS + 4];
  const rows = ctrl[ARGS + 5];
  const xs = ctrl[ARGS + 6];
  const xq = ctrl[ARGS + 7];
  const xsum = ctrl[ARGS + 8];
  const xt = ctrl[XT];
  const chunk = ctrl[CHUNK];
  const run = kernels[kernel];
  for (let i = claimChunk(tag); i >= 0; i = claimChunk(tag)) {
    const r0 = i * chunk;
    try {
      run(out, x, n, w, k, rows, r0, Math.min(rows, r0 + chunk), xs, xq, xsum, xt, thread);
    } catch {
      Atomics.store(ctrl, ERROR, 1); // still count the chunk done below, or the main thread would wait forever
    }
    Atomics.add(ctrl, DONE, 1);
    if (Atomics.load(ctrl, MAIN_WAITS) !== 0) Atomics.notify(ctrl, DONE);
  }
}

/** Claim the next chunk of the job tagged `tag`: its index, or −1 when none is left (as in pool.ts). */
function claimChunk(tag) {
  for (;;) {
    const v = Atomics.load(ctrl, NEXT);
    if (v >>> 11 !== tag || (v & 0x7ff) === 0) return -1;
    if (Atomics.compareExchange(ctrl, NEXT, v, v - 1) === v) return (v & 0x7ff) - 1;
  }
}

// A kernel thread of the worker pool (src/tensor/pool.ts). Plain JavaScript on purpose: workers
// start without a TypeScript loader, under tests (`node --import tsx`) and the CLI alike.
//
// It instantiates the same wasm module on the same shared memory as the main thread, then sleeps
// on the control block until the generation counter moves; each job names a kernel, its arguments
// and how many parts the rows are split into. Thread `index` computes part index+1 (part 0 is
// the main thread's), then counts itself done.
import { workerData } from "node:worker_threads";

const { module, memory, ctrlPtr, index, names, gen0 } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const kernels = names.map((name) => instance.exports[name]);
const ctrl = new Int32Array(memory.buffer, ctrlPtr, 16);

// Control block layout (Int32 slots), shared with pool.ts:
const GEN = 0; // bumped by the main thread for each job
const DONE = 1; // workers add 1 when finished
const KERNEL = 2; // index into `names`, −1 = exit
const PARTS = 3; // how many parts the rows are split into
const ARGS = 4; // out, x, n, w, k, rows, xs, xq, xsum
const ERROR = 13; // set to 1 by a worker whose kernel trapped (the main thread then throws)

// After a job, poll a little before sleeping: a model issues matmuls back to back (7 per layer), and
// waking a sleeping thread costs microseconds. Kept short: on a busy machine a spinning thread takes
// the core from the very thread it waits for (20000 polls made 2 threads 3× slower there).
const SPIN = 1000;

let seen = gen0;
for (;;) {
  for (let i = 0; i < SPIN && Atomics.load(ctrl, GEN) === seen; i++);
  Atomics.wait(ctrl, GEN, seen);
  const g = Atomics.load(ctrl, GEN);
  if (g === seen) continue;
  seen = g;
  const kernel = ctrl[KERNEL];
  if (kernel < 0) break;
  const parts = ctrl[PARTS];
  const part = index + 1;
  if (part < parts) {
    const rows = ctrl[ARGS + 5];
    const r0 = splitPoint(rows, part, parts);
    const r1 = splitPoint(rows, part + 1, parts);
    if (r1 > r0) {
      const a = ARGS;
      try {
        kernels[kernel](
          ctrl[a],
          ctrl[a + 1],
          ctrl[a + 2],
          ctrl[a + 3],
          ctrl[a + 4],
          rows,
          r0,
          r1,
          ctrl[a + 6],
          ctrl[a + 7],
          ctrl[a + 8],
        );
      } catch {
        Atomics.store(ctrl, ERROR, 1); // still count ourselves done below, or the main thread would wait forever
      }
    }
  }
  Atomics.add(ctrl, DONE, 1);
  Atomics.notify(ctrl, DONE);
}

/** Start row of `part` of `parts`: multiples of 4 (the f32 kernel's tile), the last part ends at rows. */
function splitPoint(rows, part, parts) {
  if (part >= parts) return rows;
  return Math.min(rows, Math.floor((rows * part) / parts / 4) * 4);
}

/**
 * The row ops split across the worker pool (src/tensor/wasm/jobs.ts runJob, src/tensor/pool.ts
 * poolFunction): for a whole prompt each thread does some rows. Every row is computed by the same
 * code whichever thread takes it, so 2 threads must give exactly the 1-thread result; and that
 * result must match the plain reference ops. The shapes are a prompt's (64 tokens × 768), so the
 * pool really splits them, and the pool's workers are started before the row modules load, so
 * those reach the workers through their message ports.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { activate } from "../../src/nn/activations.ts";
import { LayerNorm } from "../../src/nn/layer-norm.ts";
import { Linear } from "../../src/nn/linear.ts";
import { addInPlace } from "../../src/nn/residual.ts";
import { RMSNorm } from "../../src/nn/rms-norm.ts";
import { attention, scaledDotProductAttention } from "../../src/tensor/attention.ts";
import { matmulT } from "../../src/tensor/fast.ts";
import { swigluRows } from "../../src/tensor/fast-ops.ts";
import { matmulTRef } from "../../src/tensor/matmul.ts";
import { allocF32 } from "../../src/tensor/memory.ts";
import {
  geluTanhRef as geluTanh,
  layerNormRef as layerNorm,
  rmsNormRef as rmsNorm,
  swigluRef as swiglu,
} from "../../src/tensor/ops.ts";
import { getThreads, setThreads, shutdownPool } from "../../src/tensor/pool.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { randomArray } from "../helpers/random.ts";

const N = 64;
const D = 768;
const before = getThreads();
after(async () => {
  setThreads(before);
  await shutdownPool();
});

function shared(values: Float32Array): Float32Array {
  const a = allocF32(values.length);
  a.set(values);
  return a;
}

/** Runs `op` on fresh copies of the inputs with 1 thread and with 2; both outputs, which must be identical. */
function oneAndTwo(inputs: Float32Array[], op: (arrays: Float32Array[]) => Float32Array): Float32Array[] {
  const results: Float32Array[] = [];
  for (const t of [1, 2]) {
    setThreads(t);
    results.push(op(inputs.map(shared)).slice());
  }
  assert.deepEqual(results[1], results[0], "2 threads differ from 1 thread");
  return results;
}

function assertClose(a: Float32Array, b: Float32Array, tol: number, what: string): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++)
    assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

test("workers started by a matmul pick up the row modules registered after them", () => {
  setThreads(2);
  const w = new Tensor([256, D], "f32", shared(randomArray(256 * D, 1)));
  const x = shared(randomArray(N * D, 2));
  const y = allocF32(N * 256);
  matmulT(y, x, N, w); // starts the worker before any row op is registered
  const expected = new Float32Array(N * 256);
  matmulTRef(expected, x, N, w);
  assertClose(y, expected, 1e-4, "matmul");
  const g = shared(randomArray(N * D, 3, 4));
  activate(g, N * D, "gelu_tanh"); // a module the worker has not seen: it arrives by message
  const ref = geluTanh(new Float32Array(N * D), randomArray(N * D, 3, 4));
  assertClose(g, ref, 1e-5, "gelu");
});

test("bias add (Linear): 1 and 2 threads identical, equal to x·Wᵀ + b", () => {
  const k = 16;
  const w = new Tensor([D, k], "f32", shared(randomArray(D * k, 4)));
  const bias = shared(randomArray(D, 5));
  const x = randomArray(N * k, 6);
  const [y] = oneAndTwo([x], ([xs]) => {
    const out = allocF32(N * D);
    new Linear(w, bias).forward(out, xs!, N);
    return out;
  });
  const expected = new Float32Array(N * D);
  matmulTRef(expected, x, N, w);
  for (let r = 0; r < N; r++) for (let j = 0; j < D; j++) expected[r * D + j] += bias[j];
  assertClose(y!, expected, 1e-5, "x·Wᵀ + b");
});

test("LayerNorm and RMSNorm: 1 and 2 threads identical, equal to the references", () => {
  const x = randomArray(N * D, 7, 3);
  const w = shared(randomArray(D, 8));
  const b = shared(randomArray(D, 9));
  const [ln] = oneAndTwo([x], ([xs]) => {
    new LayerNorm(w, b, 1e-5).forward(xs!, xs!, N);
    return xs!;
  });
  assertClose(ln!, layerNorm(new Float32Array(N * D), x, N, D, w, b, 1e-5), 1e-5, "LayerNorm");
  const [rn] = oneAndTwo([x], ([xs]) => {
    const out = allocF32(N * D);
    new RMSNorm(w, 1e-6).forward(out, xs!, N);
    return out;
  });
  assertClose(rn!, rmsNorm(new Float32Array(N * D), x, N, D, w, 1e-6), 1e-6, "RMSNorm");
});

test("residual add and GELU over a prompt (and a tail that is not whole rows): identical on 1 and 2 threads", () => {
  const count = N * D + 37;
  const a = randomArray(count, 10);
  const b = randomArray(count, 11);
  const [sum] = oneAndTwo([a, b], ([x, y]) => {
    addInPlace(x!, y!, count);
    return x!;
  });
  for (let i = 0; i < count; i++) assert.equal(sum![i], Math.fround(a[i] + b[i]), `sum[${i}]`);
  const [g] = oneAndTwo([a], ([x]) => {
    activate(x!, count, "gelu_tanh");
    return x!;
  });
  assertClose(g!, geluTanh(new Float32Array(count), a), 1e-5, "gelu");
});

test("SwiGLU from the fused gate/up rows: identical on 1 and 2 threads, equal to silu(gate)·up", () => {
  const H = 1024;
  const gu = randomArray(N * 2 * H, 12, 3);
  const [act] = oneAndTwo([gu], ([g]) => {
    const out = allocF32(N * H);
    swigluRows(out, g!, N, H);
    return out;
  });
  const expected = new Float32Array(N * H);
  for (let t = 0; t < N; t++) {
    const row = expected.subarray(t * H, (t + 1) * H);
    swiglu(row, gu.subarray(2 * t * H, (2 * t + 1) * H), gu.subarray((2 * t + 1) * H, (2 * t + 2) * H));
  }
  assertClose(act!, expected, 1e-5, "swiglu");
});

for (const [what, n, kvLen, heads, kvHeads] of [
  ["a prompt of 64 rows (12 heads, 4 K/V heads)", 64, 80, 12, 4],
  ["one decode step at 2048 cached tokens (14 heads, 2 K/V heads)", 1, 2048, 14, 2],
] as const) {
  test(`attention over a KV cache, ${what}: 1 and 2 threads identical, equal to the reference`, () => {
    const hd = 64;
    const qStart = kvLen - n;
    const q = randomArray(n * heads * hd, 13);
    const keys = randomArray(kvLen * kvHeads * hd, 14);
    const values = randomArray(kvLen * kvHeads * hd, 15);
    const options = (scores: Float32Array) => ({ heads, kvHeads, headDim: hd, qStart, causal: true, scores });
    const [out] = oneAndTwo([q, keys, values], ([qs, ks, vs]) => {
      const o = allocF32(n * heads * hd);
      attention(o, qs!, ks!, vs!, n, kvLen, options(allocF32(heads * kvLen)));
      return o;
    });
    const expected = new Float32Array(n * heads * hd);
    scaledDotProductAttention(expected, q, keys, values, n, kvLen, options(new Float32Array(kvLen)));
    assertClose(out!, expected, 1e-5, "attention");
  });
}

/**
 * Every autograd op's backward against central finite differences (grad-check.ts), through a
 * random projection of its output (L = Σ y·R) so every output element matters; and the fast
 * (wasm) matrix products against the plain reference loops.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  add,
  attention,
  backward,
  concatLast,
  crossEntropy,
  embedding,
  gelu,
  gradCheck,
  layerNorm,
  linear,
  logSoftmax,
  matmul,
  mean,
  mul,
  relu,
  reshape,
  rmsNorm,
  rope,
  scale,
  sigmoid,
  silu,
  sliceLast,
  softmax,
  sub,
  sum,
  sumLast,
  swiglu,
  tanh,
  transpose,
  useReferenceKernels,
  Var,
} from "../../src/train/autograd/index.ts";
import { rng } from "../helpers/random.ts";

const rand = rng(7);
function param(shape: number[], spread = 1): Var {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = (rand() * 2 - 1) * spread;
  return Var.param(d, shape);
}

/** L = Σ f(inputs)·R for a fixed random R. */
function projected(f: () => Var): () => Var {
  let r: Var | undefined;
  return () => {
    const y = f();
    if (!r || r.size !== y.size) {
      r = param([...y.shape], 1);
      r = Var.constant(r.data, y.shape);
    }
    return sum(mul(y, r));
  };
}

function check(name: string, f: () => Var, inputs: Var[], tol = {}): void {
  test(name, () => {
    const { worst, where } = gradCheck(projected(f), inputs, tol);
    assert.ok(worst <= 1, `${name}: ${where} (ratio ${worst.toFixed(2)})`);
  });
}

describe("autograd ops against finite differences", () => {
  useReferenceKernels(false);
  const a = param([2, 3, 4]);
  const b = param([4]);
  const c = param([2, 1, 4]);
  check("add (bias broadcast)", () => add(a, b), [a, b]);
  check("sub (middle-axis broadcast)", () => sub(a, c), [a, c]);
  check("mul (broadcast both ways)", () => mul(a, c), [a, c]);
  check("scale", () => scale(a, -1.5), [a]);
  const x = param([3, 5]);
  const w = param([4, 5]);
  const bias = param([4]);
  check("linear x·Wᵀ + b (wasm products)", () => linear(x, w, bias), [x, w, bias]);
  const m1 = param([2, 3, 4]);
  const m2 = param([4, 2]);
  const m3 = param([2, 4, 2]);
  check("matmul (shared right operand)", () => matmul(m1, m2), [m1, m2]);
  check("matmul (batched)", () => matmul(m1, m3), [m1, m3]);
  check("sum, mean, sumLast", () => add(scale(sumLast(a), 0.5), add(sum(a), mean(a))), [a]);
  check("tanh", () => tanh(a), [a]);
  check("sigmoid", () => sigmoid(a), [a]);
  check("relu (no input within h of the kink)", () => relu(a), [a]);
  check("gelu (tanh)", () => gelu(a), [a]);
  check("silu", () => silu(a), [a]);
  const up = param([2, 3, 4]);
  check("swiglu", () => swiglu(a, up), [a, up]);
  check("softmax", () => softmax(a), [a]);
  check("logSoftmax", () => logSoftmax(a), [a]);
  const logits = param([6, 5]);
  const targets = Int32Array.of(0, 4, 2, -100, 1, 3);
  test("crossEntropy (ignoreIndex) and its value", () => {
    const { worst, where } = gradCheck(() => crossEntropy(logits, targets), [logits]);
    assert.ok(worst <= 1, where);
    const one = crossEntropy(Var.constant(Float32Array.of(2, 0), [1, 2]), Int32Array.of(0)).item();
    assert.ok(Math.abs(one - Math.log(1 + Math.exp(-2))) < 1e-6);
  });
  const table = param([7, 3]);
  const ids = Int32Array.of(1, 6, 1, 0);
  check("embedding (repeated ids accumulate)", () => embedding(table, ids, [2, 2]), [table]);
  check("reshape + transpose", () => transpose(reshape(a, [2, 2, 2, 3]), 1, 3), [a]);
  check("sliceLast + concatLast", () => concatLast([sliceLast(a, 2, 4), a, sliceLast(a, 0, 1)]), [a]);
  const ln = param([5]);
  const lb = param([5]);
  const h = param([3, 5], 2);
  check("layerNorm", () => layerNorm(h, ln, lb, 1e-5), [h, ln, lb]);
  check("rmsNorm", () => rmsNorm(h, ln, 1e-6), [h, ln]);
  const qr = param([2, 3, 8]);
  check("rope (rotate-half, 2 heads of 4)", () => rope(qr, 4, 10000), [qr]);
  const q = param([2, 3, 8]);
  const k = param([2, 5, 4]);
  const v = param([2, 5, 4]);
  check(
    "attention: cross (Tq 3 ≠ Tk 5), GQA 2 heads on 1, causal offset, key mask",
    () =>
      attention(q, k, v, {
        heads: 2,
        kvHeads: 1,
        causal: true,
        keyMask: Uint8Array.of(1, 1, 0, 1, 1, 1, 1, 1, 1, 0),
      }),
    [q, k, v],
  );
  const qs = param([1, 4, 8]);
  const ks = param([1, 4, 8]);
  const vs = param([1, 4, 8]);
  check("attention: causal self-attention", () => attention(qs, ks, vs, { heads: 2, causal: true }), [
    qs,
    ks,
    vs,
  ]);
});

describe("attention values", () => {
  test("causal: the first query sees only the first key", () => {
    const q = Var.constant(Float32Array.of(1, 0, 0, 1), [1, 2, 2]);
    const k = Var.constant(Float32Array.of(1, 0, 0, 1), [1, 2, 2]);
    const v = Var.constant(Float32Array.of(5, 6, 7, 8), [1, 2, 2]);
    const y = attention(q, k, v, { heads: 1, causal: true });
    assert.deepEqual([...y.data.subarray(0, 2)], [5, 6]);
    // second query: scores [0, 1]/√2 → weights [1, e^{1/√2}]/Z
    const e = Math.exp(1 / Math.SQRT2);
    assert.ok(Math.abs(y.data[2] - (5 + 7 * e) / (1 + e)) < 1e-5);
  });
});

describe("fast products against the reference", () => {
  test("linear forward and backward: wasm kernels = plain loops (rel 1e-5)", () => {
    const x = param([37, 24]);
    const w = param([19, 24]);
    const run = (ref: boolean) => {
      useReferenceKernels(ref);
      x.grad = null;
      w.grad = null;
      const y = linear(x, w);
      backward(sum(mul(y, y)));
      useReferenceKernels(false);
      return [Float32Array.from(y.data), Float32Array.from(x.grad!), Float32Array.from(w.grad!)];
    };
    const fast = run(false);
    const plain = run(true);
    for (let t = 0; t < 3; t++)
      for (let i = 0; i < fast[t].length; i++)
        assert.ok(
          Math.abs(fast[t][i] - plain[t][i]) <= 1e-5 * (1 + Math.abs(plain[t][i])),
          `tensor ${t} element ${i}`,
        );
  });
});

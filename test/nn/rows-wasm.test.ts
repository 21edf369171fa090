// The SIMD row ops (src/nn/wasm/rows.as.ts) against the plain loops they replace, at awkward widths.
import assert from "node:assert/strict";
import { test } from "node:test";
import { LayerNorm } from "../../src/nn/layer-norm.ts";
import { Linear } from "../../src/nn/linear.ts";
import { rowsWasm } from "../../src/nn/rows-wasm.ts";
import { matmulTRef } from "../../src/tensor/matmul.ts";
import { allocF32 } from "../../src/tensor/memory.ts";
import { layerNorm } from "../../src/tensor/ops.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { randomArray } from "./random.ts";

function shared(values: Float32Array): Float32Array {
  const a = allocF32(values.length);
  a.set(values);
  return a;
}

/** |a − b| ≤ tol · (1 + |b|) everywhere. */
function assertClose(a: Float32Array, b: Float32Array, tol: number, what: string): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

test("the SIMD row ops load in this runtime and only take arrays in tensor memory", () => {
  const inMemory = allocF32(4);
  assert.notEqual(rowsWasm(inMemory), null, "run npm run build:wasm:nn");
  assert.equal(rowsWasm(inMemory, new Float32Array(4)), null);
});

for (const dim of [1, 3, 17, 33, 768]) {
  test(`LayerNorm of 5 rows × ${dim}: SIMD equals the reference within 1e-5 (also in place, large mean)`, () => {
    const rows = 5;
    const xs = randomArray(rows * dim, dim, 3);
    for (let i = 0; i < dim; i++) xs[i] = xs[i] + 1000; // a large mean: the two-pass variance stays right
    const w = randomArray(dim, dim + 1);
    const b = randomArray(dim, dim + 2);
    const expected = layerNorm(new Float32Array(rows * dim), xs, rows, dim, w, b, 1e-5);
    const norm = new LayerNorm(shared(w), shared(b), 1e-5);
    assert.notEqual(rowsWasm(norm.weight, norm.bias), null);
    const x = shared(xs);
    const out = allocF32(rows * dim);
    norm.forward(out, x, rows);
    assertClose(out, expected, 1e-5, "out");
    norm.forward(x, x, rows); // out = x
    assertClose(x, expected, 1e-5, "in place");
  });
}

for (const out of [1, 3, 17, 2304]) {
  test(`Linear with a bias, 3 rows × ${out} outputs: the SIMD bias add equals x·Wᵀ + b`, () => {
    const n = 3;
    const k = 7;
    const w = new Tensor([out, k], "f32", shared(randomArray(out * k, out)));
    const bias = shared(randomArray(out, out + 1));
    const x = shared(randomArray(n * k, out + 2));
    const expected = new Float32Array(n * out);
    matmulTRef(expected, x, n, w);
    for (let r = 0; r < n; r++) for (let j = 0; j < out; j++) expected[r * out + j] += bias[j];
    const y = allocF32(n * out);
    new Linear(w, bias).forward(y, x, n);
    assertClose(y, expected, 1e-5, "y");
  });
}

import assert from "node:assert/strict";
import { test } from "node:test";
import { activate, siluMul } from "../../src/nn/activations.ts";
import { loadNnWasm } from "../../src/nn/wasm-modules.ts";
import { allocF32 } from "../../src/tensor/memory.ts";
import { geluTanh, silu, swiglu } from "../../src/tensor/ops.ts";
import { randomArray } from "./random.ts";

/** Inputs from −100 to 100 (exp overflow range included) plus random ones; 1003 values, not a multiple of 4. */
function inputs(): Float32Array {
  const x = randomArray(1003, 5, 6);
  for (let i = 0; i < 201; i++) x[i] = i - 100;
  x[201] = -0;
  return x;
}

function shared(values: Float32Array): Float32Array {
  const a = allocF32(values.length);
  a.set(values);
  return a;
}

/** |a − b| ≤ 2e-6 · (1 + |b|) everywhere. */
function assertClose(a: Float32Array, b: Float32Array, what: string): void {
  for (let i = 0; i < b.length; i++) {
    const err = Math.abs(a[i] - b[i]);
    assert.ok(err <= 2e-6 * (1 + Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

test("wasm activations load in this runtime", () => {
  assert.notEqual(loadNnWasm("activations"), null, "run npm run build:wasm:nn");
});

for (const [name, ref] of [
  ["silu", silu],
  ["gelu_tanh", geluTanh],
] as const) {
  test(`${name}: wasm SIMD on tensor memory equals the reference op (also the odd tail)`, () => {
    const x = inputs();
    const want = ref(new Float32Array(x.length), x);
    const got = shared(x);
    activate(got, x.length, name);
    assertClose(got, want, name);
    // Only the first n change.
    const part = shared(x);
    activate(part, 5, name);
    assertClose(part.subarray(0, 5), want.subarray(0, 5), name);
    assert.deepEqual(Array.from(part.subarray(5)), Array.from(x.subarray(5)));
  });
}

test("SwiGLU middle: wasm SIMD silu(gate)·up equals the reference op", () => {
  const g = inputs();
  const u = randomArray(g.length, 9, 3);
  const want = swiglu(new Float32Array(g.length), g, u);
  const gate = shared(g);
  siluMul(gate, shared(u), g.length);
  assertClose(gate, want, "swiglu");
});

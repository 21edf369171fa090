import assert from "node:assert/strict";
import { test } from "node:test";
import { activate } from "../../src/nn/activations.ts";
import { LayerNorm } from "../../src/nn/layer-norm.ts";
import { geluF16Table } from "../../src/nn/llama-cpp-numerics.ts";
import { RMSNorm } from "../../src/nn/rms-norm.ts";
import { f16ToF32, f32ToF16 } from "../../src/tensor/f16.ts";
import { swiglu } from "../../src/tensor/fast-ops.ts";
import { maxAbsDiff, randomArray } from "../helpers/random.ts";

const silu = (x: number) => x / (1 + Math.exp(-x));
const geluTanh = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

test("RMSNorm: worked example [3,4] → [0.849, 1.131]", () => {
  const out = new Float32Array(2);
  new RMSNorm(Float32Array.from([1, 1]), 0).forward(out, Float32Array.from([3, 4]), 1);
  assert.ok(maxAbsDiff(out, [3 / Math.sqrt(12.5), 4 / Math.sqrt(12.5)]) < 1e-6);
});

test("RMSNorm: per-head use (n·heads rows of head_dim) normalises each head on its own, in place", () => {
  const x = randomArray(2 * 3 * 4, 1, 5); // 2 tokens, 3 heads, head_dim 4
  const w = randomArray(4, 2);
  new RMSNorm(w, 1e-6).forward(x, x, 6);
  for (let r = 0; r < 6; r++) {
    let ss = 0;
    for (let j = 0; j < 4; j++) ss += (x[r * 4 + j] / w[j]) ** 2;
    assert.ok(Math.abs(ss / 4 - 1) < 1e-4, `head row ${r} rms² ${ss / 4}`);
  }
});

test("LayerNorm: worked example [1,2,3] → [−1.2247, 0, 1.2247], then weight and bias", () => {
  const out = new Float32Array(3);
  new LayerNorm(Float32Array.from([1, 1, 1]), new Float32Array(3), 0).forward(
    out,
    Float32Array.from([1, 2, 3]),
    1,
  );
  assert.ok(maxAbsDiff(out, [-Math.sqrt(1.5), 0, Math.sqrt(1.5)]) < 1e-6);
  new LayerNorm(Float32Array.from([2, 2, 2]), Float32Array.from([1, 1, 1]), 0).forward(
    out,
    Float32Array.from([1, 2, 3]),
    1,
  );
  assert.ok(maxAbsDiff(out, [1 - 2 * Math.sqrt(1.5), 1, 1 + 2 * Math.sqrt(1.5)]) < 1e-6);
});

test("activations: only the first n values change; relu and SwiGLU's silu·up", () => {
  const x = Float32Array.from([1, -2, 5]);
  activate(x, 2, "gelu_tanh");
  assert.ok(maxAbsDiff(x, [geluTanh(1), geluTanh(-2), 5]) < 1e-6);
  const y = Float32Array.from([1, -2, 5]);
  activate(y, 3, "relu");
  assert.deepEqual([...y], [1, 0, 5]);
  const g = Float32Array.from([1, -2, 9]);
  swiglu(g, g, Float32Array.from([2, 3, 4]), 2);
  assert.ok(maxAbsDiff(g, [2 * silu(1), 3 * silu(-2), 9]) < 1e-6);
});

test("geluF16Table: f16-representable outputs near gelu, clamps at ±10", () => {
  for (const x of [-12, -3.3, -0.7, 0, 0.123, 1, 2.5, 9.99, 15]) {
    const y = geluF16Table(x);
    if (x <= -10) assert.equal(y, 0);
    else if (x >= 10) assert.equal(y, x);
    else {
      assert.equal(f16ToF32(f32ToF16(y)), y, `gelu(${x}) = ${y} is not an f16 value`);
      assert.ok(Math.abs(y - geluTanh(x)) < 4e-3 * (1 + Math.abs(x)), `gelu(${x}) = ${y}`);
    }
  }
});

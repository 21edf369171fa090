import assert from "node:assert/strict";
import { test } from "node:test";
import { f32ToF16 } from "../../src/tensor/f16.ts";
import {
  add,
  argmax,
  embedding,
  erf,
  gelu,
  geluTanhRef as geluTanh,
  layerNormRef as layerNorm,
  logSoftmax,
  mul,
  rmsNormRef as rmsNorm,
  scale,
  siluRef as silu,
  softmax,
  swigluRef as swiglu,
  topK,
} from "../../src/tensor/ops.ts";
import { Tensor } from "../../src/tensor/tensor.ts";

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6, what = "") {
  assert.equal(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
}
const f = (...v: number[]) => new Float32Array(v);

test("add / mul broadcast a row; scale", () => {
  close(add(new Float32Array(4), f(1, 2, 3, 4), f(10, 20)), [11, 22, 13, 24]);
  close(mul(new Float32Array(4), f(1, 2, 3, 4), f(2, 3, 4, 5)), [2, 6, 12, 20]);
  close(scale(new Float32Array(2), f(1, -2), 0.5), [0.5, -1]);
  assert.throws(() => add(new Float32Array(3), f(1, 2, 3), f(1, 2)), /broadcast/);
});

test("softmax: max-subtracted, sums to 1, additive mask, huge logits", () => {
  close(softmax(new Float32Array(3), f(1, 2, 3), 1, 3), [0.09003057, 0.24472847, 0.66524096]);
  const big = softmax(new Float32Array(2), f(1000, 1000), 1, 2); // exp(1000) would overflow
  close(big, [0.5, 0.5]);
  const masked = softmax(new Float32Array(4), f(1, 2, 3, 4), 2, 2, f(0, Number.NEGATIVE_INFINITY, 0, 0));
  close(masked, [1, 0, 0.26894142, 0.73105858]);
  const all = softmax(
    new Float32Array(2),
    f(1, 2),
    1,
    2,
    f(Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY),
  );
  close(all, [0, 0]);
});

test("logSoftmax = log(softmax)", () => {
  const x = f(0.5, -1, 3, 2);
  const ls = logSoftmax(new Float32Array(4), x, 2, 2);
  const s = softmax(new Float32Array(4), x, 2, 2);
  close(ls, Array.from(s, Math.log), 1e-6);
});

test("layerNorm and rmsNorm", () => {
  // x = [1, 2, 3]: mean 2, var 2/3 → (x−2)/sqrt(2/3)
  const s = Math.sqrt(2 / 3);
  close(layerNorm(new Float32Array(3), f(1, 2, 3), 1, 3, undefined, undefined, 0), [-1 / s, 0, 1 / s], 1e-6);
  close(
    layerNorm(new Float32Array(3), f(1, 2, 3), 1, 3, f(2, 2, 2), f(1, 1, 1), 0),
    [1 - 2 / s, 1, 1 + 2 / s],
    1e-6,
  );
  // x = [3, 4]: mean of squares 12.5
  const r = Math.sqrt(12.5 + 1e-6);
  close(rmsNorm(new Float32Array(4), f(3, 4, 3, 4), 2, 2, f(1, 2), 1e-6), [3 / r, 8 / r, 3 / r, 8 / r], 1e-6);
});

test("erf, gelu (erf and tanh forms), silu, swiglu", () => {
  close(
    [erf(0), erf(0.5), erf(1), erf(-2), erf(3)],
    [0, 0.5204998778, 0.8427007929, -0.995322265, 0.9999779095],
    2e-7,
  );
  // GELU(1) = Φ(1) = 0.8413447461; tanh form 0.8411919906
  close(gelu(new Float32Array(3), f(1, 0, -1)), [0.8413447461, 0, -0.1586552539], 1e-6);
  close(geluTanh(new Float32Array(2), f(1, -1)), [0.8411919906, -0.1588080094], 1e-6);
  close(silu(new Float32Array(2), f(1, -2)), [0.7310585786, -0.238405844], 1e-6);
  close(swiglu(new Float32Array(2), f(1, -2), f(2, 3)), [1.4621171573, -0.715217532], 1e-6);
});

test("embedding gathers rows of any dtype", () => {
  const t = Tensor.from([0, 1, 10, 11, 20, 21], [3, 2]);
  close(embedding(new Float32Array(4), t, [2, 0]), [20, 21, 0, 1]);
  const h = new Tensor([2, 2], "f16", new Uint16Array([0, f32ToF16(1), f32ToF16(-2), f32ToF16(0.5)]));
  close(embedding(new Float32Array(2), h, [1]), [-2, 0.5]);
  const q = new Uint8Array(68); // two q8_0 rows of 32
  q[34] = 0x00;
  q[35] = 0x3c; // d = 1
  q[36] = 5;
  const qe = embedding(new Float32Array(32), new Tensor([2, 32], "q8_0", q), [1]);
  assert.equal(qe[0], 5);
  assert.throws(() => embedding(new Float32Array(2), t, [3]), /token id 3/);
});

test("argmax and topK", () => {
  const x = f(3, 1, 4, 1, 5, 9, 2, 6, 9);
  assert.equal(argmax(x), 5); // first of the tied 9s
  assert.equal(argmax(x, 6, 2), 1);
  const t = topK(x, 4);
  assert.deepEqual(t.indices, [5, 8, 7, 4]);
  assert.deepEqual(t.values, [9, 9, 6, 5]);
  assert.deepEqual(topK(f(1, 2), 5).indices, [1, 0]);
});

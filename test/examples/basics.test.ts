/**
 * The examples of the attention chapters (examples/*.ts), run through their main() and held to the
 * engine and to the formulas they print.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { main as layerNorm } from "../../examples/layer-norm.ts";
import { main as maskedSoftmax } from "../../examples/masked-softmax.ts";
import { main as multiHead } from "../../examples/multi-head-shapes.ts";
import { main as prePostNorm } from "../../examples/pre-post-norm.ts";
import { main as softmaxExample } from "../../examples/softmax.ts";
import { softmax } from "../../src/index.ts";

const quiet = () => {};

test("softmax: probabilities sum to 1, equal the formula and the engine, shift-invariant", () => {
  const r = softmaxExample(quiet);
  assert.ok(Math.abs(r.probs.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  r.probs.forEach((p, i) => {
    assert.ok(Math.abs(p - r.byHand[i]) < 1e-12);
    assert.ok(Math.abs(p - r.shifted[i]) < 1e-9);
  });
  assert.deepEqual(r.doubled, Array.from(softmax(r.logits.map((z) => 2 * z))));
  assert.ok(r.doubled[0] > r.probs[0], "doubling the logits sharpens the distribution");
});

test("masked softmax: the engine's causal probabilities equal the hand-masked matrix", () => {
  const { byHand, engine } = maskedSoftmax(quiet);
  for (let i = 0; i < engine.length; i++) {
    for (let j = 0; j < engine.length; j++) {
      assert.ok(Math.abs(engine[i][j] - byHand[i][j]) < 1e-6, `(${i}, ${j})`);
      if (j > i) assert.equal(engine[i][j], 0);
    }
    assert.ok(Math.abs(engine[i].reduce((a, b) => a + b, 0) - 1) < 1e-6);
  }
});

test("multi-head shapes: [1, 20, 896] → [1, 14, 20, 64], every number moved, none changed", () => {
  const { x, perHead, merged } = multiHead(quiet);
  assert.deepEqual(x.shape, [1, 20, 896]);
  assert.deepEqual(perHead.shape, [1, 14, 20, 64]);
  assert.deepEqual(merged, x.data);
  for (const [t, h, e] of [
    [0, 0, 0],
    [19, 13, 63],
    [7, 3, 31],
  ])
    assert.equal(perHead.data[(h * 20 + t) * 64 + e], x.data[t * 896 + h * 64 + e]);
});

test("LayerNorm: mean 0 and variance 1 after, whatever the scale before; RMSNorm: rms 1", () => {
  const { before, afterLn, afterRms } = layerNorm(quiet);
  assert.ok(before[2].variance > 1000, "the input rows differ in scale");
  for (const s of afterLn) {
    assert.ok(Math.abs(s.mean) < 1e-5);
    assert.ok(Math.abs(s.variance - 1) < 1e-3);
  }
  for (const s of afterRms) assert.ok(Math.abs(s.rms - 1) < 1e-3);
});

test("pre-norm lets the residual stream grow; post-norm keeps it at unit size", () => {
  const { preRms, postRms } = prePostNorm(quiet);
  for (const r of postRms) assert.ok(Math.abs(r - 1) < 1e-3);
  assert.ok(preRms[preRms.length - 1] > 2 * preRms[0], `pre-norm grew ${preRms[0]} → ${preRms.at(-1)}`);
});

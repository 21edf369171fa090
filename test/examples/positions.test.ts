/** The examples of the attention, positions and masks chapters, held to the formulas they print. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { main as attentionQkv } from "../../examples/attention-qkv.ts";
import { main as masks } from "../../examples/gpt-vs-bert-masks.ts";
import { main as orderBlind } from "../../examples/order-blind.ts";
import { main as positions } from "../../examples/positions.ts";
import { softmax } from "../../src/index.ts";

const quiet = () => {};

test("attention without positions is order-blind; with sinusoidal positions it is not", () => {
  const { plain, positioned } = orderBlind(quiet);
  assert.ok(plain < 1e-5, `no positions: ${plain}`);
  assert.ok(positioned > 0.1, `with positions: ${positioned}`);
});

test("sinusoidal values follow the formula; RoPE keeps norms and depends on m − n only", () => {
  const { pe, norm, norms, scores } = positions(quiet);
  const d = 8;
  for (let p = 0; p < 4; p++)
    for (let i = 0; i < d / 2; i++) {
      const angle = p / 10000 ** ((2 * i) / d);
      assert.ok(Math.abs(pe[p * d + 2 * i] - Math.sin(angle)) < 1e-6);
      assert.ok(Math.abs(pe[p * d + 2 * i + 1] - Math.cos(angle)) < 1e-6);
    }
  for (const n of norms) assert.ok(Math.abs(n - norm) / norm < 1e-6, `|q| ${n} vs ${norm}`);
  for (const s of scores) assert.ok(Math.abs(s - scores[0]) < 1e-4, `q·k ${s} vs ${scores[0]}`);
});

test("GPT's mask is lower-triangular, BERT's sees everything", () => {
  const { gpt, bert } = masks(quiet);
  gpt.forEach((row, i) => {
    row.forEach((v, j) => {
      assert.equal(v, j <= i ? 1 : 0);
    });
  });
  for (const row of bert) assert.ok(row.every((v) => v === 1));
});

test("attention Q/K/V: the weights are softmax(q·k/√d) and the output is Σ p·v", () => {
  const { weights, output, keys, values, queries } = attentionQkv(quiet);
  const it = queries.length - 1;
  const scores = keys.map((k) => k.reduce((s, x, i) => s + x * queries[it][i], 0) / 2);
  const expected = Array.from(softmax(scores));
  weights.forEach((w, j) => {
    assert.ok(Math.abs(w - expected[j]) < 1e-6, `weight ${j}`);
  });
  output.forEach((o, e) => {
    const sum = expected.reduce((s, p, j) => s + p * values[j][e], 0);
    assert.ok(Math.abs(o - sum) < 1e-6, `output ${e}`);
  });
  assert.equal(weights.indexOf(Math.max(...weights)), 1, '"it" attends most to "animal"');
});

/**
 * The examples that open tongguan's shipped GPT-2 (the FFN, the output head, residual connections),
 * held to the formulas they print, recomputed here from the captured tensors.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { main as ffn, gelu } from "../../examples/ffn.ts";
import { main as outputHead } from "../../examples/output-head.ts";
import { main as residual } from "../../examples/residual.ts";
import { softmax } from "../../src/index.ts";

const quiet = () => {};

test("ffn: d → 4d → d, the engine's activation is GELU, and units fire selectively", async () => {
  const r = await ffn(quiet);
  assert.equal(r.up.shape[1], 4 * r.norm.shape[1]);
  assert.deepEqual(r.out.shape, r.norm.shape);
  assert.ok(r.maxDiff < 1e-4, `GELU differs by ${r.maxDiff}`);
  assert.equal(gelu(0), 0);
  assert.ok(Math.abs(gelu(3) - 3) < 0.01 && Math.abs(gelu(-3)) < 0.01);
  for (const a of r.active) assert.ok(a > 0 && a < r.hidden, `${a} of ${r.hidden} fire`);
  let fired = 0;
  for (let i = 0; i < r.up.data.length; i++) if (r.up.data[i] > 0) fired++;
  assert.equal(
    r.active.reduce((s, a) => s + a, 0),
    fired,
  );
});

test("output-head: h · Wᵀ equals the engine's logits; the top five are softmax's five largest", async () => {
  const r = await outputHead(quiet);
  assert.equal(r.logits.length, r.vocab);
  assert.ok(r.maxDiff < 1e-3, `differs by ${r.maxDiff}`);
  const p = Array.from(softmax(r.engine));
  const sorted = [...p].sort((a, b) => b - a);
  r.top.forEach((t, i) => {
    assert.ok(Math.abs(t.q - sorted[i]) < 1e-4, `rank ${i}`);
  });
  assert.ok(r.top[0].q > 1 / r.vocab, "the model is more certain than uniform");
});

test("residual: every block's output is its input plus the two sub-layer updates", async () => {
  const { rows } = await residual(quiet);
  assert.equal(rows.length, 4);
  for (const row of rows) assert.ok(row.maxDiff < 1e-4, `layer ${row.layer}: ${row.maxDiff}`);
  // After layer 0, the updates are small next to the stream, so each block keeps most of its input.
  for (const row of rows.slice(1)) {
    assert.ok(row.attn + row.ffn < row.stream, `layer ${row.layer}: updates ${row.attn} + ${row.ffn}`);
    assert.ok(row.keep > 0.5, `layer ${row.layer}: cos ${row.keep}`);
  }
});

/** The examples of BPE steps and of linear layers / the output head, held to the engine. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { main as bpeSteps } from "../../examples/bpe-steps.ts";
import { DEMO_TOKENIZER } from "../../examples/lib/common.ts";
import { main as linearLayers } from "../../examples/linear-layers.ts";
import { loadTokenizer } from "../../src/index.ts";

const quiet = () => {};
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < tol, `[${i}] ${a[i]} vs ${b[i]}`);
};

test("BPE steps: merges apply in rank order and end at the tokenizer's own ids", async () => {
  const text = "Transformers tokenize 通关";
  const { trace, ids } = await bpeSteps(quiet, text);
  assert.deepEqual(
    trace.words.flatMap((w) => w.ids),
    ids,
  );
  const tokenizer = await loadTokenizer(DEMO_TOKENIZER);
  assert.equal(tokenizer.decode(ids), text);
  for (const w of trace.words) {
    const merges = w.merges ?? [];
    for (let i = 1; i < merges.length; i++) assert.ok(merges[i].rank >= merges[i - 1].rank, w.word);
  }
});

test("linear layers: Linear = x·Wᵀ + b; two without an activation collapse into one; the head's softmax sums to 1", async () => {
  const r = await linearLayers(quiet);
  close(r.h, r.hByHand, 1e-5);
  close(r.stacked, r.collapsed, 1e-5);
  assert.ok(
    r.withAct.some((v, i) => Math.abs(v - r.stacked[i]) > 1e-2),
    "SiLU changes the output",
  );
  assert.equal(r.probs.length, r.vocab);
  assert.ok(Math.abs(r.probs.reduce((a, b) => a + b, 0) - 1) < 1e-9);
});

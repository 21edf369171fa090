import assert from "node:assert/strict";
import { test } from "node:test";
import { Pcg32 } from "../../src/generation/rng.ts";
import { createModel } from "../../src/seq2seq/checkpoint.ts";
import { modelConfig } from "../../src/seq2seq/model-config.ts";
import { reverseTask } from "../../src/seq2seq/tasks/index.ts";
import { evaluate, train } from "../../src/seq2seq/trainer.ts";
import { CharVocab } from "../../src/seq2seq/vocab.ts";

// Reversing 3–5 letters of a 6-letter alphabet: guessing the whole answer right has a chance of
// at most 1/6³ ≈ 0.5%. A few seconds of training must take exact-match test accuracy far above it.
const task = reverseTask(3, 5, "abcdef");
const v = { source: new CharVocab(task.sourceChars), target: new CharVocab(task.targetChars) };

for (const [model, steps] of [
  ["lstm-attention", 150],
  ["transformer", 150],
] as const) {
  test(`${model}: test accuracy on reverse rises from chance to well above it in ${steps} steps`, () => {
    const config = modelConfig({
      model,
      dim: 32,
      srcVocab: v.source.size,
      tgtVocab: v.target.size,
      maxLength: 8,
    });
    const net = createModel(config, new Pcg32(1));
    const before = evaluate(net, task, v, { count: 100 });
    const { loss } = train(net, task, v, { steps, seed: 1, batchSize: 32, lr: 5e-3 });
    const after = evaluate(net, task, v, { count: 100 });
    assert.ok(before.accuracy <= 0.05, `untrained accuracy ${before.accuracy}`);
    assert.ok(
      after.accuracy >= 0.5,
      `accuracy after ${steps} steps: ${after.accuracy} (loss ${loss.toFixed(3)})`,
    );
  });
}

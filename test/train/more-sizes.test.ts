/**
 * Sizes and seeds beyond the shared fixtures, from the project's own PyTorch expectations
 * (test/train/data/, made by scripts/make-training-expectations.py with Debian's python3-torch):
 * GPT-2 with an untied head and n_inner ≠ 4C, Llama with 3:1 grouped-query attention and θ = 500,
 * Qwen2 with q/k/v biases and a tied head. `train --from` must reproduce every loss, gradient norm
 * and final weight.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { readBatches } from "../../src/train/batches.ts";
import { loadTrainable } from "../../src/train/checkpoint.ts";
import { toFileLayout } from "../../src/train/models/index.ts";
import { AdamW } from "../../src/train/optim/index.ts";
import { computeGradients, trainStep } from "../../src/train/step.ts";
import { assertWeightsMatch, closeness, tensors } from "./compare.ts";

const data = join(import.meta.dirname, "data");

for (const name of readdirSync(data)) {
  const dir = join(data, name);
  test(`${name}: gradients, losses, gradient norms and weights equal PyTorch's`, () => {
    const e = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));
    const { model } = loadTrainable(dir);
    const batches = readBatches(
      join(dir, "batches.jsonl"),
      model.config.vocabSize,
      model.config.contextLength,
    );
    computeGradients(model, batches[0]);
    const ref = tensors(join(dir, "grads-step0.safetensors"));
    for (const [n, g] of toFileLayout(model.config, model.params, (v) => v.grad!)) {
      const c = closeness(g.data, ref.get(n)!);
      assert.ok(c <= 1e-4, `${n} gradient: ${c.toExponential(2)}`);
    }
    const trainedModel = loadTrainable(dir).model;
    const opt = new AdamW([...trainedModel.params.values()], {
      lr: e.lr,
      betas: e.betas,
      eps: e.eps,
      weightDecay: e.weight_decay,
    });
    e.log.forEach((want: { loss: number; grad_norm_before_clip: number }, s: number) => {
      const r = trainStep(trainedModel, opt, batches[s], e.grad_clip);
      assert.ok(Math.abs(r.loss - want.loss) <= 1e-4 * want.loss, `step ${s} loss ${r.loss} vs ${want.loss}`);
      assert.ok(
        Math.abs(r.gradNorm - want.grad_norm_before_clip) <= 1e-4 * want.grad_norm_before_clip,
        `step ${s} grad norm`,
      );
    });
    const got = new Map(
      [...toFileLayout(trainedModel.config, trainedModel.params)].map(([n, t]) => [n, t.data]),
    );
    assertWeightsMatch(got, tensors(join(dir, "after.safetensors")), ref, e.steps, e.lr);
  });
}

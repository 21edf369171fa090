/**
 * The training graphs against PyTorch (../shared/fixtures/training, computed in float64): the loss
 * and every parameter's gradient at step 0 (relative 1e-4), then three AdamW steps with clipping
 * and weight decay — each step's loss and gradient norm, and every parameter afterwards.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { readBatches } from "../../src/train/batches.ts";
import { loadTrainable } from "../../src/train/checkpoint.ts";
import { toFileLayout } from "../../src/train/models/index.ts";
import { AdamW } from "../../src/train/optim/index.ts";
import { computeGradients, trainStep } from "../../src/train/step.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { assertWeightsMatch, closeness, tensors } from "./compare.ts";

for (const name of ["gpt2-tiny", "llama-tiny"]) {
  const skip = fixturesMissing(`training/${name}`);
  describe(`PyTorch ${name}`, { skip }, () => {
    const dir = () => fixture("training", name);
    const expected = () => JSON.parse(readFileSync(`${dir()}/expected.json`, "utf8"));

    test("step-0 loss and every gradient equal PyTorch's (rel 1e-4)", () => {
      const { model } = loadTrainable(dir());
      const [b] = readBatches(`${dir()}/batches.jsonl`, model.config.vocabSize, model.config.contextLength);
      const loss = computeGradients(model, b);
      const want = expected().log[0].loss;
      assert.ok(Math.abs(loss - want) <= 1e-4 * want, `loss ${loss} vs ${want}`);
      const grads = toFileLayout(model.config, model.params, (v) => v.grad!);
      const ref = tensors(`${dir()}/grads-step0.safetensors`);
      assert.equal(grads.size, ref.size);
      for (const [n, g] of grads) {
        const r = ref.get(n);
        assert.ok(r, `PyTorch has no gradient for ${n}`);
        const c = closeness(g.data, r);
        assert.ok(c <= 1e-4, `${n}: max error ${c.toExponential(2)} of its largest gradient`);
      }
    });

    test("3 AdamW steps: losses, gradient norms and final weights equal PyTorch's", () => {
      const { model } = loadTrainable(dir());
      const e = expected();
      const batches = readBatches(
        `${dir()}/batches.jsonl`,
        model.config.vocabSize,
        model.config.contextLength,
      );
      const opt = new AdamW([...model.params.values()], {
        lr: e.lr,
        betas: e.betas,
        eps: e.eps,
        weightDecay: e.weight_decay,
      });
      for (let s = 0; s < e.steps; s++) {
        const r = trainStep(model, opt, batches[s], e.grad_clip);
        const want = e.log[s];
        assert.ok(
          Math.abs(r.loss - want.loss) <= 1e-4 * want.loss,
          `step ${s} loss ${r.loss} vs ${want.loss}`,
        );
        assert.ok(
          Math.abs(r.gradNorm - want.grad_norm_before_clip) <= 1e-4 * want.grad_norm_before_clip,
          `step ${s} grad norm ${r.gradNorm} vs ${want.grad_norm_before_clip}`,
        );
      }
      const got = new Map([...toFileLayout(model.config, model.params)].map(([n, t]) => [n, t.data]));
      assertWeightsMatch(
        got,
        tensors(`${dir()}/after-3-steps.safetensors`),
        tensors(`${dir()}/grads-step0.safetensors`),
        e.steps,
        e.lr,
      );
    });
  });
}

/**
 * The training graphs against PyTorch (../shared/fixtures/training, computed in float64): the loss
 * and every parameter's gradient at step 0 (relative 1e-4), then three AdamW steps with clipping
 * and weight decay — each step's loss and gradient norm, and every parameter afterwards.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { toF32 } from "../../src/formats/cast.ts";
import { readSafetensors } from "../../src/formats/safetensors.ts";
import { readBatches } from "../../src/train/batches.ts";
import { loadTrainable } from "../../src/train/checkpoint.ts";
import { toFileLayout } from "../../src/train/models/index.ts";
import { AdamW } from "../../src/train/optim/index.ts";
import { computeGradients, trainStep } from "../../src/train/step.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

/** max |a − b| / (|b|max · rel): ≤ 1 passes. Relative to the tensor's largest value, so near-zero entries do not dominate. */
function closeness(a: Float32Array, b: Float32Array): number {
  let scale = 0;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst / Math.max(scale, 1e-12);
}

function tensors(path: string): Map<string, Float32Array> {
  const f = readSafetensors(path);
  return new Map(f.tensors.map((t) => [t.name, toF32(f.loadTensor(t.name), false).data as Float32Array]));
}

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
      const ref = tensors(`${dir()}/after-3-steps.safetensors`);
      const grad0 = tensors(`${dir()}/grads-step0.safetensors`);
      for (const [n, p] of toFileLayout(model.config, model.params)) {
        // The key bias's gradient is exactly 0 in exact arithmetic (softmax ignores a constant added
        // to every score): float32 leaves ~1e-9 of rounding noise, PyTorch's float64 ~1e-17, and
        // Adam's m/√v turns either into a step of up to lr. Those entries may differ by steps·lr.
        const g = grad0.get(n)!;
        let gmax = 0;
        for (const v of g) gmax = Math.max(gmax, Math.abs(v));
        const noise = g.map((v) => (Math.abs(v) < 1e-6 * gmax ? 1 : 0));
        const r = ref.get(n)!;
        const kept = (a: Float32Array) => a.map((v, i) => (noise[i] ? 0 : v));
        const c = closeness(kept(p.data), kept(r));
        assert.ok(c <= 1e-4, `${n} after 3 steps: max error ${c.toExponential(2)} of its largest value`);
        noise.forEach((z, i) => {
          if (z)
            assert.ok(
              Math.abs(p.data[i] - r[i]) <= e.steps * e.lr,
              `${n}[${i}] (zero gradient) moved too far`,
            );
        });
      }
    });
  });
}

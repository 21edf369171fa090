/**
 * A checkpoint written by training is the inference engine's checkpoint: `loadCausalLM` (what
 * run/chat/serve use) reads it unchanged and gives the same logits as the training graph — for
 * GPT-2 (Conv1D weights transposed on the way out), Llama with grouped-query attention, and Qwen2
 * (q/k/v biases).
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { ModelConfig } from "../../src/formats/config.ts";
import { loadCausalLM } from "../../src/models/index.ts";
import { noGrad } from "../../src/train/autograd/index.ts";
import { hfConfigJson, loadTrainable, saveModel } from "../../src/train/checkpoint.ts";
import { gptConfig } from "../../src/train/gpt-trainer.ts";
import { initParameters, LanguageModel } from "../../src/train/models/index.ts";
import { AdamW } from "../../src/train/optim/index.ts";
import { Random } from "../../src/train/random.ts";
import { trainStep } from "../../src/train/step.ts";

const tmp = mkdtempSync(join(tmpdir(), "tongguan-ckpt-"));

function trained(config: ModelConfig, seed: number): LanguageModel {
  const rng = new Random(seed);
  const model = new LanguageModel(config, initParameters(config, rng));
  const opt = new AdamW([...model.params.values()], { lr: 1e-2 });
  const ids = new Int32Array(2 * 12).map(() => rng.int(config.vocabSize));
  for (let s = 0; s < 3; s++)
    trainStep(
      model,
      opt,
      { inputs: ids, targets: ids.map((v) => (v + 1) % config.vocabSize), batch: 2, steps: 12 },
      1,
    );
  return model;
}

const cases: [string, ModelConfig][] = [
  ["gpt2", gptConfig({ arch: "gpt2", layers: 2, dim: 24, heads: 3, ctx: 16 }, 50, 0)],
  [
    "llama (GQA 4 heads on 2)",
    {
      ...gptConfig({ arch: "llama", layers: 2, dim: 32, heads: 4, ctx: 16 }, 50, 0),
      numKvHeads: 2,
      tieWordEmbeddings: false,
    },
  ],
  [
    "qwen2 (q/k/v biases)",
    {
      ...gptConfig({ arch: "llama", layers: 1, dim: 16, heads: 2, ctx: 16 }, 40, 0),
      architecture: "qwen2",
      attentionBias: true,
    },
  ],
];

for (const [name, config] of cases) {
  test(`${name}: the saved checkpoint gives the training graph's logits in the inference engine`, async () => {
    const model = trained(config, 3);
    const dir = join(tmp, name.split(" ")[0]);
    saveModel(dir, model, hfConfigJson(config));
    const ids = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
    const want = noGrad(() => model.logits(Int32Array.from(ids), 1, ids.length)).data;
    const lm = await loadCausalLM(dir);
    const got = lm.newSession({ cacheTypeK: "f32", cacheTypeV: "f32" }).forward(ids, { allPositions: true });
    let scale = 0;
    let worst = 0;
    for (let i = 0; i < want.length; i++) {
      scale = Math.max(scale, Math.abs(want[i]));
      worst = Math.max(worst, Math.abs(got[i] - want[i]));
    }
    assert.ok(worst <= 1e-4 * scale, `max difference ${worst} (largest logit ${scale})`);
    // and back into training unchanged
    const again = loadTrainable(dir).model;
    for (const [n, p] of model.params) assert.deepEqual(again.params.get(n)!.data, p.data, n);
  });
}

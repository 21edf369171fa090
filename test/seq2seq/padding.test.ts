import { test } from "node:test";
import { Pcg32 } from "../../src/generation/rng.ts";
import { makeBatch } from "../../src/seq2seq/batch.ts";
import { createModel } from "../../src/seq2seq/checkpoint.ts";
import { MODEL_NAMES, modelConfig } from "../../src/seq2seq/model-config.ts";
import { noGrad } from "../../src/train/autograd/variable.ts";
import { assertClose } from "./reference.ts";

// A padded batch must compute, row by row, what each example computes alone: training on batches
// then matches decoding one input at a time.
test("every model: a padded batch's logits equal each example's logits alone", () => {
  const pairs = [
    { src: [5, 6, 7, 8, 9, 10, 3], tgt: [4, 5, 6] },
    { src: [7, 3], tgt: [8] },
    { src: [9, 9, 4, 5], tgt: [3, 4, 5, 6, 7] },
  ];
  for (const model of MODEL_NAMES) {
    for (const attention of model.endsWith("-attention")
      ? (["dot", "general", "additive"] as const)
      : [undefined]) {
      const config = modelConfig({ model, dim: 8, srcVocab: 12, tgtVocab: 10, maxLength: 12, attention });
      const net = createModel(config, new Pcg32(3));
      noGrad(() => {
        const batch = makeBatch(pairs, net.padSource);
        const all = net.logits(batch).data;
        pairs.forEach((p, r) => {
          const alone = net.logits(makeBatch([p], net.padSource)).data;
          const rowLen = batch.tgtLen * 10;
          const mine = all.subarray(r * rowLen, r * rowLen + alone.length);
          assertClose(mine, alone, 1e-5, `${model} ${attention ?? ""} row ${r}`);
        });
      });
    }
  }
});

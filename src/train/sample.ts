/**
 * Text from a model while it trains: the whole window is run again for each new token (no KV
 * cache — a few dozen tokens of a small model), softmax with a temperature, top-k, sampled with the
 * trainer's seeded random source.
 */
import { noGrad } from "./autograd/index.ts";
import type { LanguageModel } from "./models/index.ts";
import type { Random } from "./random.ts";

export function sampleIds(
  model: LanguageModel,
  prompt: number[],
  count: number,
  rng: Random,
  { temperature = 0.8, topK = 40 } = {},
): number[] {
  const ctx = model.config.contextLength;
  const ids = [...prompt];
  const vocab = model.config.vocabSize;
  noGrad(() => {
    for (let n = 0; n < count; n++) {
      const window = ids.slice(-ctx);
      const logits = model.logits(Int32Array.from(window), 1, window.length).data;
      const row = logits.subarray((window.length - 1) * vocab, window.length * vocab);
      const order = Array.from(row.keys())
        .sort((a, b) => row[b] - row[a])
        .slice(0, topK);
      const top = row[order[0]];
      const weights = order.map((i) => Math.exp((row[i] - top) / temperature));
      let u = rng.next() * weights.reduce((a, b) => a + b, 0);
      let pick = order[order.length - 1];
      for (let i = 0; i < order.length; i++) {
        u -= weights[i];
        if (u <= 0) {
          pick = order[i];
          break;
        }
      }
      ids.push(pick);
    }
  });
  return ids.slice(prompt.length);
}

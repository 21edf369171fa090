/**
 * Turning a model's next-token distributions into an output sequence.
 *
 * Greedy: take the most likely token at each step, until </s> or `maxLength` tokens.
 * Beam search (width k): keep the k most likely prefixes by total log-probability; expand each by
 * every token, keep the best k again; a prefix that ends in </s> is finished. Scores are compared
 * after length normalisation (mean log-probability per token), so short outputs are not favoured
 * merely for having fewer terms. Width 1 is greedy.
 *
 * Each output token keeps the attention weights over the source it was produced with.
 */
import type { Decoder } from "./model.ts";
import { BOS, EOS } from "./vocab.ts";

export interface Decoded {
  /** Output ids, without </s>. */
  ids: number[];
  /** One row per output token (and one for </s>): the source weights, summing to 1; [] without attention. */
  attention: number[][];
  /** Total log-probability, </s> included. */
  logProb: number;
}

interface Hypothesis {
  ids: number[];
  attention: number[][];
  logProb: number;
  state: unknown;
  done: boolean;
}

export function beamSearch(decoder: Decoder, maxLength: number, width = 1): Decoded {
  let beam: Hypothesis[] = [{ ids: [], attention: [], logProb: 0, state: decoder.initial(), done: false }];
  for (let step = 0; step <= maxLength && beam.some((h) => !h.done); step++) {
    const candidates: Hypothesis[] = [];
    for (const h of beam) {
      if (h.done) {
        candidates.push(h);
        continue;
      }
      const last = h.ids.length === 0 ? BOS : h.ids[h.ids.length - 1];
      const r = decoder.step(h.state, last);
      const attention = r.attention ? [...h.attention, [...r.attention]] : h.attention;
      // Only the `width` best tokens of this hypothesis can survive the cut below.
      const order = topIndices(r.logProbs, width);
      for (const id of order) {
        const forcedEnd = step === maxLength && id !== EOS;
        if (forcedEnd) continue;
        candidates.push({
          ids: id === EOS ? h.ids : [...h.ids, id],
          attention,
          logProb: h.logProb + r.logProbs[id],
          state: r.state,
          done: id === EOS,
        });
      }
      if (step === maxLength && !order.includes(EOS)) {
        candidates.push({ ...h, attention, logProb: h.logProb + r.logProbs[EOS], done: true });
      }
    }
    candidates.sort((a, b) => score(b) - score(a));
    beam = candidates.slice(0, width);
  }
  const best = beam[0];
  return { ids: best.ids, attention: best.attention, logProb: best.logProb };
}

export function greedy(decoder: Decoder, maxLength: number): Decoded {
  return beamSearch(decoder, maxLength, 1);
}

/** Mean log-probability per emitted token (</s> counted once the hypothesis is done). */
function score(h: Hypothesis): number {
  return h.logProb / (h.ids.length + (h.done ? 1 : 0) || 1);
}

function topIndices(x: Float32Array, k: number): number[] {
  const idx = Array.from(x.keys());
  idx.sort((a, b) => x[b] - x[a]);
  return idx.slice(0, k);
}

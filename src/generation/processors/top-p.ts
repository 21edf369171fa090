/**
 * Top-p, nucleus sampling (Holtzman et al. 2019): keep the smallest set of most likely tokens whose
 * probabilities add up to at least p. Hugging Face's formulation (`TopPLogitsWarper`), reproduced
 * exactly: sort ascending, accumulate probabilities, drop every token whose cumulative sum is
 * ≤ 1 − p; the most likely token always stays.
 *
 * Example, p = 0.8, probabilities [0.1, 0.2, 0.3, 0.4] (ids 0..3): ascending cumulative sums are
 * 0.1 (id 0), 0.3 (id 1), 0.6, 1.0; those ≤ 0.2 go, so id 0 is dropped, ids 1, 2, 3 (0.9) survive.
 */
import { argmax, softmaxInto } from "../distribution.ts";
import type { LogitsProcessor } from "../logits-processor.ts";

export class TopPProcessor implements LogitsProcessor {
  readonly name = "top_p" as const;

  constructor(readonly p: number) {}

  /** softmax's output, reused token after token (a vocabulary's worth of f64 each time otherwise). */
  private probs = new Float64Array(0);
  /** The candidates' sort keys (sortKey), reused likewise. */
  private keys = new Float64Array(0);

  process(logits: Float32Array): void {
    const n = logits.length;
    if (this.probs.length !== n) {
      this.probs = new Float64Array(n);
      this.keys = new Float64Array(n);
    }
    const probs = softmaxInto(this.probs, logits);
    const best = argmax(logits);
    // Sorting a 150k vocabulary every token is slow, and nearly all of it is dropped anyway. A token
    // with probability below (1 − p)/(n − 1) is always dropped: all such tokens together hold less
    // than 1 − p and come first in ascending order (the same prefilter as llama2.c's run.c).
    // So drop them at once and sort only the rest.
    const cutoff = (1 - this.p) / (n - 1);
    let cumulative = 0;
    const byKey = n <= INDEX_SPAN;
    const keys = this.keys;
    const candidates: number[] = [];
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (probs[i] < cutoff && i !== best) {
        cumulative += probs[i];
        logits[i] = Number.NEGATIVE_INFINITY;
      } else if (byKey) keys[m++] = sortKey(logits[i], i);
      else candidates.push(i);
    }
    // Ascending, ties by id. With sort keys that is a typed array's own numeric sort — several times
    // faster than a comparator over ids, and there can be tens of thousands of candidates when the
    // distribution is flat.
    let order: ArrayLike<number>;
    if (byKey) order = keys.subarray(0, m).sort();
    else {
      candidates.sort((a, b) => (logits[a] < logits[b] ? -1 : logits[a] > logits[b] ? 1 : a - b));
      order = candidates;
      m = candidates.length;
    }
    // the last (most likely) token is never removed: min_tokens_to_keep = 1
    for (let r = 0; r < m - 1; r++) {
      const id = byKey ? order[r] % INDEX_SPAN : order[r];
      cumulative += probs[id];
      if (cumulative <= 1 - this.p) logits[id] = Number.NEGATIVE_INFINITY;
      else break;
    }
  }
}

/** Ids below this fit a sort key's low bits (2^20: vocabularies up to a million tokens). */
const INDEX_SPAN = 2 ** 20;
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * A number that orders (score, id) pairs as "score ascending, then id ascending": the f32 score's
 * bits turned into an unsigned integer of the same order (negative scores flipped, positive ones
 * offset past them), times 2^20, plus the id — exact in an f64 (≤ 2^52). −0 counts as +0, as `<` does.
 */
function sortKey(score: number, id: number): number {
  f32[0] = score + 0; // −0 + 0 = +0
  const u = u32[0];
  const ordered = u & 0x80000000 ? ~u >>> 0 : (u | 0x80000000) >>> 0;
  return ordered * INDEX_SPAN + id;
}

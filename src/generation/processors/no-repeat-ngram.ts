/**
 * No-repeat n-gram (Hugging Face `NoRepeatNGramLogitsProcessor`, from Paulus et al. 2017): forbid any
 * token that would complete an n-gram already present in the sequence (prompt included).
 *
 * With n = 3 and tokens [5, 6, 7, 5, 6], the last n−1 = 2 tokens are [5, 6]; the earlier n-gram
 * [5, 6, 7] starts with them, so token 7 gets score -Infinity. Nothing is banned before the
 * sequence holds a whole n-gram. Cost: one pass over the sequence per token, O(length · n).
 */
import type { LogitsProcessor, ProcessorContext } from "../logits-processor.ts";

export class NoRepeatNgramProcessor implements LogitsProcessor {
  readonly name = "no_repeat_ngram" as const;

  constructor(readonly n: number) {}

  process(logits: Float32Array, context: ProcessorContext): void {
    const t = context.tokens;
    const n = this.n;
    if (t.length + 1 < n) return; // HF: cur_len + 1 < ngram_size → nothing to ban
    const prefixStart = t.length - (n - 1); // the last n-1 tokens
    // every earlier n-gram t[i .. i+n-1] whose first n-1 tokens equal the current prefix
    for (let i = 0; i + n <= t.length; i++) {
      let same = true;
      for (let j = 0; j < n - 1; j++) {
        if (t[i + j] !== t[prefixStart + j]) {
          same = false;
          break;
        }
      }
      const banned = t[i + n - 1];
      if (same && banned >= 0 && banned < logits.length) logits[banned] = Number.NEGATIVE_INFINITY;
    }
  }
}

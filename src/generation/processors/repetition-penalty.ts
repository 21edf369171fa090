/**
 * Repetition penalty (Keskar et al. 2019, "CTRL"), with Hugging Face's semantics
 * (`RepetitionPenaltyLogitsProcessor`): every token that already occurs anywhere in the sequence —
 * prompt included — has its score pushed down once, however often it occurs:
 *
 *     score > 0  →  score / penalty        score < 0  →  score * penalty
 *
 * (dividing a negative score would raise it). penalty 1 changes nothing; penalty > 1 discourages
 * repeats; 0 < penalty < 1 encourages them. Example, penalty 2, token 1 seen:
 *     [1.0, 4.0, -1.0]  →  [1.0, 2.0, -1.0];   token 2 seen instead  →  [1.0, 4.0, -2.0]
 */
import type { LogitsProcessor, ProcessorContext } from "../logits-processor.ts";

export class RepetitionPenaltyProcessor implements LogitsProcessor {
  readonly name = "repetition_penalty" as const;

  constructor(readonly penalty: number) {}

  process(logits: Float32Array, context: ProcessorContext): void {
    const seen = new Set(context.tokens);
    for (const id of seen) {
      if (id < 0 || id >= logits.length) continue;
      const s = logits[id];
      logits[id] = s > 0 ? s / this.penalty : s * this.penalty;
    }
  }
}

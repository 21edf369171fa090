/**
 * Presence and frequency penalties, with the OpenAI API's (and llama.cpp's) semantics: a token that
 * occurred `count` times among the tokens generated so far loses
 *
 *     count × frequency_penalty  +  (count > 0 ? presence_penalty : 0)
 *
 * from its score (a subtraction, unlike the repetition penalty's division). The prompt does not
 * count: OpenAI applies them to "the text so far" of the completion.
 * Example, presence 0.5, frequency 0.25, generated [3, 3, 1]:
 *     token 3 (count 2): −(2·0.25 + 0.5) = −1;  token 1 (count 1): −(0.25 + 0.5) = −0.75
 */
import type { LogitsProcessor, ProcessorContext } from "../logits-processor.ts";

export class PresenceFrequencyPenaltyProcessor implements LogitsProcessor {
  readonly name = "presence_frequency_penalty" as const;

  constructor(
    readonly presencePenalty: number,
    readonly frequencyPenalty: number,
  ) {}

  process(logits: Float32Array, context: ProcessorContext): void {
    const counts = new Map<number, number>();
    for (let i = context.promptLength; i < context.tokens.length; i++) {
      const id = context.tokens[i];
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, count] of counts) {
      if (id < 0 || id >= logits.length) continue;
      logits[id] -= count * this.frequencyPenalty + this.presencePenalty;
    }
  }
}

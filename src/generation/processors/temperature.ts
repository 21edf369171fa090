/**
 * Temperature: divide every score by T before softmax. T < 1 sharpens the distribution (towards
 * argmax), T > 1 flattens it (towards uniform). Example, scores [2, 1, 0]:
 *     T = 1:   softmax → [0.665, 0.245, 0.090]
 *     T = 0.5: scores [4, 2, 0] → [0.867, 0.117, 0.016]
 * T = 0 is not a division: the generator treats it as greedy decoding (argmax) instead.
 */
import type { LogitsProcessor } from "../logits-processor.ts";

export class TemperatureProcessor implements LogitsProcessor {
  readonly name = "temperature" as const;

  constructor(readonly temperature: number) {}

  process(logits: Float32Array): void {
    const t = this.temperature;
    const n = logits.length;
    for (let i = 0; i < n; i++) logits[i] /= t;
  }
}

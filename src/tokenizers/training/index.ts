/**
 * Byte-level BPE training. `trainBpe` is what the CLI (`tongguan tokenizer train`) calls; the two
 * trainers behind it learn the same merges, one written to be read, one to be fast.
 */
import type { TrainOptions } from "./options.ts";
import { trainBpeFast } from "./train-fast.ts";
import { trainBpePlain } from "./train-plain.ts";
import type { TrainedBpe } from "./trained-bpe.ts";

export type { TrainOptions } from "./options.ts";
export { GPT4_SPLIT_PATTERN } from "./split.ts";
export { toTokenizerJson, writeTokenizerJson } from "./tokenizer-json.ts";
export type { Merge } from "./trained-bpe.ts";
export { byteLevelString, TrainedBpe } from "./trained-bpe.ts";
export { TrainedBpeEncoder } from "./trained-encoder.ts";
export { trainBpeFast, trainBpePlain };

export function trainBpe(text: string, options: TrainOptions & { algorithm?: "fast" | "plain" }): TrainedBpe {
  return options.algorithm === "plain" ? trainBpePlain(text, options) : trainBpeFast(text, options);
}

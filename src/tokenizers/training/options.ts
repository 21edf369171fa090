/** The options both BPE trainers take, and their checks. */
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { MAX_VOCAB } from "./pairs.ts";
import { GPT4_SPLIT_PATTERN } from "./split.ts";
import type { Merge, TrainedBpe } from "./trained-bpe.ts";

export interface TrainOptions {
  /** Size of the final vocabulary: 256 bytes + merged tokens + special tokens. */
  vocabSize: number;
  /** Special tokens (`<|endoftext|>`): cut out of the training text, given ids after the BPE tokens. */
  specialTokens?: readonly string[];
  /** The split regex (Oniguruma syntax, as written into tokenizer.json). Default: GPT-4's. */
  pattern?: string;
  /** Called after every merge, e.g. to print it (`--verbose`) or move a progress bar. */
  onMerge?: (merge: Merge, model: TrainedBpe, targetSize: number) => void;
}

export interface ResolvedTrainOptions {
  /** Number of BPE tokens (bytes + merges) to reach: vocabSize minus the special tokens. */
  targetSize: number;
  specialTokens: readonly string[];
  pattern: string;
}

export function resolveTrainOptions(options: TrainOptions): ResolvedTrainOptions {
  const specialTokens = [...new Set(options.specialTokens ?? [])];
  for (const s of specialTokens) {
    if (s.length === 0) throw new TongguanError(t("tokenizers.training.options.specialASpecialToken"));
  }
  const min = 256 + specialTokens.length;
  const { vocabSize } = options;
  if (!Number.isInteger(vocabSize) || vocabSize < min || vocabSize > MAX_VOCAB) {
    throw new TongguanError(
      t("tokenizers.training.options.vocabSizeMustBe", {
        vocabSize,
        min,
        specialTokensLength: specialTokens.length,
        MAX_VOCAB,
      }),
    );
  }
  return {
    targetSize: vocabSize - specialTokens.length,
    specialTokens,
    pattern: options.pattern ?? GPT4_SPLIT_PATTERN,
  };
}

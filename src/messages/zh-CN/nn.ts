import type { nn as en } from "../en/nn.ts";

export const nn: Record<keyof typeof en, string> = {
  "nn.kvCache.contextLengthMustBe": "上下文长度必须是正整数，收到 {contextLength}",
  "nn.kvCache.contextIsFullTokens":
    "上下文已满：缓存中 {length} 个词元 + {n} 个新词元 > 上下文长度 {contextLength}（请开始新会话、截断，或使用更长的上下文）",
  "nn.kvCache.truncatePositionMustBe": "truncate：位置必须是 0..{length} 之间的整数，收到 {position}",
  "nn.embedding.anEmbeddingTableMust": "{name}：嵌入表必须是二维的（count, dim），收到 [{shape}]",
  "nn.embedding.idIsOutside": "{name}：id {id} 超出 0..{v3}",
  "nn.embedding.indexIsOutside": "{name}：索引 {id} 超出 0..{v3}",
  "nn.rope.ropeFreqsHasFactors": "rope_freqs 有 {ffLength} 个因子，应为 {v2} 个（旋转宽度的一半）",
  "nn.linear.aLinearWeightMust": "{name}：线性层权重必须是二维的（out, in），收到形状 [{shape}]",
  "nn.linear.biasHasValuesThe": "{name}：偏置有 {biasLength} 个值，而权重有 {outFeatures} 行",
};

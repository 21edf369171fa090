import type { instruments as en } from "../en/instruments.ts";

export const instruments: Record<keyof typeof en, string> = {
  "instruments.capture.noTokensToRun": "没有可运行的词元（文本为空）",
  "instruments.capture.tokensDoNotFit": "{idsLength} 个词元放不进模型 {contextLength} 的上下文",
  "instruments.capture.thisModelNamesNo": '{option}：这个模型没有名为 "{name}" 的张量（它有：{names}）',
  "instruments.capture.layerTensorHasNo": '--layer：张量 "{name}" 没有第 {layer} 层（它的层为 {layers}）',
  "instruments.embeddingRows.aModelHasNo": "{architecture} 模型没有 tongguan 认识的词元嵌入表",
  "instruments.tokenizerTrace.tokenizeTraceTheTraced":
    'tokenize --trace："{text}" 跟踪到的合并与分词器的结果不一致',
};

import type { models as en } from "../en/models.ts";

export const models: Record<keyof typeof en, string> = {
  "models.weights.tensorIsMissing": "{source}：缺少张量 '{full}'",
  "models.weights.tensorHasShapeExpected": "{source}：张量 '{full}' 的形状为 [{shape}]，应为 [{shape2}]",
  "models.weights.tensorIsMissing2": "{source}：缺少张量 '{v2}{name}'",
  "models.noModelForArchitecture": "{path}：没有对应架构 '{architecture}' 的模型",
  "models.aBertEncoderCannot": "{path}：BERT 编码器不能生成文本（请用 embed、classify）",
  "models.aModelIsNot": "{path}：{architecture} 模型不是 BERT 编码器",
  "models.gpt2.gptNeedsAsMany": "{source}：gpt2 的 KV 头数必须等于注意力头数",
  "models.gpt2.wpeWeightHasWidth": "{source}：wpe.weight 的宽度为 {dim}，应为 {d}",
  "models.decoder.contextlengthMustBeAn":
    "contextLength 对这个模型必须是 1..{contextLength} 之间的整数，收到 {ctx}",
  "models.decoder.thisSessionWasReleased": "这个会话已释放；请开始一个新会话",
  "models.decoder.forwardNoTokenIds": "forward：没有给出词元 id",
  "models.decoder.tokenIdIsOutside": "词元 id {id} 超出词表范围 0..{v2}",
  "models.ropeConfig.ropeScalingTypeIs": "{source}：还不支持 rope_scaling 类型 '{rType}'（支持 llama3）",
  "models.memoryPlan.ctxIsNotA": "--ctx：{asked} 不是这个模型可用的上下文长度（1..{contextLength}）",
  "models.memoryPlan.doesNotFitIt": "{path} 放不下：它需要 {need}，而{why}；{v4}",
  "models.convertGguf.ropeScalingTypeIs":
    "convert 还不支持 rope_scaling 类型 '{rsType}'（支持 linear 和 yarn）",
  "models.convertGguf.aLlamaCCheckpoint":
    "{input}：llama2.c 检查点没有词表；请给出它的分词器 .bin（--tokenizer）",
  "models.convertGguf.unexpectedTensorForA": "{a} 模型中出现了意料之外的张量 '{infoName}'",
  "models.convertGguf.tensorHasShapeBut":
    "张量 '{infoName}' 的形状为 [{shape}]，但 config.json 意味着 [{shape2}]",
  "models.convertGguf.tensorIsMissing": "缺少张量 '{name}'",
  "models.convertGguf.tensorHasNoGguf": "张量 '{hf}' 没有对应的 GGUF 名称",
  "models.bert.configIdLabelHas":
    "{source}：config 的 id2label 有 {labelsLength} 个标签，而 classifier.weight 有 {outFeatures} 行",
  "models.bert.encodeNoTokenIds": "encode：没有给出词元 id",
  "models.bert.tokensDoNotFit": "{n} 个词元超出了 BERT 的 {contextLength} 个位置",
  "models.bert.tokentypeidsMustHaveOne": "tokenTypeIds 必须每个词元对应一项",
  "models.bert.attentionmaskMustHaveOne": "attentionMask 必须每个词元对应一项",
  "models.bert.thisCheckpointHasNo": "{source}：这个检查点没有池化层（pooler.dense.weight）",
  "models.bert.notASequenceClassification": "{source}：不是序列分类检查点（缺少 classifier.weight）",
  "models.bert.thisCheckpointHasNo2": "{source}：这个检查点没有填空（fill-mask）头（cls.predictions.*）",
  "models.memoryPlan.need":
    "{total}（权重 {weights} + {tokens} 个词元的 KV 缓存 {cache}（{cacheType}{sessions}）+ 临时缓冲 {scratch}）",
  "models.memoryPlan.sessions": "，{sessions} 个会话",
  "models.memoryPlan.freeMemory": "空闲内存只有 {free}",
  "models.memoryPlan.wasmMemory": "KV 缓存和激活值必须放进一块 4 GiB 的 WebAssembly 内存",
  "models.memoryPlan.quantizedFile": "{name} 文件（约 {size}）",
  "models.memoryPlan.whatFits": "能放下的：{fixes}",
  "models.memoryPlan.or": "，或 ",
  "models.memoryPlan.smallerModel": "需要更小的模型",
  "models.memoryPlan.note":
    "上下文 {ctx} 个词元（模型支持 {modelContext}）：这是 {free} 空闲内存在权重之外能容纳的长度（KV 缓存 {cache}，{cacheType}）；可用 --ctx 设置",
  "models.weights.tensorHasShapeExpected2": "{source}：张量 '{full}' 的形状为 [{shape}]，应为 [{want}]",
  "models.moduleTree.noParametersLoaded": "{architecture}：没有加载任何参数",
};

import type { generation as en } from "../en/generation.ts";

export const generation: Record<keyof typeof en, string> = {
  "generation.samplingDefaults.notValidJson": "不是合法的 JSON：{message}",
  "generation.chatSession.theMessageIsTokens":
    "这条消息连同系统提示词共 {idsLength} 个词元；上下文只能容纳 {context} 个，而回复需要 {room} 个：请写短一些（或缩短 /system）",
  "generation.generate.generationWasStoppedBefore": "生成在结束前被中止了（流被提前关闭）",
  "generation.generate.promptItIsEmpty": "prompt：提示词为空，分词器也没有加 BOS，没有可以接着写的内容",
  "generation.generate.promptTokenIdIs": "prompt：词元 id {id} 超出词表范围（0..{v2}）",
  "generation.generate.promptTokensDoNot":
    "prompt：{promptTokensLength} 个词元放不进 {contextLength} 个词元的上下文",
  "generation.generate.generationOptionCachedtokensLists":
    "生成选项 cachedTokens：列出了 {cachedLength} 个词元，但会话中有 {position} 个",
  "generation.rng.seedTheLlamaC": "seed：llama2.c 的随机数生成器（xorshift64*）需要非零的种子",
  "generation.samplers.samplingEveryTokenWas": "采样：所有词元都被过滤掉了（所有分数都是 -Infinity）",
  "generation.tokenSampler.generationOptionProcessororderIs":
    '生成选项 processorOrder："{name}" 已开启，但不在顺序列表中',
  "generation.openModel.aLlamaCCheckpoint":
    "llama2.c 检查点需要它的分词器：把 tokenizer.bin 放在旁边，或传入 --tokenizer",
  "generation.openModel.theTokenizerHasTokens":
    "分词器有 {vocabSize} 个词元，而模型只有 {vocabSize2} 个：不是这个模型的分词器{v3}",
  "generation.chatTemplate.chatTemplateRangeStep": "chat_template：range() 的步长不能为零",
  "generation.chatTemplate.chatTemplateCannotParse": "chat_template：无法解析 Jinja 模板：{message}",
  "generation.chatTemplate.chatTemplateTheTemplate": "chat_template：模板拒绝了这段对话：{message}",
  "generation.chatTemplate.chatTemplateRenderingFailed": "chat_template：渲染失败：{message}",
  "generation.chatTemplate.hasNoChatTemplate":
    '{where} 没有 chat_template（tokenizer_config.json 的 "chat_template" 或 GGUF 的 "tokenizer.chat_template"）；对话需要它（tongguan chat --chat-template FILE）',
  "generation.openModel.llama2cHint": "（stories260K 要配 tok512.bin：请传入 --tokenizer）",
  "generation.options.generationOption": "生成选项 {option}：{problem}",
  "generation.options.notInRange": "{value} 不是{range}",
  "generation.options.unknownOption": "未知选项（支持：{names}）",
  "generation.options.numberAtLeast0": "≥ 0 的数",
  "generation.options.integerAtLeast0": "≥ 0 的整数",
  "generation.options.integerAtLeast1": "≥ 1 的整数",
  "generation.options.inOpenClosed01": "在 (0, 1] 内的数",
  "generation.options.inClosed01": "在 [0, 1] 内的数",
  "generation.options.positive": "> 0 的数",
  "generation.options.inMinus2To2": "在 [-2, 2] 内的数",
  "generation.options.safeInteger": "安全整数（safe integer）",
  "generation.options.trueOrFalse": "必须是 true 或 false",
  "generation.options.tokenIdList": "必须是词元 id（≥ 0 的整数）组成的列表",
  "generation.options.stringList": "必须是非空字符串组成的列表",
  "generation.options.unknownProcessor": '未知的处理器 "{name}"（已知：{known}）',
  "generation.options.processorTwice": "同一个处理器列了两次",
  "generation.options.onlyWithSession": "只有和 session 一起用才有意义",
  "generation.options.notWithLlama2cRng": "不能与 llama2cRng 同用（run.c 的采样器只有温度、top-p 和种子）",
  "generation.options.notWithLlama2cSampler": "不能与 llama2.c 采样器同用",
  "generation.options.nonZeroSeed": "llama2.c 的随机数生成器需要非零的种子",
  "generation.samplingDefaults.greedy": "贪心",
  "generation.samplingDefaults.temperature": "温度 {temperature}",
  "generation.samplingDefaults.repetition": "重复惩罚 {penalty}",
};

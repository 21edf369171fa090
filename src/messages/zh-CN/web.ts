import type { web as en } from "../en/web.ts";

export const web: Record<keyof typeof en, string> = {
  "web.routes.labInput.requestBodyExpectedA": "请求体：应为 JSON 对象",
  "web.routes.labInput.isNotIn": "{name}：{v} 不是 [{min}, {max}] 之间的{v3}",
  "web.routes.labInput.idsExpectedAList": "ids：应为 0..{v1} 之间的词元 id 列表",
  "web.routes.labInput.textExpectedAString": "text：应为字符串",
  "web.routes.labInput.textCharactersIsToo":
    "text：{textLength} 个字符，对这个页面来说太长了（最多 {maxTokens} 个词元）",
  "web.routes.labInput.textItIsEmpty": "text：文本为空，分词器也没有加任何词元",
  "web.routes.labInput.textTokensIsMore":
    "text：{idsLength} 个词元，超过了{limitNote}（最多 {maxTokens} 个）；请缩短",
  "web.routes.attention.layerIsOutsideThe": "layer：{layer} 超出 0..{v2}（该模型有 {layers} 层）",
  "web.routes.training.textExpectedAString": "text：应为字符串（用来学习的文本）",
  "web.routes.training.textCharactersTheLab":
    "text：{textLength} 个字符；实验室最多在 {LAB_CORPUS_MAX} 个字符上训练",
  "web.routes.training.textIsTooSmall":
    "text：{size} 太小，无法训练（一步要用 {batch} 个 {v3} 词元的窗口，另有十分之一留作验证）；请粘贴更多文本",
  "web.routes.generation.runsExpectedAList": 'runs：应为由 "cache" 和/或 "nocache" 组成的列表',
  "web.routes.causalModel.thePageNeedsA":
    "{page} 页面需要能预测下一个词元的模型；{architecture} 是编码器（请打开 GPT-2、Llama 或 Qwen2 模型）",
  "web.routes.labInput.anInteger": "整数",
  "web.routes.labInput.aNumber": "数",
  "web.labServer.requestFailed": "tongguan lab: {request} 出错：{error}",
  "web.streamEvents.internalError": "实验室服务器内部错误（详情见它的终端）",
};

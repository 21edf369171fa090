import type { server as en } from "../en/server.ts";

export const server: Record<keyof typeof en, string> = {
  "server.embeddingEngine.isAnEncoderIt": "'{modelId}' 是编码器：它生成嵌入（/v1/embeddings），不能对话",
  "server.embeddingEngine.inputIsTokensThis":
    "input{v1} 有 {idsLength} 个词元；这个模型最多读取 {contextLength} 个",
  "server.embeddingEngine.isAnEncoderIt2": "'{modelId}' 是编码器：它生成嵌入，不能生成文本",
  "server.chatEncoding.messagesContentHoldsSpecial":
    "messages[{i}].content 含有特殊词元文本，而对话模板会改动内容，因此无法当作普通文本保留：请删去特殊词元文本",
  "server.engineFromModel.ctxNeedAnInteger":
    "--ctx：需要 ≥ 2 的整数（一个提示词词元加一个新词元），收到 {contextLength}",
  "server.engineFromModel.parallelWithCtxOnly":
    "--parallel {n} 配合 --ctx {contextLength}：模型旁边的 4 GiB 张量内存只放得下 {made} 个 KV 缓存（请用 --parallel {v4} 或更短的 --ctx）",
  "server.engineFromModel.theModelHasNo":
    "模型 '{modelId}' 没有对话模板：请用 --chat-template FILE 启动服务器，或使用 /v1/completions",
};

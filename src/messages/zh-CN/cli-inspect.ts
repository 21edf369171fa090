import type { cliInspect as en } from "../en/cli-inspect.ts";

export const cliInspect: Record<keyof typeof en, string> = {
  "cli.inspect.opt.json": "以 JSON 输出总计和配置",
  "cli.inspect.arg.model": "模型文件夹、.gguf、llama2.c .bin 或 hub id（ORG/NAME）",
  "cli.inspect.description": "模型的模块树：形状、数据类型、参数量和内存",
  "cli.inspect.parameters": "参数量：{count}（{exact}；{dtypes}）",
  "cli.inspect.weights": "内存中的权重：{size}",
  "cli.inspect.kvCache": "KV 缓存（f32）：每个词元 {perToken}，完整的 {context} 词元上下文共 {total}",
  "cli.inspect.shape":
    "{architecture}：{layers} 层，隐藏维度 {hidden}，{heads} 个注意力头{kv}，每头 {headDim} 维，FFN {ffn}，词表 {vocab}，上下文 {context}{positions}，{norm} ε={eps}，{activation}",
  "cli.inspect.kvHeads": "（{kvHeads} 个 KV 头）",
  "cli.inspect.rope": "，RoPE θ={theta}",
  "cli.inspect.learnedPositions": "，学习的位置嵌入",
};

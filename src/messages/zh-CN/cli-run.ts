import type { cliRun as en } from "../en/cli-run.ts";

export const cliRun: Record<keyof typeof en, string> = {
  "cli.run.arg.prompt": "提示词（默认：空；对 llama2.c 来说即只有 BOS）",
  "cli.run.arg.model": "模型文件夹、.gguf 或 llama2.c .bin 检查点（默认：自带的模型）",
  "cli.run.description": "根据提示词生成文本（流式输出；--json 输出词元和文本）",
  "cli.run.opt.json": '输出一个 JSON 对象 {"prompt_tokens", "generated_tokens", "text", "stop"}，不流式输出',
  "cli.run.tokenizerDefault": "模型自带的；llama2.c .bin 则用旁边的 tokenizer.bin",
  "cli.run.summary":
    "[提示词 {prompt} 个词元，生成 {generated} 个，停止原因：{stop}{seed}] 前缀填充 {prefill} tok/s，解码 {decode} tok/s，首个词元用时 {ttft} ms",
  "cli.run.seed": "，种子 {seed}",
};

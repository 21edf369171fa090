import type { cliConvert as en } from "../en/cli-convert.ts";

export const cliConvert: Record<keyof typeof en, string> = {
  "cli.convert.opt.quiet": "不显示进度",
  "cli.convert.opt.tokenizer": "llama2.c 输入：它的分词器 .bin",
  "cli.convert.opt.out": "输出文件（默认：<dir>-<type>.gguf）",
  "cli.convert.opt.type": "权重类型：{GGUF_FILE_TYPES}",
  "cli.convert.opt.to": "输出格式（只支持 gguf）",
  "cli.convert.arg.dir": "检查点文件夹（或 llama2.c .bin，或 .gguf）",
  "cli.convert.description":
    "把 Hugging Face 检查点文件夹（safetensors + config.json + tokenizer.json）转换为 GGUF",
  "cli.convert.toOnlyGgufIs": "--to {to}：只支持 'gguf'",
  "cli.convert.typeExpectedOneOf": "--type {flagsType}：应为 {GGUF_FILE_TYPES} 之一",
  "cli.convert.wrote": "已写出",
  "cli.convert.summary": "{out}：{architecture}，{layers} 层，{type}，{size} MiB，用时 {seconds} s",
};

import type { cliBench as en } from "../en/cli-bench.ts";

export const cliBench: Record<keyof typeof en, string> = {
  "cli.bench.opt.json": "输出一个 JSON 对象",
  "cli.bench.opt.genTokens": "提示词之后解码的词元数",
  "cli.bench.opt.promptTokens": "前缀填充（prefill）的提示词长度",
  "cli.bench.opt.threads": "计算线程数（默认：全部核心）",
  "cli.bench.arg.model": "模型文件夹、.gguf、llama2.c .bin 或 hub id（ORG/NAME）",
  "cli.bench.description": "测量前缀填充（prefill）和解码（decode）速度（tok/s）、首个词元延迟和内存峰值",
  "cli.bench.summary": "{model}：{size} MiB，{threads} 个线程，加载用时 {ms} ms",
  "cli.bench.prefill": "  前缀填充  {tokens} 个词元   {speed} tok/s",
  "cli.bench.decode": "  解码      {tokens} 个词元   {speed} tok/s",
  "cli.bench.ttft": "  首个词元延迟  {ms} ms",
  "cli.bench.peakRss": "  内存峰值（RSS）  {mb} MiB（模型大小的 {ratio} 倍）",
};

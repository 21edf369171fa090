import type { cliPull as en } from "../en/cli-pull.ts";

export const cliPull: Record<keyof typeof en, string> = {
  "cli.pull.helpText":
    "\n示例：\n  tongguan pull openai-community/gpt2 --include '*.json' '*.safetensors'\n  HF_ENDPOINT=https://hf-mirror.com tongguan pull Qwen/Qwen2-0.5B\n",
  "cli.pull.opt.exclude": "排除匹配该模式的文件",
  "cli.pull.opt.include": '只下载匹配该模式的文件，例如 "*.json" "*.safetensors"（* 可跨文件夹）',
  "cli.pull.opt.revision": "分支、标签或提交哈希",
  "cli.pull.arg.repo": 'hub 仓库 id ORG/NAME，例如 "Qwen/Qwen2-0.5B"',
  "cli.pull.description": "从 Hugging Face hub 下载模型到缓存（遵循 HF_ENDPOINT、HF_TOKEN、HF_HOME）",
  "cli.pull.interrupted": "已中断；再次运行同一命令即可续传",
  "cli.pull.summary": "{repo}：{files} 个文件，{size}；新下载 {downloaded} 个，已缓存 {cached} 个",
};

import type { cliFillMask as en } from "../en/cli-fill-mask.ts";

export const cliFillMask: Record<keyof typeof en, string> = {
  "cli.fillMask.opt.json": '输出 {"masks": [{"position", "fillers": [{"id", "token", "p"}]}]}',
  "cli.fillMask.opt.tokenizer": "分词器（默认：模型自带的）",
  "cli.fillMask.opt.top": "每个掩码列出的候选数（默认 5）",
  "cli.fillMask.arg.text": '含一个或多个 [MASK] 的文本，例如 "The capital of France is [MASK]."',
  "cli.fillMask.arg.model": "带掩码语言模型头（BertForMaskedLM）的 BERT 文件夹，或 hub id",
  "cli.fillMask.description": "BERT 掩码语言模型对文本中每个 [MASK] 的猜测及其概率",
  "cli.fillMask.topIsNotA": "--top：{top} 不是正整数",
  "cli.fillMask.theTokenizerHasNo": "{modelArg}：分词器没有掩码词元（[MASK] 或 <mask>）",
  "cli.fillMask.textItHasNo":
    'text：文本里没有可填的 {maskToken}（例如 "Paris is the capital of {maskToken}."）',
};

import type { cliClassify as en } from "../en/cli-classify.ts";

export const cliClassify: Record<keyof typeof en, string> = {
  "cli.classify.opt.numerics": "plain，或 llama.cpp（复现 llama.cpp 在 CPU 上的舍入）",
  "cli.classify.opt.json": '输出 {"labels": [{"label": …, "probability": …}, …]}',
  "cli.classify.opt.tokenizer": "分词器（默认：模型自带的）",
  "cli.classify.opt.ids": "词元 id，逗号分隔，代替文本",
  "cli.classify.arg.text": "要分类的文本（或给 --ids）",
  "cli.classify.arg.model": "模型文件夹或 hub id（ORG/NAME）",
  "cli.classify.description": "序列分类模型（BertForSequenceClassification）给出的标签和概率",
};

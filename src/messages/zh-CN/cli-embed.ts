import type { cliEmbed as en } from "../en/cli-embed.ts";

export const cliEmbed: Record<keyof typeof en, string> = {
  "cli.embed.opt.numerics": "plain，或 llama.cpp（复现 llama.cpp 在 CPU 上的舍入）",
  "cli.embed.opt.tokens": "任意模型：每个词元在词元嵌入表中的那一行（形状、前几个值、范数）",
  "cli.embed.opt.json": '输出 {"embedding": [...]}',
  "cli.embed.opt.tokenizer": "分词器（默认：模型自带的）",
  "cli.embed.opt.ids": "词元 id，逗号分隔，代替文本",
  "cli.embed.arg.text": "要嵌入的文本（或给 --ids）",
  "cli.embed.arg.model": "BERT 模型文件夹、.gguf 或 hub id（ORG/NAME）",
  "cli.embed.description": "用 BERT 模型求一段文本（或一串词元 id）的句子嵌入",
  "cli.embed.giveEitherIdsOr": "--ids 和文本只能给一个",
  "cli.embed.giveATextTo": "请给出要嵌入的文本，或 --ids",
  "cli.embed.tokensGiveAText": "--tokens：请给出文本（或 --ids）",
  "cli.embed.summary": "{count} 个词元 → {dims} 维（{pooling} 池化），范数 {norm}",
  "cli.embed.tableTitle": "{architecture} 的词元嵌入：形状为 ({vocab}, {dim}) 的表；每个词元 id 取出其中一行",
};

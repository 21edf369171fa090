import type { cliLogits as en } from "../en/cli-logits.ts";

export const cliLogits: Record<keyof typeof en, string> = {
  "cli.logits.opt.numerics": "plain，或 llama.cpp（复现 llama.cpp 在 CPU 上的舍入）",
  "cli.logits.opt.json": "输出 JSON",
  "cli.logits.opt.allPositions": "同时列出每个位置之后概率最高的词元",
  "cli.logits.opt.top": "列出多少个词元",
  "cli.logits.opt.tokenizer": "分词器（默认：模型自带的；llama2.c .bin：旁边的 tokenizer.bin）",
  "cli.logits.opt.ids": "词元 id，逗号分隔（例如 1,403,407）",
  "cli.logits.arg.text": "文本（用模型的分词器切分，加上 BOS）；或给 --ids",
  "cli.logits.arg.model": "模型文件夹、.gguf、llama2.c .bin 或 hub id（ORG/NAME）",
  "cli.logits.description": "一串词元 id 之后最可能的下一个词元，附 logits 和对数概率",
  "cli.logits.noTokenIdsGiven": "{option}：没有给出词元 id",
  "cli.logits.isNotAToken": "{option}：'{p}' 不是词元 id",
  "cli.logits.numericsIsNotOne": "--numerics：'{text}' 不是 plain、llama.cpp 之一",
  "cli.logits.topIsNotA": "--top：'{text}' 不是正整数",
  "cli.logits.giveEitherAText": "文本和 --ids 只能给一个",
  "cli.logits.giveATextOr": "请给出文本，或用 --ids 给出词元 id",
  "cli.logits.tokenizerTokensMoreThan":
    "--tokenizer：{vocabSize} 个词元，多于模型的 {vocabSize2} 个：不是这个模型的分词器",
  "cli.logits.textItIsEmpty": "text：文本为空，分词器也没有加 BOS",
  "cli.logits.afterPosition": "位置 {position} 之后（id {id}{token}）：",
  "cli.logits.nextToken": "{architecture}，{count} 个词元{shown}；下一个词元：",
};

import type { cliTokenizer as en } from "../en/cli-tokenizer.ts";

export const cliTokenizer: Record<keyof typeof en, string> = {
  "cli.tokenizer.description": "分词器工具（训练你自己的 BPE）",
  "cli.tokenizer.train.helpText":
    "\n示例：\n  tongguan tokenizer train notes.txt --vocab-size 1000 --out my-bpe --special '<|endoftext|>' --verbose",
  "cli.tokenizer.train.opt.verbose": "打印每一次合并：词元对、新词元及其出现次数",
  "cli.tokenizer.train.opt.algorithm": "fast（增量计数）或 plain（每一步重新计数，便于阅读）",
  "cli.tokenizer.train.opt.special": "一个特殊词元，例如 <|endoftext|>（可重复）",
  "cli.tokenizer.train.opt.out": "写入 tokenizer.json 的文件夹（必要时创建）",
  "cli.tokenizer.train.opt.vocabSize": "最终词表的词元数：256 个字节 + 合并数 + 特殊词元",
  "cli.tokenizer.train.arg.corpus": "用来学习的 UTF-8 文本文件",
  "cli.tokenizer.train.description": "训练字节级 BPE 分词器，写出 DIR/tokenizer.json",
  "cli.tokenizer.vocabSizeExpectedA": "--vocab-size {value}：应为整数，例如 2000",
  "cli.tokenizer.notUtfTextThe": "不是 UTF-8 文本；训练器读取 UTF-8 文本文件",
  "cli.tokenizer.noTextToTrain": "{paths}：没有可训练的文本",
  "cli.tokenizer.algorithmExpectedFastOr": "--algorithm {algorithm}：应为 fast 或 plain",
  "cli.tokenizer.noSuchFile": "没有这个文件",
  "cli.tokenizer.cannotRead": "无法读取（{code}）",
  "cli.tokenizer.verboseLegend": "词元以带引号的文本显示，不成完整字符的字节显示为 <e9 80>（bytesLabel）",
  "cli.tokenizer.bar": "训练 BPE {bar} {value}/{total} 次合并 | 剩余 {eta_formatted}",
  "cli.tokenizer.merge": "合并 {n}/{merges}：{left} + {right} -> {token}（id {id}，出现 {count} 次）",
  "cli.tokenizer.wrote":
    "已写出 {path}：{total} 个词元（256 个字节 + {merged} 个合并 + {special} 个特殊词元），在 {bytes} 字节上训练，用时 {seconds} s",
  "cli.tokenizer.ranOut": "注意：语料在 {total} 个词元时已没有可合并的词元对（要求 {vocabSize} 个）",
};

import type { cliTokenize as en } from "../en/cli-tokenize.ts";

export const cliTokenize: Record<keyof typeof en, string> = {
  "cli.tokenize.opt.trace": "显示每个词是怎样切开的：BPE 一步步的合并，WordPiece 的最长匹配",
  "cli.tokenize.opt.compare":
    "并排比较几个分词器切出的词元，逗号分隔：tongguan、gpt2、cl100k_base、o200k_base、qwen2、bert、llama3（已下载时）或路径",
  "cli.tokenize.opt.noColor": "不上色：词元之间用 │ 分隔",
  "cli.tokenize.opt.color": "即使输出不是终端也给词元上色",
  "cli.tokenize.opt.skipSpecial": "与 --decode 一起用：文本中略去特殊词元",
  "cli.tokenize.opt.addSpecial": "让后处理器加上它的词元（BOS、[CLS] … [SEP]）",
  "cli.tokenize.opt.decode": "读入词元 id（参数或标准输入，逗号或空格分隔），输出文本",
  "cli.tokenize.opt.jsonl": "从标准输入每行读一个 JSON 字符串，每行输出一个对象",
  "cli.tokenize.opt.json": '输出一个对象 {"ids": [...], "tokens": [...]}',
  "cli.tokenize.opt.tokenizer":
    "tokenizer.json、Hugging Face 分词器文件所在的文件夹、.gguf 或 llama2.c tokenizer.bin（默认：tongguan 的演示 BPE，assets/tokenizers/tongguan-demo）",
  "cli.tokenize.arg.text": "文本（默认：从标准输入读取）；与 --decode 一起用时为 id",
  "cli.tokenize.description": "显示一段文本的词元，带颜色和 id（或把 id 解码回文本）",
  "cli.tokenize.cannotBeUsedTogether": "{modes} 不能同时使用",
  "cli.tokenize.jsonlReadsStandardInput": "--jsonl 从标准输入读取；请把文本放在标准输入，而不是参数里",
  "cli.tokenize.standardInputLineExpected": '标准输入第 {v1} 行：应为 JSON 字符串，例如 "Hello world"',
  "cli.tokenize.compareGiveTokenizerNames": "--compare：请给出分词器名称，逗号分隔（例如 gpt2,cl100k_base）",
  "cli.tokenize.compareAndTokenizerCannot": "--compare 和 --tokenizer 不能同时使用",
  "cli.tokenize.decodeNoTokenIds": "--decode：没有给出词元 id（参数或标准输入中都没有）",
  "cli.tokenize.decodeIsNotA": '--decode："{part}" 不是词元 id（应为非负整数）',
  "cli.tokenize.decodeIdIsNot": "--decode：id {id} 不在词表中（共 {vocabSize} 个词元）",
  "cli.tokenize.and": " 和 ",
  "cli.tokenize.readingStdin": "正在从标准输入读取；按 Ctrl-D 结束（或把文本作为参数给出）",
  "cli.tokenize.counts": "{tokens} 个词元，{characters} 个字符",
  "cli.tokenize.opt.file":
    "以流的方式从文件读取文本（- 表示标准输入），大小不限；输出计数，或用 --json 输出 id 和词元",
  "cli.tokenize.fileCannotBeUsed": "--file 不能与 {other} 同时使用",
  "cli.tokenize.or": " 或 ",
  "cli.tokenize.aTextArgument": "文本参数",
  "cli.tokenize.fileCounts": "{tokens} 个词元，{characters} 个字符，{bytes} 字节（{source}）",
  "cli.tokenize.standardInput": "标准输入",
};

/** The messages of src/cli/commands/tokenize.ts. */
export const cliTokenize = {
  "cli.tokenize.opt.trace":
    "show how each word is cut: BPE's merges step by step, WordPiece's longest matches",
  "cli.tokenize.opt.compare":
    "the text under several tokenizers side by side, comma separated: tongguan, gpt2, cl100k_base, o200k_base, qwen2, bert, llama3 (if downloaded) or paths",
  "cli.tokenize.opt.noColor": "no colours: tokens are separated by │",
  "cli.tokenize.opt.color": "colour the tokens even when the output is not a terminal",
  "cli.tokenize.opt.skipSpecial": "with --decode: leave special tokens out of the text",
  "cli.tokenize.opt.addSpecial": "let the post-processor add its tokens (BOS, [CLS] … [SEP])",
  "cli.tokenize.opt.decode":
    "read token ids (arguments or standard input, comma or space separated), print the text",
  "cli.tokenize.opt.jsonl": "read one JSON string per line from standard input, print one object per line",
  "cli.tokenize.opt.json": 'print one object {"ids": [...], "tokens": [...]}',
  "cli.tokenize.opt.tokenizer":
    "tokenizer.json, a folder of Hugging Face tokenizer files, a .gguf or a llama2.c tokenizer.bin (default: tongguan's demo BPE, assets/tokenizers/tongguan-demo)",
  "cli.tokenize.arg.text": "the text (default: read standard input); with --decode, the ids",
  "cli.tokenize.description":
    "show the tokens of a text, coloured, with their ids (or decode ids back to text)",
  "cli.tokenize.cannotBeUsedTogether": "{modes} cannot be used together",
  "cli.tokenize.jsonlReadsStandardInput":
    "--jsonl reads standard input; give the text there, not as arguments",
  "cli.tokenize.standardInputLineExpected":
    'standard input, line {v1}: expected a JSON string such as "Hello world"',
  "cli.tokenize.compareGiveTokenizerNames":
    "--compare: give tokenizer names, comma separated (e.g. gpt2,cl100k_base)",
  "cli.tokenize.compareAndTokenizerCannot": "--compare and --tokenizer cannot be used together",
  "cli.tokenize.decodeNoTokenIds": "--decode: no token ids given (as arguments or on standard input)",
  "cli.tokenize.decodeIsNotA": '--decode: "{part}" is not a token id (a whole number)',
  "cli.tokenize.decodeIdIsNot": "--decode: id {id} is not in the vocabulary ({vocabSize} tokens)",
  "cli.tokenize.and": " and ",
  "cli.tokenize.readingStdin":
    "reading from standard input; end with Ctrl-D (or give the text as an argument)",
  "cli.tokenize.counts": "{tokens} {tokens|token|tokens}, {characters} {characters|character|characters}",
  "cli.tokenize.opt.file":
    "read the text from a file (- for standard input) as a stream, of any size; prints the counts, or with --json the ids and tokens",
  "cli.tokenize.fileCannotBeUsed": "--file cannot be used with {other}",
  "cli.tokenize.or": " or ",
  "cli.tokenize.aTextArgument": "a text argument",
  "cli.tokenize.fileCounts":
    "{tokens} {tokens|token|tokens}, {characters} {characters|character|characters}, {bytes} {bytes|byte|bytes} ({source})",
  "cli.tokenize.standardInput": "standard input",
} as const;

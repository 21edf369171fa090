/** The messages of src/cli/commands/tokenizer.ts. */
export const cliTokenizer = {
  "cli.tokenizer.description": "work with tokenizers (train your own BPE)",
  "cli.tokenizer.train.helpText":
    "\nExample:\n  tongguan tokenizer train notes.txt --vocab-size 1000 --out my-bpe --special '<|endoftext|>' --verbose",
  "cli.tokenizer.train.opt.verbose": "print every merge: the pair, the new token and its count",
  "cli.tokenizer.train.opt.algorithm": "fast (incremental counts) or plain (recount every step, to read)",
  "cli.tokenizer.train.opt.special": "a special token, e.g. <|endoftext|> (repeat for more)",
  "cli.tokenizer.train.opt.out": "folder to write tokenizer.json into (created if needed)",
  "cli.tokenizer.train.opt.vocabSize": "tokens in the final vocabulary: 256 bytes + merges + special tokens",
  "cli.tokenizer.train.arg.corpus": "UTF-8 text files to learn from",
  "cli.tokenizer.train.description": "train a byte-level BPE tokenizer and write DIR/tokenizer.json",
  "cli.tokenizer.vocabSizeExpectedA": "--vocab-size {value}: expected a whole number such as 2000",
  "cli.tokenizer.notUtfTextThe": "not UTF-8 text; the trainer reads UTF-8 text files",
  "cli.tokenizer.noTextToTrain": "{paths}: no text to train on",
  "cli.tokenizer.algorithmExpectedFastOr": "--algorithm {algorithm}: expected fast or plain",
  "cli.tokenizer.noSuchFile": "no such file",
  "cli.tokenizer.cannotRead": "cannot read ({code})",
  "cli.tokenizer.verboseLegend":
    "tokens as text in quotes, bytes that are not a whole character as <e9 80> (bytesLabel)",
  "cli.tokenizer.bar": "training BPE {bar} {value}/{total} merges | {eta_formatted} left",
  "cli.tokenizer.merge": "merge {n}/{merges}: {left} + {right} -> {token} (id {id}, count {count})",
  "cli.tokenizer.wrote":
    "wrote {path}: {total} tokens (256 bytes + {merged} merged + {special} special), trained on {bytes} bytes in {seconds} s",
  "cli.tokenizer.ranOut":
    "note: the corpus ran out of pairs to merge at {total} tokens (asked for {vocabSize})",
} as const;

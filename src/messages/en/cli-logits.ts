/** The messages of src/cli/commands/logits.ts. */
export const cliLogits = {
  "cli.logits.opt.numerics": "plain, or llama.cpp to reproduce llama.cpp's CPU rounding",
  "cli.logits.opt.json": "print JSON",
  "cli.logits.opt.allPositions": "also list the top tokens after every position",
  "cli.logits.opt.top": "how many tokens to list",
  "cli.logits.opt.tokenizer":
    "the tokenizer (default: the model's own; a llama2.c .bin: tokenizer.bin beside it)",
  "cli.logits.opt.ids": "token ids, comma separated (e.g. 1,403,407)",
  "cli.logits.arg.text": "the text (tokenized with the model's tokenizer, BOS added); or give --ids",
  "cli.logits.arg.model": "a model folder, .gguf, llama2.c .bin or hub id (ORG/NAME)",
  "cli.logits.description":
    "the most likely next tokens after a sequence of token ids, with logits and log-probabilities",
  "cli.logits.noTokenIdsGiven": "{option}: no token ids given",
  "cli.logits.isNotAToken": "{option}: '{p}' is not a token id",
  "cli.logits.numericsIsNotOne": "--numerics: '{text}' is not one of plain, llama.cpp",
  "cli.logits.topIsNotA": "--top: '{text}' is not a positive integer",
  "cli.logits.giveEitherAText": "give either a text or --ids, not both",
  "cli.logits.giveATextOr": "give a text, or token ids with --ids",
  "cli.logits.tokenizerTokensMoreThan":
    "--tokenizer: {vocabSize} tokens, more than the model's {vocabSize2}: not this model's tokenizer",
  "cli.logits.textItIsEmpty": "text: it is empty and the tokenizer added no BOS",
  "cli.logits.afterPosition": "after position {position} (id {id}{token}):",
  "cli.logits.nextToken": "{architecture}, {count} {count|token|tokens}{shown}; next token:",
} as const;

/** The messages of src/cli/commands/fill-mask.ts. */
export const cliFillMask = {
  "cli.fillMask.opt.json": 'print {"masks": [{"position", "fillers": [{"id", "token", "p"}]}]}',
  "cli.fillMask.opt.tokenizer": "the tokenizer (default: the model's own)",
  "cli.fillMask.opt.top": "fillers to list per mask (default 5)",
  "cli.fillMask.arg.text": 'a text with one or more [MASK], e.g. "The capital of France is [MASK]."',
  "cli.fillMask.arg.model": "a BERT folder with its masked-LM head (BertForMaskedLM), or a hub id",
  "cli.fillMask.description":
    "BERT's masked-language-model guess for each [MASK] in a text, with probabilities",
  "cli.fillMask.topIsNotA": "--top: {top} is not a positive integer",
  "cli.fillMask.theTokenizerHasNo": "{modelArg}: the tokenizer has no mask token ([MASK] or <mask>)",
  "cli.fillMask.textItHasNo":
    'text: it has no {maskToken} to fill (e.g. "Paris is the capital of {maskToken}.")',
} as const;

/** The messages of src/cli/commands/classify.ts. */
export const cliClassify = {
  "cli.classify.opt.numerics": "plain, or llama.cpp to reproduce llama.cpp's CPU rounding",
  "cli.classify.opt.json": 'print {"labels": [{"label": …, "probability": …}, …]}',
  "cli.classify.opt.tokenizer": "the tokenizer (default: the model's own)",
  "cli.classify.opt.ids": "token ids, comma separated, instead of text",
  "cli.classify.arg.text": "the text to classify (or give --ids)",
  "cli.classify.arg.model": "a model folder or hub id (ORG/NAME)",
  "cli.classify.description":
    "labels and probabilities from a sequence-classification model (BertForSequenceClassification)",
} as const;

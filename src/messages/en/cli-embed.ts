/** The messages of src/cli/commands/embed.ts. */
export const cliEmbed = {
  "cli.embed.opt.numerics": "plain, or llama.cpp to reproduce llama.cpp's CPU rounding",
  "cli.embed.opt.tokens":
    "any model: each token's row of the token-embedding table (shape, first values, norm)",
  "cli.embed.opt.json": 'print {"embedding": [...]}',
  "cli.embed.opt.tokenizer": "the tokenizer (default: the model's own)",
  "cli.embed.opt.ids": "token ids, comma separated, instead of text",
  "cli.embed.arg.text": "the text to embed (or give --ids)",
  "cli.embed.arg.model": "a BERT model folder, .gguf or hub id (ORG/NAME)",
  "cli.embed.description": "the sentence embedding of a text (or of token ids) from a BERT model",
  "cli.embed.giveEitherIdsOr": "give either --ids or a text, not both",
  "cli.embed.giveATextTo": "give a text to embed, or --ids",
  "cli.embed.tokensGiveAText": "--tokens: give a text (or --ids)",
  "cli.embed.summary": "{count} {count|token|tokens} → {dims} dimensions ({pooling} pooling), norm {norm}",
  "cli.embed.tableTitle":
    "{architecture} token embeddings: a table of shape ({vocab}, {dim}); each token id picks its row",
} as const;

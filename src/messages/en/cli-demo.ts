/** The messages of src/cli/commands/demo.ts. */
export const cliDemo = {
  "cli.demo.description":
    "offline tour: the token visualizer, word-vector analogies and our own small GPT generating text",
  "cli.demo.tokens": "1. Tokens — text becomes ids (tongguan's own byte-level BPE)",
  "cli.demo.vectors": "\n2. Word vectors — meaning as arithmetic (GloVe 6B 100d)\n",
  "cli.demo.gpt": "\n3. A GPT of our own — 1.06M parameters trained from scratch on the King James Bible\n",
  "cli.demo.next": "\nNext: {help}, and the chapter map in docs/chapters.md (docs/chapters.zh-CN.md).\n",
} as const;

/**
 * What one 汉字 costs. A common Chinese character is 3 bytes in UTF-8. Byte-level BPE (GPT-2) starts
 * from bytes and merges frequent pairs; trained mostly on English, it rarely merged Chinese bytes,
 * so one 汉字 often costs 2–3 tokens. Larger vocabularies trained on more Chinese (cl100k for
 * GPT-3.5/4, o200k for GPT-4o) give many characters — and common words — a token of their own.
 * A vocabulary built for Chinese does better still: Qwen2's 151k tokens hold thousands of
 * characters and words, and BERT-Chinese (WordPiece) gives every 汉字 exactly one token.
 * Everything here is offline: the OpenAI encodings come from the js-tiktoken package, the demo
 * tokenizer from assets/; Qwen2's and BERT-Chinese's are added when you name their folders
 * (`tongguan pull Qwen/Qwen2-0.5B-Instruct`, `tongguan pull google-bert/bert-base-chinese`).
 * Run: npm run example -- chinese-token-cost [TOKENIZER_FOLDER_OR_HUB_ID …]
 */

import { basename } from "node:path";
import { loadTiktoken, loadTokenizer, type Tokenizer, tokenPieces } from "tongguan";
import { DEMO_TOKENIZER, isMain } from "./lib/common.ts";

export const TEXT = "我爱北京天安门，人工智能改变世界。";

export async function main(print: (line: string) => void = console.log, more: string[] = []) {
  const tokenizers: [string, Tokenizer][] = [
    ["gpt2 (50k)", await loadTiktoken("gpt2")],
    ["cl100k_base", await loadTiktoken("cl100k_base")],
    ["o200k_base", await loadTiktoken("o200k_base")],
    ["tongguan-demo (3k)", await loadTokenizer(DEMO_TOKENIZER)],
  ];
  for (const where of more) {
    const tok = await loadTokenizer(where);
    tokenizers.push([`${basename(where)} (${Math.round(tok.vocabSize / 1000)}k)`, tok]);
  }
  const chars = [...TEXT].length;
  const bytes = new TextEncoder().encode(TEXT).length;
  print(`"${TEXT}": ${chars} characters, ${bytes} UTF-8 bytes`);
  const rows: { name: string; tokens: number; perChar: number; roundTrip: boolean }[] = [];
  for (const [name, tok] of tokenizers) {
    const ids = tok.encode(TEXT).ids;
    const roundTrip = tok.decode(ids) === TEXT;
    rows.push({ name, tokens: ids.length, perChar: ids.length / chars, roundTrip });
    print(
      `  ${name.padEnd(24)} ${String(ids.length).padStart(3)} tokens  ${(ids.length / chars).toFixed(2)} per 汉字`,
    );
  }
  // One character, token by token: byte pieces show as <e5 9b>.
  const gpt2 = tokenizers[0][1];
  const one = "通";
  const pieces = tokenPieces(gpt2, gpt2.encode(one).ids);
  print(`"${one}" under gpt2: ${pieces.map((p) => p.label).join(" | ")}`);
  if (more.length === 0)
    print("add Qwen2's or BERT-Chinese's tokenizer: npm run example -- chinese-token-cost FOLDER …");
  return { chars, bytes, rows };
}

if (isMain(import.meta.url)) await main(console.log, process.argv.slice(2));

/**
 * How byte-level BPE tokenizes a word: start from its bytes, then apply the learned merges in rank
 * order (lowest rank = learned first = most frequent pair) until no learned pair is left.
 * The tokenizer is tongguan's demo BPE (assets/, 3000 tokens, trained by tongguan itself).
 * Run: npm run example -- bpe-steps
 */
import { loadTokenizer, traceTokenizer } from "tongguan";
import { DEMO_TOKENIZER, isMain } from "./lib/common.ts";

export async function main(print: (line: string) => void = console.log, text = "Transformers tokenize 通关") {
  const tokenizer = await loadTokenizer(DEMO_TOKENIZER);
  const trace = traceTokenizer(tokenizer, text);
  print(`"${text}" (${trace.model}): the pre-tokenizer splits it into ${trace.words.length} words`);
  for (const w of trace.words) {
    print(`word ${JSON.stringify(w.word)}  start: ${(w.start ?? []).join(" ")}`);
    for (const m of w.merges ?? [])
      print(
        `  merge ${`${m.left} + ${m.right}`.padEnd(18)} (rank ${String(m.rank).padStart(4)}) → ${m.symbols.join(" ")}`,
      );
    print(`  tokens: ${w.tokens.join(" ")}   ids: ${w.ids.join(" ")}`);
  }
  return { trace, ids: tokenizer.encode(text).ids };
}

if (isMain(import.meta.url)) await main();

/**
 * GPT vs BERT: the same attention, two masks.
 *
 * GPT (decoder-only) predicts the next token, so token t may look at tokens 0..t only (causal mask).
 * BERT (encoder) fills in blanks, so every token sees every other token (no mask), and a [MASK]
 * in the middle uses words on both sides. The 1s below are what each token can see.
 * Run: npm run example -- gpt-vs-bert-masks
 */
import { scaledDotProductAttention } from "tongguan";
import { isMain, randomArray } from "./lib/common.ts";

/** Which keys each query sees (1) in attention with or without the causal mask. */
export function visibility(n: number, causal: boolean): number[][] {
  const d = 4;
  const x = randomArray(n * d, 9);
  const probs = new Float32Array(n * n);
  scaledDotProductAttention(new Float32Array(n * d), x, x, x, n, n, {
    heads: 1,
    kvHeads: 1,
    headDim: d,
    qStart: 0,
    causal,
    scores: new Float32Array(n),
    probs,
  });
  return Array.from({ length: n }, (_, i) =>
    Array.from(probs.subarray(i * n, (i + 1) * n), (p) => (p > 0 ? 1 : 0)),
  );
}

export function main(print: (line: string) => void = console.log) {
  const words = ["the", "cat", "[MASK]", "on", "mats"];
  const gpt = visibility(words.length, true);
  const bert = visibility(words.length, false);
  const show = (m: number[][]) => {
    for (const [i, row] of m.entries()) print(`  ${words[i].padEnd(7)} ${row.join(" ")}`);
  };
  print("GPT (causal): row = token, 1 = may attend to that column");
  show(gpt);
  print("BERT (bidirectional):");
  show(bert);
  return { gpt, bert };
}

if (isMain(import.meta.url)) main();

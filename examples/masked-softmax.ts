/**
 * Masked softmax: a decoder hides the future. Scores above the diagonal are set to −∞ before the
 * softmax, so exp(−∞) = 0 and token t attends only to tokens 0..t.
 *
 *   P = softmax(Q Kᵀ / √d + M),   M[i][j] = 0 if j ≤ i, −∞ otherwise
 *
 * The matrix is computed twice: by hand with an explicit mask, and by the engine's attention
 * (scaledDotProductAttention with causal: true, asked for its probabilities).
 * Run: npm run example -- masked-softmax
 */
import { scaledDotProductAttention, softmax } from "tongguan";
import { fmt, isMain, randomArray } from "./lib/common.ts";

export function main(print: (line: string) => void = console.log) {
  const n = 5; // tokens
  const d = 8; // one head of width 8
  const q = randomArray(n * d, 11);
  const k = randomArray(n * d, 12);
  const v = randomArray(n * d, 13);
  // By hand: scores, mask, softmax row by row.
  const byHand: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let t = 0; t < d; t++) dot += q[i * d + t] * k[j * d + t];
      row.push(j <= i ? dot / Math.sqrt(d) : Number.NEGATIVE_INFINITY);
    }
    byHand.push(Array.from(softmax(row)));
  }
  // The engine.
  const probs = new Float32Array(n * n);
  scaledDotProductAttention(new Float32Array(n * d), q, k, v, n, n, {
    heads: 1,
    kvHeads: 1,
    headDim: d,
    qStart: 0,
    causal: true,
    scores: new Float32Array(n),
    probs,
  });
  const engine = Array.from({ length: n }, (_, i) => Array.from(probs.subarray(i * n, (i + 1) * n)));
  print("causal attention probabilities (row = query token, column = key token):");
  for (let i = 0; i < n; i++)
    print(`  t${i} ${fmt(engine[i])}   row sum ${engine[i].reduce((a, b) => a + b, 0).toFixed(4)}`);
  print("every entry above the diagonal is 0: no token sees a later one.");
  return { byHand, engine };
}

if (isMain(import.meta.url)) main();

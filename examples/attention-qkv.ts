/**
 * A first look at attention: Query, Key, Value.
 *
 * Each token asks a question (its query), offers a label (its key) and carries content (its value).
 * Its output is the average of all values, weighted by softmax(q·k / √d): the tokens whose keys answer
 * its question count most. Here the vectors are written by hand so the answer is visible: in
 * "the animal was tired because it …", the query of "it" matches the key of "animal".
 * Run: npm run example -- attention-qkv
 */
import { scaledDotProductAttention } from "tongguan";
import { fmt, isMain } from "./lib/common.ts";

export const WORDS = ["the", "animal", "was", "tired", "because", "it"];

export function main(print: (line: string) => void = console.log) {
  const d = 4; // feature 0: "is a noun/thing", 1: "is a verb", 2: "is a state", 3: "looks for a thing"
  const keys = [
    [0, 0, 0, 0],
    [3, 0, 0, 0],
    [0, 2, 0, 0],
    [0, 0, 2, 0],
    [0, 0, 0, 0],
    [1, 0, 0, 0],
  ];
  const values = [
    [0, 0, 0, 0],
    [1, 0, 0, 0], // "animal" carries "I am the animal"
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
    [0.1, 0, 0, 0],
  ];
  const queries = WORDS.map((w) => (w === "it" ? [2, 0, 0, 0] : [0, 0, 0, 0]));
  const n = WORDS.length;
  const probs = new Float32Array(n * n);
  const out = new Float32Array(n * d);
  scaledDotProductAttention(
    out,
    Float32Array.from(queries.flat()),
    Float32Array.from(keys.flat()),
    Float32Array.from(values.flat()),
    n,
    n,
    {
      heads: 1,
      kvHeads: 1,
      headDim: d,
      qStart: 0,
      causal: true,
      scores: new Float32Array(n),
      probs,
    },
  );
  const it = n - 1;
  const weights = Array.from(probs.subarray(it * n, (it + 1) * n));
  print(
    `q("it") = ${fmt(queries[it], 1)};  scores q·k/√${d}: ${fmt(
      keys.map((k) => k.reduce((s, x, i) => s + x * queries[it][i], 0) / Math.sqrt(d)),
      2,
    )}`,
  );
  print(`attention of "it": ${WORDS.map((w, j) => `${w} ${weights[j].toFixed(3)}`).join(", ")}`);
  print(
    `output of "it" = Σ p·v = ${fmt(out.subarray(it * d, (it + 1) * d))}  (mostly the value of "animal")`,
  );
  return { weights, output: Array.from(out.subarray(it * d, (it + 1) * d)), keys, values, queries };
}

if (isMain(import.meta.url)) main();

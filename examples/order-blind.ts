/**
 * Why positions: attention alone cannot tell word order. Shuffle the tokens and each token's output
 * is exactly the same, only shuffled — "dog bites man" and "man bites dog" look alike. Add sinusoidal
 * position vectors to the inputs first, and the outputs change with the order.
 * Run: npm run example -- order-blind
 */
import { scaledDotProductAttention, sinusoidalPositions } from "tongguan";
import { isMain, randomArray } from "./lib/common.ts";

/** Bidirectional single-head self-attention with q = k = v = x (n, d). */
function selfAttention(x: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  scaledDotProductAttention(out, x, x, x, n, n, {
    heads: 1,
    kvHeads: 1,
    headDim: d,
    qStart: 0,
    causal: false,
    scores: new Float32Array(n),
  });
  return out;
}

function permuteRows(x: Float32Array, order: number[], d: number): Float32Array {
  const y = new Float32Array(x.length);
  order.forEach((src, dst) => {
    y.set(x.subarray(src * d, (src + 1) * d), dst * d);
  });
  return y;
}

/** Largest |a − b| between out(original) reordered and out(reordered input). */
function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function main(print: (line: string) => void = console.log) {
  const words = ["dog", "bites", "man"];
  const order = [2, 1, 0]; // "man bites dog"
  const n = words.length;
  const d = 16;
  const emb = randomArray(n * d, 5);
  const plain = maxDiff(
    permuteRows(selfAttention(emb, n, d), order, d),
    selfAttention(permuteRows(emb, order, d), n, d),
  );
  const pe = sinusoidalPositions(n, d);
  const withPos = (x: Float32Array) => x.map((v, i) => v + pe[i]);
  const positioned = maxDiff(
    permuteRows(selfAttention(withPos(emb), n, d), order, d),
    selfAttention(withPos(permuteRows(emb, order, d)), n, d),
  );
  print(`"${words.join(" ")}" vs "${order.map((i) => words[i]).join(" ")}"`);
  print(
    `no positions:   outputs differ (after matching tokens) by at most ${plain.toExponential(2)}  → order-blind`,
  );
  print(`with positions: outputs differ by up to ${positioned.toFixed(3)}  → order matters`);
  return { plain, positioned };
}

if (isMain(import.meta.url)) main();

/**
 * Linear layers, the FFN's non-linearity, and the output head.
 *
 *   Linear(x) = x·Wᵀ + b        a matrix multiplication (W stored (out, in), as PyTorch does) plus a bias
 *
 * Two linear layers in a row are still ONE linear map (W2·W1): without the activation between them
 * the FFN would add no expressive power. The output head is one more linear layer, hidden → vocab,
 * whose scores softmax turns into next-token probabilities.
 * Run: npm run example -- linear-layers
 */
import { Linear, loadTokenizer, softmax, Tensor } from "tongguan";
import { DEMO_TOKENIZER, fmt, isMain, randomArray } from "./lib/common.ts";

/** y = x·Wᵀ + b by hand, for one row x. */
function byHand(x: Float32Array, w: Float32Array, b: Float32Array, out: number): Float32Array {
  const inDim = x.length;
  const y = new Float32Array(out);
  for (let o = 0; o < out; o++) {
    let s = b[o];
    for (let i = 0; i < inDim; i++) s += x[i] * w[o * inDim + i];
    y[o] = s;
  }
  return y;
}

const silu = (v: Float32Array) => v.map((z) => z / (1 + Math.exp(-z)));

export async function main(print: (line: string) => void = console.log) {
  const [d, f] = [4, 6];
  const x = randomArray(d, 31);
  const w1 = randomArray(f * d, 32);
  const b1 = randomArray(f, 33);
  const w2 = randomArray(d * f, 34);
  const b2 = randomArray(d, 35);
  const up = new Linear(Tensor.from(w1, [f, d]), b1);
  const down = new Linear(Tensor.from(w2, [d, f]), b2);
  const run = (l: Linear, v: Float32Array) => {
    const y = new Float32Array(l.outFeatures);
    l.forward(y, v, 1);
    return y;
  };
  const h = run(up, x);
  print(`x ${fmt(x)}  →  up (Linear ${d}→${f}) ${fmt(h)}`);
  print(`same by hand: x·Wᵀ + b             ${fmt(byHand(x, w1, b1, f))}`);
  // down(up(x)) = x·(W2·W1)ᵀ + (W2·b1 + b2): one linear layer.
  const w21 = new Float32Array(d * d);
  for (let o = 0; o < d; o++)
    for (let i = 0; i < d; i++) for (let k = 0; k < f; k++) w21[o * d + i] += w2[o * f + k] * w1[k * d + i];
  const b21 = byHand(b1, w2, b2, d);
  const stacked = run(down, h);
  const collapsed = byHand(x, w21, b21, d);
  const withAct = run(down, silu(h));
  print(`down(up(x))        ${fmt(stacked)}`);
  print(`one Linear W2·W1   ${fmt(collapsed)}   (the same: no activation, no new power)`);
  print(`down(SiLU(up(x)))  ${fmt(withAct)}   (the activation makes it non-linear)`);
  // The output head: hidden (16) → vocabulary (3000) scores → probabilities.
  const tokenizer = await loadTokenizer(DEMO_TOKENIZER);
  const hidden = 16;
  const head = new Linear(
    Tensor.from(randomArray(tokenizer.vocabSize * hidden, 36), [tokenizer.vocabSize, hidden]),
  );
  const logits = run(head, randomArray(hidden, 37));
  const probs = softmax(logits);
  const top = Array.from(probs.keys())
    .sort((a, b) => probs[b] - probs[a])
    .slice(0, 3);
  print(
    `output head: [1, ${hidden}] · Wᵀ [${hidden}, ${tokenizer.vocabSize}] → logits [1, ${tokenizer.vocabSize}] → softmax`,
  );
  print(
    `  top tokens (random weights): ${top.map((i) => `${JSON.stringify(tokenizer.decode([i]))} ${probs[i].toFixed(4)}`).join(", ")}`,
  );
  return { h, hByHand: byHand(x, w1, b1, f), stacked, collapsed, withAct, probs, vocab: tokenizer.vocabSize };
}

if (isMain(import.meta.url)) await main();

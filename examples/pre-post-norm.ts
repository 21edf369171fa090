/**
 * Pre-norm vs post-norm, and why residual connections need a norm somewhere.
 *
 *   post-norm (the 2017 paper, BERT):   x = LayerNorm(x + F(x))
 *   pre-norm  (GPT-2, Llama, Qwen2):    x = x + F(LayerNorm(x))
 *
 * F here is a random linear sub-layer. Post-norm keeps the residual stream at unit size after every
 * layer; pre-norm lets it grow (each layer adds a unit-sized update), which is why pre-norm models
 * put one final norm before the output head — and why they train more stably when deep (the
 * identity path is never normalised away).
 * Run: npm run example -- pre-post-norm
 */
import { LayerNorm, Linear, Tensor } from "tongguan";
import { rowStats } from "./layer-norm.ts";
import { fmt, isMain, randomArray } from "./lib/common.ts";

export function main(print: (line: string) => void = console.log) {
  const dim = 64;
  const layers = 12;
  const ln = new LayerNorm(new Float32Array(dim).fill(1), new Float32Array(dim), 1e-5);
  // One random linear sub-layer per layer, weights ~ U(−√(3/dim), √(3/dim)): output ≈ input scale.
  const sub = Array.from(
    { length: layers },
    (_, l) => new Linear(Tensor.from(randomArray(dim * dim, 100 + l, Math.sqrt(3 / dim)), [dim, dim])),
  );
  const x0 = randomArray(dim, 1);
  const pre = Float32Array.from(x0);
  const post = Float32Array.from(x0);
  const h = new Float32Array(dim);
  const y = new Float32Array(dim);
  const preRms: number[] = [];
  const postRms: number[] = [];
  for (let l = 0; l < layers; l++) {
    ln.forward(h, pre, 1); // pre-norm: x = x + F(LN(x))
    sub[l].forward(y, h, 1);
    for (let i = 0; i < dim; i++) pre[i] += y[i];
    sub[l].forward(y, post, 1); // post-norm: x = LN(x + F(x))
    for (let i = 0; i < dim; i++) y[i] += post[i];
    ln.forward(post, y, 1);
    preRms.push(rowStats(pre, 1, dim)[0].rms);
    postRms.push(rowStats(post, 1, dim)[0].rms);
  }
  print(`layer            ${Array.from({ length: layers }, (_, l) => String(l + 1).padStart(6)).join(", ")}`);
  print(`pre-norm  |x|rms ${fmt(preRms, 2)}`);
  print(`post-norm |x|rms ${fmt(postRms, 2)}`);
  return { preRms, postRms };
}

if (isMain(import.meta.url)) main();

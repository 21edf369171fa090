/**
 * Why LayerNorm: whatever scale and offset a token's vector arrives with, LayerNorm brings it back to
 * mean 0 and variance 1 (then a learned weight and bias rescale it). RMSNorm (Llama, Qwen2) skips the
 * mean and divides by the root mean square only.
 *
 *   LayerNorm(x) = w ⊙ (x − mean(x)) / √(var(x) + ε) + b        RMSNorm(x) = w ⊙ x / √(mean(x²) + ε)
 *
 * Run: npm run example -- layer-norm
 */
import { LayerNorm, RMSNorm } from "tongguan";
import { isMain, randomArray } from "./lib/common.ts";

export interface Stats {
  mean: number;
  variance: number;
  rms: number;
}

/** Mean, biased variance and root mean square of each row of x (n, dim). */
export function rowStats(x: Float32Array, n: number, dim: number): Stats[] {
  const out: Stats[] = [];
  for (let r = 0; r < n; r++) {
    const row = x.subarray(r * dim, (r + 1) * dim);
    const mean = row.reduce((a, b) => a + b, 0) / dim;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / dim;
    const rms = Math.sqrt(row.reduce((a, b) => a + b * b, 0) / dim);
    out.push({ mean, variance, rms });
  }
  return out;
}

export function main(print: (line: string) => void = console.log) {
  const n = 3;
  const dim = 64;
  // Three tokens with very different offsets and scales: offset 5·r, scale 1, 10, 100.
  const x = randomArray(n * dim, 3);
  for (let r = 0; r < n; r++) for (let i = 0; i < dim; i++) x[r * dim + i] = x[r * dim + i] * 10 ** r + 5 * r;
  const ln = new LayerNorm(new Float32Array(dim).fill(1), new Float32Array(dim), 1e-5);
  const rms = new RMSNorm(new Float32Array(dim).fill(1), 1e-6);
  const yLn = new Float32Array(n * dim);
  const yRms = new Float32Array(n * dim);
  ln.forward(yLn, x, n);
  rms.forward(yRms, x, n);
  const before = rowStats(x, n, dim);
  const afterLn = rowStats(yLn, n, dim);
  const afterRms = rowStats(yRms, n, dim);
  const f = (s: Stats) =>
    `mean ${s.mean.toFixed(3).padStart(8)}  var ${s.variance.toFixed(3).padStart(10)}  rms ${s.rms.toFixed(3).padStart(8)}`;
  for (let r = 0; r < n; r++) {
    print(`token ${r} before     ${f(before[r])}`);
    print(`        LayerNorm  ${f(afterLn[r])}`);
    print(`        RMSNorm    ${f(afterRms[r])}`);
  }
  return { before, afterLn, afterRms };
}

if (isMain(import.meta.url)) main();

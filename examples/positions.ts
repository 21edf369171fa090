/**
 * Positional encoding, two ways.
 *
 * Sinusoidal (Vaswani et al. 2017): PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(…). Low
 * dimensions turn fast, high ones slowly: each position gets a distinct pattern of values in [−1, 1].
 *
 * RoPE (Su et al. 2021, Llama/Qwen2): rotate each pair of q and k entries by the angle p·θᵢ. A
 * rotation keeps the vector's length, and q·k then depends only on the distance between positions.
 * Run: npm run example -- positions
 */
import { Rope, sinusoidalPositions } from "tongguan";
import { fmt, isMain, randomArray } from "./lib/common.ts";

const norm = (v: Float32Array) => Math.sqrt(v.reduce((a, b) => a + b * b, 0));
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

export function main(print: (line: string) => void = console.log) {
  const d = 8;
  const pe = sinusoidalPositions(4, d);
  print("sinusoidal PE (rows: positions 0..3, columns: dims 0..7)");
  for (let p = 0; p < 4; p++) print(`  p=${p} ${fmt(pe.subarray(p * d, (p + 1) * d))}`);

  const headDim = 64;
  const rope = new Rope({ headDim, theta: 10000, layout: "neox" });
  const q = randomArray(headDim, 21);
  const k = randomArray(headDim, 22);
  /** q rotated to position p (one row, one head). */
  const at = (v: Float32Array, p: number) => {
    const x = Float32Array.from(v);
    rope.apply(x, 1, 1, p);
    return x;
  };
  const positions = [0, 1, 10, 100, 1000];
  const norms = positions.map((p) => norm(at(q, p)));
  print(`RoPE: |q| at positions ${positions.join(", ")}: ${fmt(norms, 6)}`);
  // q at m, k at n: the score depends on m − n only.
  const pairs: [number, number][] = [
    [5, 2],
    [13, 10],
    [503, 500],
  ];
  const scores = pairs.map(([m, n]) => dot(at(q, m), at(k, n)));
  print(
    `RoPE: q·k at (m, n) = ${pairs.map(([m, n]) => `(${m}, ${n})`).join(", ")}: ${fmt(scores, 5)}  (all m − n = 3)`,
  );
  return { pe, norm: norm(q), norms, scores };
}

if (isMain(import.meta.url)) main();

/**
 * The FFN (position-wise feed-forward network) and its non-linearity, inside a real model.
 *
 *   FFN(x) = down(GELU(up(x)))        up: d → 4d,  GELU,  down: 4d → d      (GPT-2, BERT)
 *   GELU(z) ≈ 0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³)))                   (Hendrycks & Gimpel 2016)
 *
 * Each token's vector goes through the same two linear maps on its own (no token looks at another
 * here: that is attention's job). Between them, GELU lets positive values through and squashes
 * negative ones towards 0: each of the 4d hidden units is a "feature detector" that fires for some
 * tokens and stays near 0 for others. Without it the two linear maps would be one (linear-layers).
 * The numbers are layer 0 of tongguan's shipped GPT-2 (d = 128, 4d = 512).
 * Run: npm run example -- ffn
 */
import { fmt, isMain } from "./lib/common.ts";
import { captureDefault } from "./lib/default-model.ts";

/** GPT-2's "gelu_new": the tanh approximation. */
export const gelu = (z: number) =>
  0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z ** 3)));

export async function main(
  print: (line: string) => void = console.log,
  prompt = "In the beginning God created",
) {
  const { ids, get, tokenizer } = await captureDefault(prompt);
  const norm = get("ffn_norm", 0); // the FFN's input (after LayerNorm), (n, d)
  const up = get("ffn_up", 0); // (n, 4d)
  const act = get("ffn_act", 0); // GELU(up), (n, 4d)
  const out = get("ffn_out", 0); // (n, d)
  const [n, hidden] = up.shape;
  print(`"${prompt}": ${n} tokens`);
  print(
    `shapes: input [${norm.shape.join(", ")}] → up [${up.shape.join(", ")}] → GELU → down [${out.shape.join(", ")}]`,
  );
  print("z        " + fmt([-3, -1, -0.5, 0, 0.5, 1, 3]));
  print("GELU(z)  " + fmt([-3, -1, -0.5, 0, 0.5, 1, 3].map(gelu)));
  print("ReLU(z)  " + fmt([-3, -1, -0.5, 0, 0.5, 1, 3].map((z) => Math.max(0, z))));
  let maxDiff = 0;
  const active: number[] = [];
  for (let t = 0; t < n; t++) {
    let on = 0;
    for (let j = 0; j < hidden; j++) {
      const z = up.data[t * hidden + j];
      maxDiff = Math.max(maxDiff, Math.abs(gelu(z) - act.data[t * hidden + j]));
      if (z > 0) on++;
    }
    active.push(on);
  }
  print(`the engine's GELU equals the formula: largest difference ${maxDiff.toExponential(1)}`);
  print("hidden units that fire (up > 0) for each token, of " + hidden + ":");
  const pieces = ids.map((id) => tokenizer.decode([id]));
  pieces.forEach((p, t) => {
    print(`  ${JSON.stringify(p).padEnd(12)} ${String(active[t]).padStart(4)}`);
  });
  // Which units fire differs from token to token: the FFN's "features".
  const firing = (t: number) =>
    new Set(Array.from({ length: hidden }, (_, j) => j).filter((j) => up.data[t * hidden + j] > 0));
  const [a, b] = [firing(0), firing(n - 1)];
  const shared = [...a].filter((j) => b.has(j)).length;
  print(
    `"${pieces[0]}" and "${pieces[n - 1]}" share ${shared} of their ${a.size} and ${b.size} firing units`,
  );
  return { up, act, out, norm, maxDiff, active, shared, hidden, n };
}

if (isMain(import.meta.url)) await main();

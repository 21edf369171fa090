/**
 * Multi-head attention splits the hidden vector into heads. Qwen2-0.5B: hidden 896 = 14 heads × 64.
 *
 *   x [1, 20, 896]  → view      [1, 20, 14, 64]   (batch, tokens, heads, headDim)
 *                   → transpose [1, 14, 20, 64]   (batch, heads, tokens, headDim)
 *
 * No number changes: head h of token t is x[0, t, h·64 .. h·64+63]. Each head then runs its own
 * attention over the 20 tokens, and the heads are put back side by side (the inverse reshape).
 * Run: npm run example -- multi-head-shapes
 */
import { Tensor } from "tongguan";
import { isMain, randomArray } from "./lib/common.ts";

export function main(print: (line: string) => void = console.log) {
  const [batch, tokens, heads, headDim] = [1, 20, 14, 64];
  const hidden = heads * headDim;
  const x = Tensor.from(randomArray(batch * tokens * hidden, 7), [batch, tokens, hidden]);
  // transpose(view(x)): out[b][h][t][e] = x[b][t][h·headDim + e]
  const split = new Float32Array(x.size);
  for (let t = 0; t < tokens; t++)
    for (let h = 0; h < heads; h++)
      for (let e = 0; e < headDim; e++)
        split[(h * tokens + t) * headDim + e] = x.data[t * hidden + h * headDim + e];
  const perHead = Tensor.from(split, [batch, heads, tokens, headDim]);
  // Merge back: the inverse.
  const merged = new Float32Array(x.size);
  for (let h = 0; h < heads; h++)
    for (let t = 0; t < tokens; t++)
      for (let e = 0; e < headDim; e++)
        merged[t * hidden + h * headDim + e] = split[(h * tokens + t) * headDim + e];
  print(`x                 [${x.shape.join(", ")}]`);
  print(`view              [${[batch, tokens, heads, headDim].join(", ")}]`);
  print(`transpose(1, 2)   [${perHead.shape.join(", ")}]   one [${tokens}, ${headDim}] matrix per head`);
  print(
    `x[0, 3, 5·64+2] = ${x.data[3 * hidden + 5 * headDim + 2].toFixed(4)} = heads[0, 5, 3, 2] = ${split[(5 * tokens + 3) * headDim + 2].toFixed(4)}`,
  );
  print(`merged back       [${batch}, ${tokens}, ${hidden}]`);
  return { x, perHead, merged };
}

if (isMain(import.meta.url)) main();

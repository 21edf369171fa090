/**
 * Rotary position embedding (RoPE, Su et al. 2021, "RoFormer").
 *
 * Each pair of dimensions (a, b) of a query/key head is rotated by an angle that grows with the
 * token's position p:  θ_i = p · base^(−2i/d),   (a, b) → (a·cos θ_i − b·sin θ_i, a·sin θ_i + b·cos θ_i)
 * so the dot product q·k depends only on the distance between the two positions.
 *
 * Which dimensions form pair i differs between model families:
 *   "normal" (llama.cpp's default, original Llama/GPT-J): adjacent pairs (x[2i], x[2i+1])
 *   "neox"   (GPT-NeoX, Qwen2, HF Llama):                 halves      (x[i], x[i + d/2])
 *
 * Worked example, head_dim 2, position 1, base 10000: θ_0 = 1 rad, so [1, 0] → [cos 1, sin 1] = [0.540, 0.841].
 */

export type RopeLayout = "normal" | "neox";

export interface RopeOptions {
  /** Values per head. */
  headDim: number;
  /** base of θ_i = base^(−2i/d); 10000 for Llama, 1e6 for Qwen2. */
  base: number;
  layout: RopeLayout;
  /** Rotate only the first `ropeDim` dims of each head (partial RoPE); default headDim. */
  ropeDim?: number;
}

/**
 * Rotate x (tokens, heads, headDim) in place; token t has position `positions[t]`
 * (or `startPos + t` when `positions` is a number).
 */
export function rope(
  x: Float32Array,
  tokens: number,
  heads: number,
  positions: ArrayLike<number> | number,
  opts: RopeOptions,
): void {
  const { headDim, base, layout } = opts;
  const d = opts.ropeDim ?? headDim;
  const half = d / 2;
  const invFreq = new Float64Array(half);
  for (let i = 0; i < half; i++) invFreq[i] = base ** (-(2 * i) / d);
  for (let t = 0; t < tokens; t++) {
    const pos = typeof positions === "number" ? positions + t : positions[t];
    for (let i = 0; i < half; i++) {
      const theta = pos * invFreq[i];
      const c = Math.cos(theta);
      const s = Math.sin(theta);
      for (let h = 0; h < heads; h++) {
        const o = (t * heads + h) * headDim;
        const ia = layout === "normal" ? o + 2 * i : o + i;
        const ib = layout === "normal" ? ia + 1 : ia + half;
        const a = x[ia];
        const b = x[ib];
        x[ia] = a * c - b * s;
        x[ib] = a * s + b * c;
      }
    }
  }
}

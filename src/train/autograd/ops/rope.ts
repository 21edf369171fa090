/**
 * Rotary position embedding (RoFormer, Su et al. 2021) in the rotate-half ("neox", Hugging Face)
 * layout: in each head of width D, entry i < D/2 pairs with entry i + D/2, and the pair at
 * position p turns by the angle p·θ^(−2i/D):
 *
 *   y_i       = x_i·cos − x_{i+D/2}·sin
 *   y_{i+D/2} = x_{i+D/2}·cos + x_i·sin
 *
 * A rotation's transpose is the rotation by −angle, so the backward turns the gradient back.
 */
import { Var } from "../variable.ts";

/**
 * x (B, T, H·D) → same shape, position of row t = `positions[t]` (default t). `headDim` D.
 */
export function rope(x: Var, headDim: number, theta = 10000, positions?: Int32Array): Var {
  if (x.shape.length !== 3) throw new RangeError(`rope: expects (B, T, H·D), got [${x.shape}]`);
  const [batch, steps, width] = x.shape;
  if (width % headDim !== 0 || headDim % 2 !== 0)
    throw new RangeError(`rope: width ${width} is not heads × even ${headDim}`);
  const half = headDim / 2;
  const heads = width / headDim;
  const cos = new Float32Array(steps * half);
  const sin = new Float32Array(steps * half);
  for (let t = 0; t < steps; t++) {
    const p = positions ? positions[t] : t;
    for (let i = 0; i < half; i++) {
      const angle = p * theta ** (-(2 * i) / headDim);
      cos[t * half + i] = Math.cos(angle);
      sin[t * half + i] = Math.sin(angle);
    }
  }
  const turn = (out: Float32Array, src: Float32Array, sign: number, accumulate: boolean): void => {
    for (let b = 0; b < batch; b++)
      for (let t = 0; t < steps; t++)
        for (let h = 0; h < heads; h++) {
          const o = (b * steps + t) * width + h * headDim;
          for (let i = 0; i < half; i++) {
            const c = cos[t * half + i];
            const s = sign * sin[t * half + i];
            const x1 = src[o + i];
            const x2 = src[o + i + half];
            const y1 = x1 * c - x2 * s;
            const y2 = x2 * c + x1 * s;
            if (accumulate) {
              out[o + i] += y1;
              out[o + i + half] += y2;
            } else {
              out[o + i] = y1;
              out[o + i + half] = y2;
            }
          }
        }
  };
  const y = new Float32Array(x.size);
  turn(y, x.data, 1, false);
  return Var.result("rope", y, x.shape, [x], (g) => {
    const gx = x.gradBuffer();
    if (gx) turn(gx, g, -1, true);
  });
}

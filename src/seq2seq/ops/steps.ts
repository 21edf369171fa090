/**
 * The shape ops a recurrent network needs, differentiable (Var in, Var out, the autograd's pattern):
 *
 *   timeStep(x, t)      (B, T, F) → (B, F)        the inputs of step t of a batch-first sequence
 *   stackTime(xs)       T × (B, F) → (B, T, F)    the outputs of every step, batch-first again
 *   selectFirst(x, l)   (L, B, H) → (B, H)        layer l of PyTorch's h0
 *   stackFirst(xs)      L × (B, H) → (L, B, H)    PyTorch's h_n
 * (slices and concatenation along the last axis are the autograd's sliceLast and concatLast).
 *
 * Each backward adds the output gradient into the slice of the input it was read from.
 */
import { Var } from "../../train/autograd/variable.ts";

export function timeStep(x: Var, t: number): Var {
  const [b, steps, f] = x.shape;
  const y = new Float32Array(b * f);
  for (let r = 0; r < b; r++) y.set(x.data.subarray((r * steps + t) * f, (r * steps + t + 1) * f), r * f);
  return Var.result("timeStep", y, [b, f], [x], (g) => {
    const gx = x.gradBuffer();
    if (!gx) return;
    for (let r = 0; r < b; r++) {
      const o = (r * steps + t) * f;
      for (let j = 0; j < f; j++) gx[o + j] += g[r * f + j];
    }
  });
}

export function stackTime(xs: Var[]): Var {
  const steps = xs.length;
  const [b, f] = xs[0].shape;
  const y = new Float32Array(b * steps * f);
  xs.forEach((x, t) => {
    for (let r = 0; r < b; r++) y.set(x.data.subarray(r * f, (r + 1) * f), (r * steps + t) * f);
  });
  return Var.result("stackTime", y, [b, steps, f], xs, (g) => {
    xs.forEach((x, t) => {
      const gx = x.gradBuffer();
      if (!gx) return;
      for (let r = 0; r < b; r++) {
        const o = (r * steps + t) * f;
        for (let j = 0; j < f; j++) gx[r * f + j] += g[o + j];
      }
    });
  });
}

/** (L, …) → (…): layer l of a stacked state such as PyTorch's h0 (num_layers, B, H). */
export function selectFirst(x: Var, l: number): Var {
  const n = x.size / x.shape[0];
  const y = x.data.slice(l * n, (l + 1) * n);
  return Var.result("selectFirst", y, x.shape.slice(1), [x], (g) => {
    const gx = x.gradBuffer();
    if (gx) for (let j = 0; j < n; j++) gx[l * n + j] += g[j];
  });
}

/** L × (…) → (L, …): per-layer states stacked as PyTorch's h_n (num_layers, B, H). */
export function stackFirst(xs: Var[]): Var {
  const n = xs[0].size;
  const y = new Float32Array(xs.length * n);
  xs.forEach((x, l) => {
    y.set(x.data, l * n);
  });
  return Var.result("stackFirst", y, [xs.length, ...xs[0].shape], xs, (g) => {
    xs.forEach((x, l) => {
      const gx = x.gradBuffer();
      if (gx) for (let j = 0; j < n; j++) gx[j] += g[l * n + j];
    });
  });
}

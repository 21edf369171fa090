/**
 * LayerNorm and RMSNorm over the last axis, with their backward passes.
 *
 * LayerNorm:  x̂ = (x − μ)/σ,  σ = √(var + ε),  y = x̂·w + b
 *   ∂L/∂x = (1/σ)·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)),   ĝ = g·w
 *   ∂L/∂w = Σ_rows g·x̂,  ∂L/∂b = Σ_rows g
 * RMSNorm:    r = 1/√(mean(x²) + ε),  y = x·r·w
 *   ∂L/∂x = r·(ĝ − x·r²·mean(ĝ·x)),   ĝ = g·w
 *   ∂L/∂w = Σ_rows g·x·r
 */
import { Var } from "../variable.ts";

export function layerNorm(x: Var, w: Var, b: Var | undefined, eps: number): Var {
  const n = x.lastDim;
  if (w.size !== n || (b && b.size !== n))
    throw new RangeError(`layerNorm: weight/bias do not match last axis ${n}`);
  const rows = x.size / n;
  const xhat = new Float32Array(x.size);
  const inv = new Float32Array(rows);
  const y = new Float32Array(x.size);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let mu = 0;
    for (let j = 0; j < n; j++) mu += x.data[o + j];
    mu /= n;
    let v = 0;
    for (let j = 0; j < n; j++) {
      const d = x.data[o + j] - mu;
      v += d * d;
    }
    const s = 1 / Math.sqrt(v / n + eps);
    inv[r] = s;
    for (let j = 0; j < n; j++) {
      const h = (x.data[o + j] - mu) * s;
      xhat[o + j] = h;
      y[o + j] = h * w.data[j] + (b ? b.data[j] : 0);
    }
  }
  return Var.result("layerNorm", y, x.shape, b ? [x, w, b] : [x, w], (g) => {
    const gx = x.gradBuffer();
    const gw = w.gradBuffer();
    const gb = b?.gradBuffer();
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      let m1 = 0;
      let m2 = 0;
      for (let j = 0; j < n; j++) {
        const gh = g[o + j] * w.data[j];
        m1 += gh;
        m2 += gh * xhat[o + j];
        if (gw) gw[j] += g[o + j] * xhat[o + j];
        if (gb) gb[j] += g[o + j];
      }
      m1 /= n;
      m2 /= n;
      if (gx)
        for (let j = 0; j < n; j++) gx[o + j] += inv[r] * (g[o + j] * w.data[j] - m1 - xhat[o + j] * m2);
    }
  });
}

export function rmsNorm(x: Var, w: Var, eps: number): Var {
  const n = x.lastDim;
  if (w.size !== n) throw new RangeError(`rmsNorm: weight [${w.shape}] does not match last axis ${n}`);
  const rows = x.size / n;
  const inv = new Float32Array(rows);
  const y = new Float32Array(x.size);
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let ss = 0;
    for (let j = 0; j < n; j++) ss += x.data[o + j] * x.data[o + j];
    const s = 1 / Math.sqrt(ss / n + eps);
    inv[r] = s;
    for (let j = 0; j < n; j++) y[o + j] = x.data[o + j] * s * w.data[j];
  }
  return Var.result("rmsNorm", y, x.shape, [x, w], (g) => {
    const gx = x.gradBuffer();
    const gw = w.gradBuffer();
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      const s = inv[r];
      let dot = 0;
      for (let j = 0; j < n; j++) {
        dot += g[o + j] * w.data[j] * x.data[o + j];
        if (gw) gw[j] += g[o + j] * x.data[o + j] * s;
      }
      const c = (s * s * s * dot) / n;
      if (gx) for (let j = 0; j < n; j++) gx[o + j] += s * g[o + j] * w.data[j] - c * x.data[o + j];
    }
  });
}

/**
 * softmax, log-softmax and cross-entropy along the last axis.
 *
 *   softmax      p_j = e^{x_j − m} / Σ_i e^{x_i − m}    (m = max x, for stability)
 *                ∂L/∂x_j = p_j·(g_j − Σ_i g_i·p_i)
 *   logSoftmax   ℓ_j = x_j − m − log Σ_i e^{x_i − m}
 *                ∂L/∂x_j = g_j − p_j·Σ_i g_i
 *   crossEntropy L = mean over rows r of −ℓ_r[target_r]   (rows whose target is `ignoreIndex` skipped)
 *                ∂L/∂x_r = (p_r − onehot(target_r)) / (rows counted)
 *
 *   logits [2, 0] (one row), target 0 → p = [0.881, 0.119], L = −log 0.881 = 0.127
 */
import { Var } from "../variable.ts";

/** Softmax of each row of `x` (length n) into `out`. */
function softmaxRows(out: Float32Array, x: Float32Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let m = -Infinity;
    for (let j = 0; j < n; j++) if (x[o + j] > m) m = x[o + j];
    let s = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(x[o + j] - m);
      out[o + j] = e;
      s += e;
    }
    for (let j = 0; j < n; j++) out[o + j] /= s;
  }
}

export function softmax(x: Var): Var {
  const n = x.lastDim;
  const rows = x.size / n;
  const p = new Float32Array(x.size);
  softmaxRows(p, x.data, rows, n);
  return Var.result("softmax", p, x.shape, [x], (g) => {
    const gx = x.gradBuffer();
    if (!gx) return;
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      let dot = 0;
      for (let j = 0; j < n; j++) dot += g[o + j] * p[o + j];
      for (let j = 0; j < n; j++) gx[o + j] += p[o + j] * (g[o + j] - dot);
    }
  });
}

export function logSoftmax(x: Var): Var {
  const n = x.lastDim;
  const rows = x.size / n;
  const p = new Float32Array(x.size);
  softmaxRows(p, x.data, rows, n);
  const y = new Float32Array(x.size);
  for (let i = 0; i < y.length; i++) y[i] = Math.log(p[i]);
  return Var.result("logSoftmax", y, x.shape, [x], (g) => {
    const gx = x.gradBuffer();
    if (!gx) return;
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += g[o + j];
      for (let j = 0; j < n; j++) gx[o + j] += g[o + j] - p[o + j] * s;
    }
  });
}

/**
 * Mean cross-entropy of `logits` (…, V) against integer `targets` (one per row), fused with its
 * log-softmax (one pass, no (rows, V) log-probability tensor kept).
 */
export function crossEntropy(logits: Var, targets: Int32Array, ignoreIndex = -100): Var {
  const n = logits.lastDim;
  const rows = logits.size / n;
  if (targets.length !== rows)
    throw new RangeError(`crossEntropy: ${targets.length} targets for ${rows} rows of logits`);
  const p = new Float32Array(logits.size);
  softmaxRows(p, logits.data, rows, n);
  let total = 0;
  let counted = 0;
  for (let r = 0; r < rows; r++) {
    const t = targets[r];
    if (t === ignoreIndex) continue;
    if (t < 0 || t >= n) throw new RangeError(`crossEntropy: target ${t} is outside 0..${n - 1}`);
    // −log p computed from the logits (log of a tiny float32 p would lose digits)
    const o = r * n;
    let m = -Infinity;
    for (let j = 0; j < n; j++) if (logits.data[o + j] > m) m = logits.data[o + j];
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.exp(logits.data[o + j] - m);
    total += m + Math.log(s) - logits.data[o + t];
    counted++;
  }
  const loss = counted > 0 ? total / counted : 0;
  return Var.result("crossEntropy", Float32Array.of(loss), [], [logits], (g) => {
    const gx = logits.gradBuffer();
    if (!gx || counted === 0) return;
    const c = g[0] / counted;
    for (let r = 0; r < rows; r++) {
      const t = targets[r];
      if (t === ignoreIndex) continue;
      const o = r * n;
      for (let j = 0; j < n; j++) gx[o + j] += c * p[o + j];
      gx[o + t] -= c;
    }
  });
}

/** sum and mean of all elements (a scalar loss), and sum along the last axis. */
import { Var } from "../variable.ts";

/** Σ x:  ∂/∂x_i = 1. */
export function sum(x: Var): Var {
  let s = 0;
  for (let i = 0; i < x.size; i++) s += x.data[i];
  return Var.result("sum", Float32Array.of(s), [], [x], (g) => {
    const gx = x.gradBuffer();
    if (gx) for (let i = 0; i < gx.length; i++) gx[i] += g[0];
  });
}

/** (1/n)·Σ x:  ∂/∂x_i = 1/n. */
export function mean(x: Var): Var {
  let s = 0;
  for (let i = 0; i < x.size; i++) s += x.data[i];
  const n = x.size;
  return Var.result("mean", Float32Array.of(s / n), [], [x], (g) => {
    const gx = x.gradBuffer();
    if (gx) for (let i = 0; i < gx.length; i++) gx[i] += g[0] / n;
  });
}

/** y[…] = Σ_j x[…, j]: (…, n) → (…). */
export function sumLast(x: Var): Var {
  const n = x.lastDim;
  const rows = x.size / n;
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += x.data[r * n + j];
    y[r] = s;
  }
  return Var.result("sumLast", y, x.shape.slice(0, -1), [x], (g) => {
    const gx = x.gradBuffer();
    if (gx) for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) gx[r * n + j] += g[r];
  });
}

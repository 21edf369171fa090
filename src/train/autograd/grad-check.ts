/**
 * Finite-difference gradient check: the test every backward must pass.
 *
 *   ∂L/∂x_i ≈ (L(x + h·e_i) − L(x − h·e_i)) / 2h      (central difference, error O(h²))
 *
 * `loss` rebuilds the graph from the current values each time it is called. The comparison is
 * |analytic − numeric| ≤ atol + rtol·|numeric| per element; float32 forward passes make h ≈ 1e-2
 * and a tolerance of ~1e-2 the practical choice.
 */
import { backward, type Var, zeroGrad } from "./variable.ts";

export interface GradCheckResult {
  /** The worst |analytic − numeric| / (atol + rtol·|numeric|) over all checked elements (≤ 1 passes). */
  worst: number;
  where: string;
}

export function gradCheck(
  loss: () => Var,
  inputs: Var[],
  { h = 1e-2, rtol = 1e-2, atol = 1e-3, maxPerInput = 64 } = {},
): GradCheckResult {
  zeroGrad(inputs);
  backward(loss());
  let worst = 0;
  let where = "";
  inputs.forEach((x, n) => {
    const analytic = x.grad ? Float32Array.from(x.grad) : new Float32Array(x.size);
    const stride = Math.max(1, Math.floor(x.size / maxPerInput));
    for (let i = 0; i < x.size; i += stride) {
      const old = x.data[i];
      x.data[i] = old + h;
      const up = loss().item();
      x.data[i] = old - h;
      const down = loss().item();
      x.data[i] = old;
      const numeric = (up - down) / (2 * h);
      const ratio = Math.abs(analytic[i] - numeric) / (atol + rtol * Math.abs(numeric));
      if (ratio > worst) {
        worst = ratio;
        where = `input ${n} (${x.name ?? x.op} [${x.shape}]) element ${i}: analytic ${analytic[i]}, numeric ${numeric}`;
      }
    }
  });
  return { worst, where };
}

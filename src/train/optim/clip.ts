/**
 * Global gradient-norm clipping (Pascanu et al. 2013; PyTorch's `clip_grad_norm_`):
 *
 *   n = √(Σ over every parameter of Σ g²)       the L2 norm of all gradients as one vector
 *   g ← g · min(1, maxNorm / (n + 1e-6))
 *
 * Returns n, the norm before clipping (what training logs print as grad_norm).
 */
import type { Var } from "../autograd/index.ts";

export function gradNorm(params: Iterable<Var>): number {
  let s = 0;
  for (const p of params) {
    const g = p.grad;
    if (g) for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  }
  return Math.sqrt(s);
}

export function clipGradNorm(params: Var[], maxNorm: number): number {
  const norm = gradNorm(params);
  const coef = Math.min(1, maxNorm / (norm + 1e-6));
  if (coef < 1)
    for (const p of params) {
      const g = p.grad;
      if (g) for (let i = 0; i < g.length; i++) g[i] *= coef;
    }
  return norm;
}

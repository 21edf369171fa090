/**
 * AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay, as PyTorch runs it. At step
 * t = 1, 2, … for each parameter p with gradient g:
 *
 *   p ← p − lr·wd·p                        (only tensors with ≥ 2 dimensions: matrices, embeddings —
 *                                           never biases or norm weights, as nanoGPT)
 *   m ← β1·m + (1−β1)·g                    first moment (a running mean of g)
 *   v ← β2·v + (1−β2)·g²                   second moment (a running mean of g²)
 *   p ← p − lr · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε)
 */
import type { Var } from "../autograd/index.ts";

export interface AdamWOptions {
  lr: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

export class AdamW {
  readonly params: Var[];
  lr: number;
  readonly betas: [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  /** Steps taken (t of the last update). */
  step = 0;
  /** First and second moments, one pair per parameter (same order as `params`). */
  readonly m: Float32Array[];
  readonly v: Float32Array[];

  constructor(params: Var[], { lr, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0.01 }: AdamWOptions) {
    this.params = params;
    this.lr = lr;
    this.betas = betas;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.m = params.map((p) => new Float32Array(p.size));
    this.v = params.map((p) => new Float32Array(p.size));
  }

  /** One update with the gradients the parameters hold. */
  update(): void {
    this.step++;
    const [b1, b2] = this.betas;
    const { lr, eps } = this;
    const c1 = 1 - b1 ** this.step;
    const c2 = 1 - b2 ** this.step;
    this.params.forEach((p, n) => {
      const g = p.grad;
      if (!g) return;
      const decay = p.shape.length >= 2 ? 1 - lr * this.weightDecay : 1;
      const m = this.m[n];
      const v = this.v[n];
      const x = p.data;
      for (let i = 0; i < x.length; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        x[i] = x[i] * decay - (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    });
  }
}

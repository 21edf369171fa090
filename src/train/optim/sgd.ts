/**
 * SGD with momentum (PyTorch's form, dampening 0):
 *
 *   b ← μ·b + g          (b = g at the first step)
 *   p ← p − lr·b
 * Optional weight decay adds wd·p to g first (L2, coupled — unlike AdamW's).
 */
import type { Var } from "../autograd/index.ts";

export class SGD {
  readonly params: Var[];
  lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  step = 0;
  readonly buffers: Float32Array[];

  constructor(
    params: Var[],
    { lr, momentum = 0.9, weightDecay = 0 }: { lr: number; momentum?: number; weightDecay?: number },
  ) {
    this.params = params;
    this.lr = lr;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
    this.buffers = params.map((p) => new Float32Array(p.size));
  }

  update(): void {
    const first = this.step === 0;
    this.step++;
    this.params.forEach((p, n) => {
      const g = p.grad;
      if (!g) return;
      const b = this.buffers[n];
      const x = p.data;
      for (let i = 0; i < x.length; i++) {
        const gi = g[i] + this.weightDecay * x[i];
        b[i] = first ? gi : this.momentum * b[i] + gi;
        x[i] -= this.lr * (this.momentum > 0 ? b[i] : gi);
      }
    });
  }
}

/**
 * LayerNorm (Ba, Kiros & Hinton 2016), the norm of GPT-2 and BERT:
 *
 *   y = w ⊙ (x − mean(x)) / √(var(x) + ε) + b        (var is the biased, 1/dim, variance)
 *
 * Worked example: x = [1, 2, 3], w = 1, b = 0, ε = 0 → mean 2, var 2/3 → y ≈ [−1.225, 0, 1.225].
 * The arithmetic is src/tensor's `layerNorm`; this is the layer that owns the weight and bias.
 */
import { layerNorm } from "../tensor/index.ts";

export class LayerNorm {
  constructor(
    readonly weight: Float32Array,
    readonly bias: Float32Array,
    readonly eps: number,
  ) {}

  get dim(): number {
    return this.weight.length;
  }

  /** out (n, dim) ← layerNorm(x (n, dim)); out may be x. */
  forward(out: Float32Array, x: Float32Array, n: number): void {
    layerNorm(out, x, n, this.dim, this.weight, this.bias, this.eps);
  }
}

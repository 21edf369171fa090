/**
 * RMSNorm (Zhang & Sennrich 2019), the norm of Llama, Qwen and llama2.c:
 *
 *   y = w ⊙ x / √(mean(x²) + ε)
 *
 * No mean is subtracted and there is no bias — cheaper than LayerNorm and just as good in practice.
 * Worked example: x = [3, 4], w = [1, 1], ε = 0 → rms = √((9+16)/2) ≈ 3.536 → y ≈ [0.849, 1.131].
 * The arithmetic is src/tensor's `rmsNorm`; this is the layer that owns the weight.
 */
import { rmsNorm } from "../tensor/index.ts";

export class RMSNorm {
  constructor(
    readonly weight: Float32Array,
    readonly eps: number,
  ) {}

  get dim(): number {
    return this.weight.length;
  }

  /**
   * out (n, dim) ← rmsNorm(x (n, dim)); out may be x. For a per-head norm (Qwen3's q/k norm) pass
   * n·heads rows of head_dim.
   */
  forward(out: Float32Array, x: Float32Array, n: number): void {
    rmsNorm(out, x, n, this.dim, this.weight, this.eps);
  }
}

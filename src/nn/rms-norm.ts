/**
 * RMSNorm (Zhang & Sennrich 2019), the norm of Llama, Qwen and llama2.c:
 *
 *   y = w ⊙ x / √(mean(x²) + ε)
 *
 * No mean is subtracted and there is no bias — cheaper than LayerNorm and just as good in practice.
 * Worked example: x = [3, 4], w = [1, 1], ε = 0 → rms = √((9+16)/2) ≈ 3.536 → y ≈ [0.849, 1.131].
 * The arithmetic is src/tensor's `rmsNorm`; this is the layer that owns the weight.
 */
import { inTensorMemory, rmsNorm } from "../tensor/index.ts";
import { runRowJob } from "./wasm-modules.ts";

const epsBits = new Int32Array(2);
const epsF64 = new Float64Array(epsBits.buffer);

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
    const dim = this.dim;
    const w = this.weight;
    if (
      n * dim <= out.length &&
      n * dim <= x.length &&
      inTensorMemory(out) &&
      inTensorMemory(x) &&
      inTensorMemory(w)
    ) {
      // wasm/rows.as.ts: the same f64 arithmetic as SIMD, rows split across the worker pool
      epsF64[0] = this.eps;
      const lo = epsBits[0];
      const hi = epsBits[1];
      if (
        runRowJob(
          "rows",
          "rmsNormJob",
          n,
          n * dim * 8,
          out.byteOffset,
          x.byteOffset,
          dim,
          w.byteOffset,
          lo,
          hi,
        )
      )
        return;
    }
    rmsNorm(out, x, n, dim, w, this.eps);
  }
}

/**
 * A linear (fully connected) layer: y = x·Wᵀ + b.
 *
 *   x (n, in) · Wᵀ (in, out) → y (n, out)
 *
 * W is stored as PyTorch's nn.Linear stores it, (out, in): one row per output feature. It may be f32,
 * f16, bf16 or a ggml block format (q8_0, q4_K, …); src/tensor's `matmulT` reads any of them. With
 * n = 1 (decoding) this is a matrix-vector product that streams every weight once; with n = prompt
 * length (prefill) it is a matrix-matrix product that reuses each weight n times.
 *
 * `numerics` is fixed when the model is loaded: "llama.cpp" rounds x as llama.cpp's CPU code does
 * before an f16 or quantized matmul (nn/weight-ops.ts), "plain" (the default) does not.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { addBias } from "../tensor/index.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { matmulT, type Numerics } from "./weight-ops.ts";

export class Linear {
  readonly weight: Tensor;
  readonly bias: Float32Array | undefined;
  readonly inFeatures: number;
  readonly outFeatures: number;

  constructor(
    weight: Tensor,
    bias?: Float32Array,
    name = "linear",
    readonly numerics: Numerics = "plain",
  ) {
    if (weight.shape.length !== 2) {
      throw new TongguanError(t("nn.linear.aLinearWeightMust", { name, shape: weight.shape }));
    }
    this.weight = weight;
    this.outFeatures = weight.shape[0];
    this.inFeatures = weight.shape[1];
    if (bias && bias.length !== this.outFeatures) {
      throw new TongguanError(
        t("nn.linear.biasHasValuesThe", { name, biasLength: bias.length, outFeatures: this.outFeatures }),
      );
    }
    this.bias = bias;
  }

  /** y (n, out) ← x (n, in) · Wᵀ + b. */
  forward(y: Float32Array, x: Float32Array, n: number): void {
    matmulT(y, x, n, this.weight, this.numerics);
    if (this.bias) addBias(y, this.bias, n);
  }

  /** Number of parameters (weights and bias). */
  get parameters(): number {
    return this.outFeatures * this.inFeatures + (this.bias?.length ?? 0);
  }
}

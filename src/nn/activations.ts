/**
 * The non-linearities between a Transformer's linear layers, applied in place to n values:
 *
 *   "silu"       x · σ(x)                                    (Llama's SwiGLU gate)
 *   "gelu_tanh"  ½x(1 + tanh(√(2/π)(x + 0.044715x³)))       (GPT-2's "gelu_new"; llama.cpp's GELU)
 *   "gelu"       ½x(1 + erf(x/√2))                           (BERT's exact GELU)
 *   "relu"       max(0, x)
 *
 * Worked example: silu(1) ≈ 0.7311; gelu_tanh(1) ≈ 0.8412; gelu(1) ≈ 0.8413.
 * (src/formats/config.ts maps config names here: "gelu_new" and "gelu_pytorch_tanh" are the tanh form,
 * HF's "gelu" is the erf form.) The arithmetic is src/tensor's ops of the same names.
 */
import { gelu, geluTanh, silu } from "../tensor/index.ts";

export type Activation = "silu" | "gelu_tanh" | "gelu" | "relu";

/** Applies `activation` in place to x[0..n). */
export function activate(x: Float32Array, n: number, activation: Activation): void {
  switch (activation) {
    case "silu":
      silu(x, x, n);
      return;
    case "gelu_tanh":
      geluTanh(x, x, n);
      return;
    case "gelu": {
      const v = x.subarray(0, n);
      gelu(v, v);
      return;
    }
    case "relu":
      for (let i = 0; i < n; i++) if (x[i] < 0) x[i] = 0;
      return;
  }
}

/**
 * The feed-forward network of a Transformer block: applied to each position on its own, it widens the
 * vector (dim → hidden), applies a non-linearity, and narrows it back (hidden → dim).
 *
 *   GELU MLP (GPT-2, BERT):   out = down(gelu(up(x)))
 *   SwiGLU (Llama, Qwen):     out = down(silu(gate(x)) ⊙ up(x))        (Shazeer 2020, "GLU variants")
 *
 * Hook names: "ffn_up", "ffn_gate" (SwiGLU), "ffn_act" (after the non-linearity), "ffn_out".
 */

import { swiglu, swigluRows } from "../tensor/index.ts";
import { type Activation, activate } from "./activations.ts";
import type { ForwardContext } from "./context.ts";
import { stackLinears } from "./fused.ts";
import { emit } from "./hooks.ts";
import type { Linear } from "./linear.ts";
import { geluF16Table } from "./llama-cpp-numerics.ts";

export interface FeedForward {
  readonly dim: number;
  readonly hidden: number;
  /** out (n, dim) ← ffn(x (n, dim)); `out` must not alias `x`. */
  forward(out: Float32Array, x: Float32Array, n: number, ctx: ForwardContext): void;
}

export class GeluMLP implements FeedForward {
  constructor(
    readonly up: Linear,
    readonly down: Linear,
    readonly activation: Activation = "gelu_tanh",
  ) {}

  get dim(): number {
    return this.up.inFeatures;
  }
  get hidden(): number {
    return this.up.outFeatures;
  }

  forward(out: Float32Array, x: Float32Array, n: number, ctx: ForwardContext): void {
    const { scratch: s, hook, layer } = ctx;
    const h = s.get("ffn_hidden", n * this.hidden); // (n, hidden)
    this.up.forward(h, x, n);
    emit(hook, "ffn_up", layer, h, n, this.hidden);
    // llama.cpp numerics (chosen at load time, with the weights) also means its f16 GELU table.
    if (this.up.numerics === "llama.cpp" && this.activation === "gelu_tanh") {
      for (let i = 0; i < n * this.hidden; i++) h[i] = geluF16Table(h[i]);
    } else activate(h, n * this.hidden, this.activation);
    emit(hook, "ffn_act", layer, h, n, this.hidden);
    this.down.forward(out, h, n);
  }
}

export class SwiGLU implements FeedForward {
  /** gate and up as one matmul, rows [gate | up], when their weights lie back to back (fused.ts). */
  private readonly gateUp: Linear | undefined;

  constructor(
    readonly gate: Linear,
    readonly up: Linear,
    readonly down: Linear,
  ) {
    this.gateUp = stackLinears([gate, up], "gate_up");
  }

  get dim(): number {
    return this.gate.inFeatures;
  }
  get hidden(): number {
    return this.gate.outFeatures;
  }

  forward(out: Float32Array, x: Float32Array, n: number, ctx: ForwardContext): void {
    const { scratch: s, hook, layer } = ctx;
    const H = this.hidden;
    if (this.gateUp && !hook) {
      // One matmul: row t is [gate_t | up_t] (2·hidden).
      const gu = s.get("ffn_gate_up", n * 2 * H); // (n, 2·hidden)
      this.gateUp.forward(gu, x, n);
      const act = s.get("ffn_act", n * H); // (n, hidden)
      swigluRows(act, gu, n, H);
      this.down.forward(out, act, n);
      return;
    }
    const g = s.get("ffn_gate", n * this.hidden); // (n, hidden)
    const u = s.get("ffn_up", n * this.hidden); // (n, hidden)
    this.gate.forward(g, x, n);
    this.up.forward(u, x, n);
    emit(hook, "ffn_gate", layer, g, n, this.hidden);
    emit(hook, "ffn_up", layer, u, n, this.hidden);
    swiglu(g, g, u, n * this.hidden);
    emit(hook, "ffn_act", layer, g, n, this.hidden);
    this.down.forward(out, g, n);
  }
}

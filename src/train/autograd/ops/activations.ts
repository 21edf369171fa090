/**
 * Element-wise activations, each with its derivative:
 *
 *   tanh     y = tanh x                                 y' = 1 − y²
 *   sigmoid  y = σ(x) = 1/(1 + e^−x)                    y' = y(1 − y)
 *   relu     y = max(0, x)                              y' = [x > 0]
 *   gelu     y = ½x(1 + tanh u),  u = √(2/π)(x + 0.044715x³)   (GPT-2's "gelu_new")
 *            y' = ½(1 + tanh u) + ½x(1 − tanh²u)·√(2/π)(1 + 3·0.044715x²)
 *   silu     y = x·σ(x)                                 y' = σ(x)(1 + x(1 − σ(x)))
 *   swiglu   y = silu(gate)·up                          (Llama's MLP: down(silu(gate(h))·up(h)))
 */
import { Var } from "../variable.ts";

function unary(op: string, x: Var, f: (v: number) => number, df: (v: number, y: number) => number): Var {
  const y = new Float32Array(x.size);
  for (let i = 0; i < y.length; i++) y[i] = f(x.data[i]);
  return Var.result(op, y, x.shape, [x], (g) => {
    const gx = x.gradBuffer();
    if (gx) for (let i = 0; i < g.length; i++) gx[i] += g[i] * df(x.data[i], y[i]);
  });
}

export function tanh(x: Var): Var {
  return unary("tanh", x, Math.tanh, (_, y) => 1 - y * y);
}

export function sigmoid(x: Var): Var {
  return unary("sigmoid", x, sigma, (_, y) => y * (1 - y));
}

export function relu(x: Var): Var {
  return unary(
    "relu",
    x,
    (v) => Math.max(v, 0),
    (v) => (v > 0 ? 1 : 0),
  );
}

const GELU_C = Math.sqrt(2 / Math.PI);

/** GELU, tanh approximation (GPT-2); tanh u is kept from the forward pass for the backward. */
export function gelu(x: Var): Var {
  const n = x.size;
  const y = new Float32Array(n);
  const t = new Float32Array(n);
  const xd = x.data;
  for (let i = 0; i < n; i++) {
    const v = xd[i];
    const th = Math.tanh(GELU_C * (v + 0.044715 * v * v * v));
    t[i] = th;
    y[i] = 0.5 * v * (1 + th);
  }
  return Var.result("gelu", y, x.shape, [x], (g) => {
    const gx = x.gradBuffer();
    if (!gx) return;
    for (let i = 0; i < n; i++) {
      const v = xd[i];
      const th = t[i];
      gx[i] += g[i] * (0.5 * (1 + th) + 0.5 * v * (1 - th * th) * GELU_C * (1 + 3 * 0.044715 * v * v));
    }
  });
}

export function silu(x: Var): Var {
  return unary(
    "silu",
    x,
    (v) => v * sigma(v),
    (v) => {
      const s = sigma(v);
      return s * (1 + v * (1 - s));
    },
  );
}

/** silu(gate) ⊙ up, fused:  ∂/∂gate = up·silu'(gate),  ∂/∂up = silu(gate). */
export function swiglu(gate: Var, up: Var): Var {
  if (gate.size !== up.size) throw new RangeError(`swiglu: gate [${gate.shape}] and up [${up.shape}] differ`);
  const y = new Float32Array(gate.size);
  for (let i = 0; i < y.length; i++) {
    const v = gate.data[i];
    y[i] = v * sigma(v) * up.data[i];
  }
  return Var.result("swiglu", y, gate.shape, [gate, up], (g) => {
    const gg = gate.gradBuffer();
    const gu = up.gradBuffer();
    for (let i = 0; i < g.length; i++) {
      const v = gate.data[i];
      const s = sigma(v);
      if (gg) gg[i] += g[i] * up.data[i] * s * (1 + v * (1 - s));
      if (gu) gu[i] += g[i] * v * s;
    }
  });
}

function sigma(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

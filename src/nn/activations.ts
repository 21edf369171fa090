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
 * HF's "gelu" is the erf form.)
 *
 * Hot path: on arrays in the shared tensor memory (the models' scratch), silu, gelu_tanh and SwiGLU run
 * as wasm SIMD (wasm/activations.as.ts, within ~1e-6 relative of the reference), split across the
 * worker pool's threads for a whole prompt; elsewhere they run src/tensor's reference ops.
 */
import { gelu, geluTanh, inTensorMemory, silu, swiglu } from "../tensor/index.ts";
import { loadNnWasm, runRowJob } from "./wasm-modules.ts";

/** wasm/activations.as.ts: the same functions as 4-lane SIMD with a polynomial eˣ (~1 ulp). */
interface ActivationsWasm {
  siluMul(gate: number, up: number, n: number): void;
  silu(x: number, n: number): void;
  geluTanh(x: number, n: number): void;
}

/** The SIMD versions when they load and `arrays` all live in the shared tensor memory; else null. */
function fast(a: Float32Array, b: Float32Array = a): ActivationsWasm | null {
  const w = loadNnWasm<ActivationsWasm>("activations");
  return w && inTensorMemory(a) && inTensorMemory(b) ? w : null;
}

export type Activation = "silu" | "gelu_tanh" | "gelu" | "relu";

/** For the worker pool, n values are cut into rows of this many (the rest runs here). */
const ROW = 1024;
/** Work per value for the pool's "does a second thread pay" test (one eˣ: ~8 multiply-adds' time). */
const WORK = 8;

/** Applies `activation` in place to x[0..n). */
export function activate(x: Float32Array, n: number, activation: Activation): void {
  const w = activation === "silu" || activation === "gelu_tanh" ? fast(x) : null;
  if (w && n <= x.length) {
    const rows = Math.floor(n / ROW);
    const job = activation === "silu" ? "siluJob" : "geluTanhJob";
    if (rows > 0) runRowJob("activations", job, rows, rows * ROW * WORK, x.byteOffset, 0, ROW);
    const rest = x.byteOffset + rows * ROW * 4;
    if (activation === "silu") w.silu(rest, n - rows * ROW);
    else w.geluTanh(rest, n - rows * ROW);
    return;
  }
  const v = x.subarray(0, n);
  switch (activation) {
    case "silu":
      silu(v, v);
      return;
    case "gelu_tanh":
      geluTanh(v, v);
      return;
    case "gelu":
      gelu(v, v);
      return;
    case "relu":
      for (let i = 0; i < n; i++) if (v[i] < 0) v[i] = 0;
      return;
  }
}

/**
 * SwiGLU's middle from the fused gate/up matmul: out (n, hidden) ← silu(gate) · up, where row t of
 * `gateUp` is [gate_t | up_t] (2·hidden values). False when the SIMD path is not available.
 */
export function siluMulRows(out: Float32Array, gateUp: Float32Array, n: number, hidden: number): boolean {
  if (!fast(out, gateUp) || n * hidden > out.length || 2 * n * hidden > gateUp.length) return false;
  return runRowJob(
    "activations",
    "swiGluJob",
    n,
    n * hidden * WORK,
    out.byteOffset,
    gateUp.byteOffset,
    hidden,
  );
}

/** SwiGLU's middle, in place on `gate`: gate[i] = silu(gate[i]) · up[i] for i < n. */
export function siluMul(gate: Float32Array, up: Float32Array, n: number): void {
  const w = fast(gate, up);
  if (w && n <= gate.length && n <= up.length) {
    w.siluMul(gate.byteOffset, up.byteOffset, n);
    return;
  }
  const g = gate.subarray(0, n);
  swiglu(g, g, up.subarray(0, n));
}

/**
 * The fast versions of fast-ops.ts's row ops: assembly/rows.ts (bias add, LayerNorm, RMSNorm, the
 * residual add) and assembly/activations.ts (SiLU, tanh-GELU, SwiGLU) as 128-bit SIMD on the shared
 * tensor memory, rows split across the worker pool's threads (jobs.ts) — the matmul before them left
 * its output spread over the cores, and one thread alone would first have to pull all of it over.
 *
 * Each returns false, computing nothing, when it cannot run: the module does not load (no SIMD) or an
 * array lies outside the tensor memory. The caller then runs the reference (ops.ts).
 */
import { inTensorMemory } from "../fast.ts";
import { runJob } from "./jobs.ts";
import { loadWasm } from "./kernels.ts";

interface RowsExports {
  /** x += y over rows·cols values. */
  addRows(x: number, y: number, rows: number, cols: number): void;
  /** dst (u16) ← f16 bits of src (f32), count % 8 == 0. */
  toF16(dst: number, src: number, count: number): void;
}
interface ActivationsExports {
  siluMul(gate: number, up: number, n: number): void;
  silu(x: number, n: number): void;
  geluTanh(x: number, n: number): void;
}

/** Work per value for the pool's "does a second thread pay" test (a value costs about 8 multiply-adds' time). */
const WORK = 8;
/** A long flat array (residual add, activations) is cut into rows of this many values for the pool. */
const ROW = 1024;

const eps32 = new Float32Array(1);
const eps32Bits = new Int32Array(eps32.buffer);
const eps64 = new Float64Array(1);
const eps64Bits = new Int32Array(eps64.buffer);

function rows(): RowsExports | null {
  return (loadWasm("rows")?.exports as RowsExports | undefined) ?? null;
}
function activations(): ActivationsExports | null {
  return (loadWasm("activations")?.exports as ActivationsExports | undefined) ?? null;
}

/** out (n, dim) ← rmsNorm(x) · w, in f64 as the reference; eps passes as its f64 bits' two halves. */
export function rmsNormSimd(
  out: Float32Array,
  x: Float32Array,
  n: number,
  dim: number,
  w: Float32Array,
  eps: number,
): boolean {
  if (n * dim > out.length || n * dim > x.length) return false;
  if (!inTensorMemory(out) || !inTensorMemory(x) || !inTensorMemory(w)) return false;
  eps64[0] = eps;
  return runJob("rows", "rmsNormJob", n, n * dim * 8, {
    out: out.byteOffset,
    x: x.byteOffset,
    n: dim,
    w: w.byteOffset,
    k: eps64Bits[0],
    xs: eps64Bits[1],
  });
}

/** out (n, dim) ← layerNorm(x) · w + b; eps passes as its f32 bits. */
export function layerNormSimd(
  out: Float32Array,
  x: Float32Array,
  n: number,
  dim: number,
  w: Float32Array,
  b: Float32Array,
  eps: number,
): boolean {
  if (!rows() || !inTensorMemory(out) || !inTensorMemory(x) || !inTensorMemory(w) || !inTensorMemory(b))
    return false;
  if (n * dim > out.length || n * dim > x.length) return false;
  eps32[0] = eps;
  return runJob("rows", "layerNormJob", n, n * dim * WORK, {
    out: out.byteOffset,
    x: x.byteOffset,
    n: dim,
    w: w.byteOffset,
    k: b.byteOffset,
    xs: eps32Bits[0],
  });
}

/** y (n, cols) += b (cols) on every row. */
export function addBiasSimd(y: Float32Array, b: Float32Array, n: number): boolean {
  const cols = b.length;
  if (!rows() || !inTensorMemory(y) || !inTensorMemory(b) || n * cols > y.length) return false;
  return runJob("rows", "addBiasJob", n, n * cols * WORK, { out: y.byteOffset, x: b.byteOffset, n: cols });
}

/** x += y over `count` values: whole rows of ROW on the pool, the rest here. */
export function addInPlaceSimd(x: Float32Array, y: Float32Array, count: number): boolean {
  if (count > x.length || count > y.length) return false;
  const w = rows();
  if (!w || !inTensorMemory(x) || !inTensorMemory(y)) return false;
  const full = Math.floor(count / ROW);
  if (full > 0)
    runJob("rows", "addRowsJob", full, full * ROW * WORK, { out: x.byteOffset, x: y.byteOffset, n: ROW });
  const done = full * ROW;
  if (done < count) w.addRows(x.byteOffset + done * 4, y.byteOffset + done * 4, 1, count - done);
  return true;
}

/**
 * dst[o..o+count) ← the f16 bits of src[0..count) (rounded as f32ToF16), 8 values at a time: the
 * number of values done (a multiple of 8; 0 when the module does not load or an array lies outside
 * the tensor memory), the rest left to the caller.
 */
export function toF16Simd(dst: Uint16Array, o: number, src: Float32Array, count: number): number {
  const w = rows();
  const whole = count & ~7;
  if (!w || whole === 0 || o + count > dst.length || count > src.length) return 0;
  if (!inTensorMemory(dst) || !inTensorMemory(src)) return 0;
  w.toF16(dst.byteOffset + 2 * o, src.byteOffset, whole);
  return whole;
}

/** x[0..n) ← silu(x) or geluTanh(x) in place, with a polynomial eˣ (~1 ulp; assembly/exp4.ts). */
export function activateSimd(x: Float32Array, n: number, fn: "silu" | "geluTanh"): boolean {
  const w = activations();
  if (!w || !inTensorMemory(x) || n > x.length) return false;
  const full = Math.floor(n / ROW);
  if (full > 0)
    runJob("activations", fn === "silu" ? "siluJob" : "geluTanhJob", full, full * ROW * WORK, {
      out: x.byteOffset,
      n: ROW,
    });
  const rest = x.byteOffset + full * ROW * 4;
  if (fn === "silu") w.silu(rest, n - full * ROW);
  else w.geluTanh(rest, n - full * ROW);
  return true;
}

/** gate[0..n) ← silu(gate) · up in place. */
export function swigluSimd(gate: Float32Array, up: Float32Array, n: number): boolean {
  const w = activations();
  if (!w || !inTensorMemory(gate) || !inTensorMemory(up) || n > gate.length || n > up.length) return false;
  w.siluMul(gate.byteOffset, up.byteOffset, n);
  return true;
}

/** out (n, hidden) ← silu(gate) · up, row t of gateUp being [gate_t | up_t] (2·hidden). */
export function swigluRowsSimd(out: Float32Array, gateUp: Float32Array, n: number, hidden: number): boolean {
  if (!activations() || !inTensorMemory(out) || !inTensorMemory(gateUp)) return false;
  if (n * hidden > out.length || 2 * n * hidden > gateUp.length) return false;
  return runJob("activations", "swiGluJob", n, n * hidden * WORK, {
    out: out.byteOffset,
    x: gateUp.byteOffset,
    n: hidden,
  });
}

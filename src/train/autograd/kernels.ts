/**
 * The one matrix product training needs, y(n, rows) = x(n, k)·Wᵀ, and its two backward products,
 * on the project's fast kernels (tensor/fast.ts: wasm SIMD on the worker pool) or on the plain
 * reference loops below. `useReferenceKernels(true)` switches every autograd product to the
 * reference; tests compare the two.
 *
 *   forward   y  = x·Wᵀ        matmulT(y, x, n, W)            W [rows, k] in the shared memory
 *   backward  dx = dy·W        matmulT(dx, dy, n, Wᵀ)         Wᵀ [k, rows] copied into shared scratch
 *             dW = dyᵀ·x       matmulT(dW, dyᵀ, rows, xᵀ)     xᵀ [k, n] copied into shared scratch
 *
 * The fast kernel reads its right-hand matrix from the shared wasm memory, so the backward first
 * writes the transposed operand there (an O(n·k) copy next to an O(n·k·rows) product).
 */
import { allocF32, inTensorMemory, matmulT, Tensor } from "../../tensor/index.ts";

let reference = false;

/** Use the plain loops for every autograd matrix product (true) or the wasm kernels (false, default). */
export function useReferenceKernels(on: boolean): void {
  reference = on;
}

/** Shared-memory scratch areas, grown (never shrunk: the allocator does not free) as needed. */
const scratch: Float32Array[] = [];
function sharedScratch(slot: number, n: number): Float32Array {
  const have = scratch[slot];
  if (have && have.length >= n) return have.subarray(0, n);
  const grown = allocF32(Math.max(n, 2 * (have?.length ?? 0), 1024));
  scratch[slot] = grown;
  return grown.subarray(0, n);
}

/** out(k, n) = a(n, k)ᵀ. */
export function transposeInto(out: Float32Array, a: Float32Array, n: number, k: number): void {
  // Blocks of 32×32 keep both the reads and the writes within a few cache lines.
  for (let i0 = 0; i0 < n; i0 += 32) {
    const i1 = Math.min(n, i0 + 32);
    for (let j0 = 0; j0 < k; j0 += 32) {
      const j1 = Math.min(k, j0 + 32);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * n + i] = a[i * k + j];
    }
  }
}

/** Reference: out(n, rows) = x(n, k)·w(rows, k)ᵀ, accumulated in f64. */
export function matmulTPlain(
  out: Float32Array,
  x: Float32Array,
  n: number,
  w: Float32Array,
  rows: number,
  k: number,
): void {
  for (let t = 0; t < n; t++) {
    const xo = t * k;
    for (let r = 0; r < rows; r++) {
      const wo = r * k;
      let s = 0;
      for (let i = 0; i < k; i++) s += x[xo + i] * w[wo + i];
      out[t * rows + r] = s;
    }
  }
}

/** out(n, rows) = x(n, k)·w(rows, k)ᵀ; `w` is copied into shared scratch `slot` when it is not there. */
function productT(
  out: Float32Array,
  x: Float32Array,
  n: number,
  w: Float32Array,
  rows: number,
  k: number,
  slot: number,
): void {
  if (reference) {
    matmulTPlain(out, x, n, w, rows, k);
    return;
  }
  let ws = w;
  if (!inTensorMemory(w)) {
    ws = sharedScratch(slot, rows * k);
    ws.set(w);
  }
  matmulT(out, x, n, new Tensor([rows, k], "f32", ws));
}

/** y(n, rows) = x(n, k)·Wᵀ. */
export function linearForward(
  y: Float32Array,
  x: Float32Array,
  n: number,
  w: Float32Array,
  rows: number,
  k: number,
): void {
  productT(y, x, n, w, rows, k, 0);
}

/** dx(n, k) = dy(n, rows)·W(rows, k). */
export function linearBackwardInput(
  dx: Float32Array,
  dy: Float32Array,
  n: number,
  w: Float32Array,
  rows: number,
  k: number,
): void {
  if (reference) {
    dx.fill(0);
    for (let t = 0; t < n; t++)
      for (let r = 0; r < rows; r++) {
        const g = dy[t * rows + r];
        if (g === 0) continue;
        for (let i = 0; i < k; i++) dx[t * k + i] += g * w[r * k + i];
      }
    return;
  }
  const wt = sharedScratch(1, k * rows); // Wᵀ (k, rows)
  transposeInto(wt, w, rows, k);
  matmulT(dx, dy, n, new Tensor([k, rows], "f32", wt));
}

/** dW(rows, k) = dy(n, rows)ᵀ·x(n, k). */
export function linearBackwardWeight(
  dw: Float32Array,
  dy: Float32Array,
  n: number,
  x: Float32Array,
  rows: number,
  k: number,
): void {
  if (reference) {
    dw.fill(0);
    for (let t = 0; t < n; t++)
      for (let r = 0; r < rows; r++) {
        const g = dy[t * rows + r];
        if (g === 0) continue;
        for (let i = 0; i < k; i++) dw[r * k + i] += g * x[t * k + i];
      }
    return;
  }
  const xt = sharedScratch(2, k * n); // xᵀ (k, n)
  transposeInto(xt, x, n, k);
  const dyt = sharedScratch(3, rows * n); // dyᵀ (rows, n)
  transposeInto(dyt, dy, n, rows);
  matmulT(dw, dyt, rows, new Tensor([k, n], "f32", xt));
}

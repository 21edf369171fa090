/**
 * The residual connection (He et al. 2015): a sub-layer's output is added to its input, x ← x + f(x),
 * so every layer refines one running "residual stream" instead of replacing it.
 */

import { rowsWasm } from "./rows-wasm.ts";

/** x += y over the first `count` values. */
export function addInPlace(x: Float32Array, y: Float32Array, count: number): void {
  const simd = count <= x.length && count <= y.length ? rowsWasm(x, y) : null;
  if (simd) {
    simd.add(x.byteOffset, y.byteOffset, count); // the same sums, as SIMD on the worker pool
    return;
  }
  for (let i = 0; i < count; i++) x[i] += y[i];
}

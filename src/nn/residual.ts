/**
 * The residual connection (He et al. 2015): a sub-layer's output is added to its input, x ← x + f(x),
 * so every layer refines one running "residual stream" instead of replacing it.
 */

/** x += y over the first `count` values. */
export function addInPlace(x: Float32Array, y: Float32Array, count: number): void {
  for (let i = 0; i < count; i++) x[i] += y[i]!;
}

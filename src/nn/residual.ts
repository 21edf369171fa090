/**
 * The residual connection (He et al. 2015): a sub-layer's output is added to its input, x ← x + f(x),
 * so every layer refines one running "residual stream" instead of replacing it. The sum is
 * src/tensor's `addInPlace` (x += y over the first `count` values).
 */
export { addInPlace } from "../tensor/index.ts";

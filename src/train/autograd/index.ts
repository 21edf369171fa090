/**
 * Reverse-mode automatic differentiation over f32 tensors — what `loss.backward()` does in
 * PyTorch, written to be read.
 *
 *   import { Var, backward, linear, gelu, crossEntropy } from "./autograd/index.ts";
 *   const W = Var.param(data, [out, in]);           // a trainable leaf
 *   const loss = crossEntropy(linear(gelu(linear(x, W1)), W2), targets);
 *   backward(loss);                                 // W1.grad, W2.grad now hold ∂loss/∂W
 *
 * Files
 *   variable.ts        Var (data, shape, grad, the op that made it), backward, noGrad, zeroGrad
 *   kernels.ts         x·Wᵀ and its two backward products on the wasm kernels, or the plain loops
 *                      (useReferenceKernels(true))
 *   grad-check.ts      gradCheck: every backward against central finite differences
 *   ops/elementwise    add, sub, mul (NumPy broadcasting), scale
 *   ops/linear         linear (x·Wᵀ + b, also the tied output head), matmul (a·b, batched)
 *   ops/reduce         sum, mean, sumLast
 *   ops/activations    tanh, sigmoid, relu, gelu (tanh approximation), silu, swiglu
 *   ops/softmax        softmax, logSoftmax, crossEntropy (fused, ignoreIndex)
 *   ops/embedding      embedding (row lookup; backward scatter-adds)
 *   ops/shape          reshape, transpose, sliceLast, concatLast
 *   ops/norm           layerNorm, rmsNorm
 *   ops/rope           rope (rotate-half layout)
 *   ops/attention      attention: causal or not, Tq ≠ Tk (cross-attention), GQA, key padding mask
 *
 * How to write a new op — one function, forward and backward side by side:
 *
 *   export function square(x: Var): Var {
 *     const y = new Float32Array(x.size);                  // 1. forward: compute the values
 *     for (let i = 0; i < y.length; i++) y[i] = x.data[i] * x.data[i];
 *     return Var.result("square", y, x.shape, [x], (g) => { // 2. record inputs + backward
 *       const gx = x.gradBuffer();                         //    null: x needs no gradient
 *       if (gx) for (let i = 0; i < g.length; i++) gx[i] += g[i] * 2 * x.data[i]; // ∂y/∂x = 2x
 *     });
 *   }
 *
 * Rules: never modify an input's `data`; ADD (+=) into `gradBuffer()`, never assign (a Var used
 * twice receives both gradients); keep what the backward needs (softmax keeps P) in the closure;
 * check the op with `gradCheck` in a test (test/train/autograd.test.ts has one per op).
 */
export { type GradCheckResult, gradCheck } from "./grad-check.ts";
export {
  linearBackwardInput,
  linearBackwardWeight,
  linearForward,
  matmulTPlain,
  transposeInto,
  useReferenceKernels,
} from "./kernels.ts";
export { gelu, relu, sigmoid, silu, swiglu, tanh } from "./ops/activations.ts";
export { type AttentionOptions, attention } from "./ops/attention.ts";
export { add, broadcastShape, mul, scale, sub } from "./ops/elementwise.ts";
export { embedding } from "./ops/embedding.ts";
export { linear, matmul } from "./ops/linear.ts";
export { layerNorm, rmsNorm } from "./ops/norm.ts";
export { mean, sum, sumLast } from "./ops/reduce.ts";
export { rope } from "./ops/rope.ts";
export { concatLast, reshape, sliceLast, transpose } from "./ops/shape.ts";
export { crossEntropy, logSoftmax, softmax } from "./ops/softmax.ts";
export { type Backward, backward, noGrad, Var, zeroGrad } from "./variable.ts";

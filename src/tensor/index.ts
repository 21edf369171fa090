/**
 * tongguan's numeric core.
 *
 * Data
 *   Tensor, DType, QuantType, contiguousStrides              tensor.ts
 *   memory, alloc, allocF32, allocatedBytes                  memory.ts — shared wasm memory 0; put weights there
 *   allocWeight, setWeightSpill, memoryIndexOf, tensorMemories  memory.ts — a big model's weights across memories
 *   f16ToF32, f32ToF16, bf16ToF32, f32ToBf16, roundToF16     f16.ts
 *   dequantizeRow(type, data, offset, out, n, outOffset?)    dtypes.ts — any dtype row → f32
 *   quantizeRow("q8_0" | "q4_0", x, out, outOffset?)         ggml's reference quantizers
 *   bytesPerRow(type, n), blockSize(type), blockBytes(type), isQuantType(type), BLOCK_FORMATS
 *
 * Linear layers (W is [rows, k], the nn.Linear / GGUF layout, any dtype)
 *   matmulT(out, x, n, W)       out(n, rows) = x(n, k)·Wᵀ — FAST (wasm SIMD + worker pool); for
 *                               quantized W, activations are 8-bit quantized as llama.cpp does.
 *                               wasm kernels: f32, f16, bf16 and every ggml block type above.
 *                               Prefill (n ≥ 4): the block types and f16/bf16 go in 4-token tiles, each
 *                               weight block unpacked once per tile (wasm/assembly/index.ts).
 *                               W must live in the shared memory (alloc) for the fast path; x and
 *                               out may be anywhere (they are copied in/out when not).
 *   matmulTPath(W)              "wasm" | "wasm-relaxed" | "js": which path W takes
 *   matmulTRef(out, x, n, W)    plain float reference; matmulTQ8Ref: reference of llama.cpp numerics
 *   setThreads(n), getThreads() the pool size (default: os.availableParallelism()); shutdownPool()
 *   poolFunction, runPool       run another wasm module's row function on the pool (wasm/jobs.ts)
 *   setPoolHot(on)              around a forward pass: workers poll between its jobs instead of sleeping
 *   inTensorMemory(array)       is this typed array inside the shared memory?
 *   forgetPacked(view), ggmlLayout(type, bytes)   repack.ts — q5_0/q5_1/q5_K weights are repacked in
 *                               place on their first matmul: call forgetPacked before rewriting such
 *                               bytes; ggmlLayout gives them back as a file stores them
 *
 * The ops between the matmuls: fast (wasm SIMD on the pool) for arrays in the shared memory, else
 * their reference — the same names with a `Ref` suffix            fast-ops.ts, attention.ts
 *   rmsNorm(out, x, rows, dim, weight?, eps), layerNorm(out, x, rows, dim, weight?, bias?, eps)
 *   addBias(y, b, rows), addInPlace(x, y, count)                    bias add, residual add
 *   silu(out, x, n?), geluTanh(out, x, n?), swiglu(out, gate, up, n?), swigluRows(out, gateUp, rows, hidden)
 *   attention(out, q, keys, values, n, kvLen, options)             scaled dot-product, MHA/GQA/MQA
 *
 * Reference ops on f32 buffers (out first; in-place allowed)       ops.ts, matmul.ts, attention.ts (RoPE: src/nn/rope.ts)
 *   matmul(out, a, b, m, k, n), matvec(out, w, x, rows, k)
 *   add, mul (b broadcast by rows), scale
 *   softmax(out, x, rows, dim, mask?), logSoftmax(out, x, rows, dim)
 *   layerNormRef, rmsNormRef, addBiasRef, addInPlaceRef, siluRef, geluTanhRef, swigluRef
 *   gelu (erf), erf, scaledDotProductAttention (with a padding mask and the probabilities)
 *   embedding(out, table, ids), argmax(x, offset?, n?), topK(x, k) → { indices, values }
 */
export {
  type AttentionOptions,
  attention,
  scaledDotProductAttention,
} from "./attention.ts";
export * from "./dtypes.ts";
export * from "./f16.ts";
export { inTensorMemory, matmulT, matmulTPath, matmulTVariant } from "./fast.ts";
export {
  addBias,
  addInPlace,
  geluTanh,
  layerNorm,
  rmsNorm,
  silu,
  swiglu,
  swigluRows,
} from "./fast-ops.ts";
export * from "./kv-rows.ts";
export { matmul, matmulTQ8Ref, matmulTRef, matvec } from "./matmul.ts";
export {
  alloc,
  allocatedBytes,
  allocF32,
  allocWeight,
  memory,
  memoryIndexOf,
  memoryLimit,
  setMemoryLimitForTests,
  setWeightSpill,
  tensorMemories,
  totalAllocatedBytes,
} from "./memory.ts";
export * from "./ops.ts";
export {
  getThreads,
  type PoolFunction,
  poolFunction,
  type RowArgs,
  runPool,
  setPoolHot,
  setThreads,
  shutdownPool,
} from "./pool.ts";
export { roundTripActivations } from "./quant/activation-quant.ts";
export { forgetPacked, ggmlLayout } from "./repack.ts";
export { contiguousStrides, type DType, type QuantType, type Storage, Tensor } from "./tensor.ts";

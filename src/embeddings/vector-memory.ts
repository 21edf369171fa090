/**
 * Where a vocabulary's unit vectors live, and who computes the scores.
 *
 * A query's whole cost is one matrix-vector product over every word (see ./scores.ts). The
 * tensor kernels (src/tensor, `matmulT`: WebAssembly SIMD on a pool of threads) do it several times
 * faster than a JavaScript loop, but they can only read the shared tensor memory. That memory is a
 * bump allocator — nothing placed there is ever freed — so only matrices big enough to be worth it
 * go there (at least 2^20 floats, e.g. 10k words × 100); small ones stay in ordinary JS memory.
 */
import { inTensorMemory } from "../tensor/fast.ts";
import { allocatedBytes, allocF32, matmulT, Tensor } from "../tensor/index.ts";
import { matVec } from "./scores.ts";

export const TENSOR_MEMORY_MIN_FLOATS = 1 << 20;
/** Leave room under wasm32's 4 GiB for the models' own weights. */
const TENSOR_MEMORY_BUDGET = 3 * 2 ** 30;

/** Should a matrix of `floats` values go into the tensor memory? */
export function wantsTensorMemory(floats: number): boolean {
  return floats >= TENSOR_MEMORY_MIN_FLOATS && allocatedBytes() + floats * 4 <= TENSOR_MEMORY_BUDGET;
}

/** An allocator for readers: tensor memory for big matrices, a plain Float32Array otherwise. */
export function allocateVectors(floats: number): Float32Array {
  return wantsTensorMemory(floats) ? allocF32(floats) : new Float32Array(floats);
}

export function isInTensorMemory(a: Float32Array): boolean {
  return inTensorMemory(a);
}

/** out[r] = matrix[r] · q for the first `rows` rows of a (·, dim) matrix. */
export function scoreRows(
  out: Float32Array,
  matrix: Float32Array,
  rows: number,
  dim: number,
  q: Float32Array,
): void {
  if (inTensorMemory(matrix)) {
    matmulT(out, q, 1, new Tensor([rows, dim], "f32", matrix.subarray(0, rows * dim)));
  } else {
    matVec(out, matrix, rows, dim, q);
  }
}

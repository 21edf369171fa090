/**
 * The two things the blocks need from src/tensor, in one place: y = x·Wᵀ for a weight of any dtype
 * (the hot operation, fast kernels live in src/tensor) and "row i of a table as f32" (embeddings).
 *
 * `numerics: "llama.cpp"` rounds the activations the way llama.cpp's CPU code does before an f16 or a
 * quantized matmul and uses its f16 GELU table (see llamaCppNumerics.ts). Note that src/tensor's fast
 * matmulT already quantizes activations for quantized weights (integer kernels work that way); the
 * round trip is idempotent, so asking again changes nothing.
 */
import {
  allocF32,
  dequantizeRow,
  matmulT as matmulTKernel,
  type Storage,
  type Tensor,
} from "../tensor/index.ts";
import { rowStart } from "../tensor/matmul.ts";
import { roundTripLlamaCpp } from "./llama-cpp-numerics.ts";
import { Scratch } from "./scratch.ts";

export type Numerics = "plain" | "llama.cpp";

const scratch = new Scratch();

/** y (n, rows) ← x (n, k) · Wᵀ, W a [rows, k] tensor of any dtype. */
export function matmulT(
  y: Float32Array,
  x: Float32Array,
  n: number,
  w: Tensor,
  numerics: Numerics = "plain",
): void {
  if (numerics === "llama.cpp" && w.dtype !== "f32") {
    const k = w.shape[1];
    const xr = scratch.get("x", n * k);
    roundTripLlamaCpp(w.dtype, x, xr, n * k);
    x = xr;
  }
  matmulTKernel(y, x, n, w);
}

/** out (dim) ← row `r` of a 2-D table [count, dim] of any dtype, as f32. */
export function readRow(out: Float32Array, table: Tensor, r: number): void {
  dequantizeRow(table.dtype, table.data as Storage, rowStart(table, r), out, table.shape[1]);
}

/**
 * A whole tensor (norm weights, biases — small) as a fresh f32 array in the shared tensor memory,
 * where the SIMD row ops (src/tensor/fast-ops.ts) and kernels can read it.
 */
export function toF32(t: Tensor): Float32Array {
  const out = allocF32(t.size);
  if (t.dtype === "f32" && t.data instanceof Float32Array) {
    out.set(t.data.subarray(t.offset, t.offset + t.size));
    return out;
  }
  dequantizeRow(t.dtype, t.data as Storage, t.offset, out, t.size);
  return out;
}

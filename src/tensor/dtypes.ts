/**
 * Turning any dtype's row into f32 values, and f32 values into q8_0 / q4_0 blocks.
 *
 *   dequantizeRow(type, data, offset, out, n)  — n values of `type` starting at data[offset] → out[0..n)
 *   quantizeRow("q8_0" | "q4_0", x, out)        — x (a multiple of 32 values) → ggml blocks in `out`
 *   bytesPerRow(type, n)                         — storage bytes of n values
 *
 * `offset` counts elements of `data`: bytes when `data` is a Uint8Array (always so for block types;
 * f16/bf16/f32 rows may also be given as raw little-endian bytes), values otherwise.
 */
import { bf16ToF32, f16ToF32 } from "./f16.ts";
import { BLOCK_FORMATS, isQuantType } from "./quant/blocks.ts";
import { dequantQ4_K, dequantQ5_K, dequantQ6_K } from "./quant/kquants.ts";
import {
  dequantQ4_0,
  dequantQ4_1,
  dequantQ5_0,
  dequantQ5_1,
  dequantQ8_0,
  quantizeQ4_0,
  quantizeQ8_0,
} from "./quant/legacy.ts";
import { dequantPacked } from "./quant/packed-q5.ts";
import { isPackable, layoutRuns } from "./repack.ts";
import type { DType, QuantType, Storage } from "./tensor.ts";

export { BLOCK_FORMATS, blockBytes, blockSize, bytesPerRow, isQuantType } from "./quant/blocks.ts";

type BlockDequant = (b: Uint8Array, o: number, out: Float32Array, p: number, nb: number) => void;

const DEQUANT: Record<QuantType, BlockDequant> = {
  q8_0: dequantQ8_0,
  q4_0: dequantQ4_0,
  q4_1: dequantQ4_1,
  q5_0: dequantQ5_0,
  q5_1: dequantQ5_1,
  q4_K: dequantQ4_K,
  q5_K: dequantQ5_K,
  q6_K: dequantQ6_K,
};

/**
 * Decode `n` values of `type` from `data` at `offset` into out[outOffset .. outOffset+n).
 *
 *   const row = new Float32Array(4096);
 *   dequantizeRow("q4_K", bytes, 7 * bytesPerRow("q4_K", 4096), row, 4096); // row 7 of a q4_K matrix
 */
export function dequantizeRow(
  type: DType,
  data: Storage,
  offset: number,
  out: Float32Array,
  n: number,
  outOffset = 0,
): void {
  if (isQuantType(type)) {
    const { blockSize } = BLOCK_FORMATS[type];
    if (n % blockSize !== 0) throw new RangeError(`${type}: ${n} values are not a whole number of blocks`);
    if (!(data instanceof Uint8Array)) throw new TypeError(`${type} data must be a Uint8Array of blocks`);
    const nb = n / blockSize;
    const { blockBytes } = BLOCK_FORMATS[type];
    if (!isPackable(type)) DEQUANT[type](data, offset, out, outOffset, nb);
    else {
      // The 5-bit types may have been repacked in place for the kernels (repack.ts), all or in part.
      layoutRuns(data, offset, nb * blockBytes, type, blockBytes, (o, bytes, origin) => {
        const p = outOffset + ((o - offset) / blockBytes) * blockSize;
        if (origin === undefined) DEQUANT[type](data, o, out, p, bytes / blockBytes);
        else dequantPacked(type, data, origin, o, out, p, bytes / blockBytes);
      });
    }
    return;
  }
  if (data instanceof Uint8Array && type !== "f32" && type !== "i32") {
    // Raw little-endian 16-bit values.
    const conv = type === "f16" ? f16ToF32 : bf16ToF32;
    for (let i = 0; i < n; i++)
      out[outOffset + i] = conv(data[offset + 2 * i] | (data[offset + 2 * i + 1] << 8));
    return;
  }
  if (data instanceof Uint8Array) {
    const dv = new DataView(data.buffer, data.byteOffset + offset, n * 4);
    for (let i = 0; i < n; i++)
      out[outOffset + i] = type === "f32" ? dv.getFloat32(4 * i, true) : dv.getInt32(4 * i, true);
    return;
  }
  switch (type) {
    case "f32":
    case "i32":
      for (let i = 0; i < n; i++) out[outOffset + i] = data[offset + i];
      return;
    case "f16":
      for (let i = 0; i < n; i++) out[outOffset + i] = f16ToF32(data[offset + i]);
      return;
    case "bf16":
      for (let i = 0; i < n; i++) out[outOffset + i] = bf16ToF32(data[offset + i]);
      return;
  }
}

/**
 * Quantize f32 values with ggml's reference quantizers (bit-identical to quantize_row_*_ref), so a
 * GGUF written here matches one written by llama.cpp's tools.
 * `x.length` must be a multiple of 32; `out` needs bytesPerRow(type, x.length) bytes at `outOffset`.
 */
export function quantizeRow(type: "q8_0" | "q4_0", x: Float32Array, out: Uint8Array, outOffset = 0): void {
  if (x.length % 32 !== 0)
    throw new RangeError(`${type}: ${x.length} values are not a whole number of blocks`);
  if (type === "q8_0") quantizeQ8_0(x, 0, x.length, out, outOffset);
  else if (type === "q4_0") quantizeQ4_0(x, 0, x.length, out, outOffset);
  else throw new RangeError(`quantizeRow: ${type} is not supported (q8_0 and q4_0 are)`);
}

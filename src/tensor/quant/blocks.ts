/**
 * ggml's quantized formats store a row in fixed-size blocks. Each block holds `blockSize` values as
 * small integers plus one or two scales (f16), so a whole block costs `blockBytes` bytes.
 *
 *   type   values/block  bytes/block  bits/value  layout (ggml-common.h)
 *   q8_0        32           34          8.5      d:f16, qs:i8[32]                  x = d·q
 *   q4_0        32           18          4.5      d:f16, qs:u8[16] (two nibbles)    x = d·(q−8)
 *   q4_1        32           20          5.0      d:f16, m:f16, qs:u8[16]           x = d·q + m
 *   q5_0        32           22          5.5      d:f16, qh:u32, qs:u8[16]          x = d·(q−16)
 *   q5_1        32           24          6.0      d:f16, m:f16, qh:u32, qs:u8[16]   x = d·q + m
 *   q4_K       256          144          4.5      d, dmin:f16, scales:u8[12], qs:u8[128]
 *   q5_K       256          176          5.5      d, dmin:f16, scales:u8[12], qh:u8[32], qs:u8[128]
 *   q6_K       256          210          6.5625   ql:u8[128], qh:u8[64], scales:i8[16], d:f16
 *
 * All multi-byte fields are little-endian. The "K" formats are super-blocks of 256 values made of
 * 8 or 16 sub-blocks, each with its own 6- or 8-bit scale.
 */
import type { DType, QuantType } from "../tensor.ts";

export interface BlockFormat {
  /** Values per block. */
  blockSize: number;
  /** Bytes per block. */
  blockBytes: number;
}

export const BLOCK_FORMATS: Record<QuantType, BlockFormat> = {
  q8_0: { blockSize: 32, blockBytes: 34 },
  q4_0: { blockSize: 32, blockBytes: 18 },
  q4_1: { blockSize: 32, blockBytes: 20 },
  q5_0: { blockSize: 32, blockBytes: 22 },
  q5_1: { blockSize: 32, blockBytes: 24 },
  q4_K: { blockSize: 256, blockBytes: 144 },
  q5_K: { blockSize: 256, blockBytes: 176 },
  q6_K: { blockSize: 256, blockBytes: 210 },
};

/** True for ggml block formats (their storage is a Uint8Array of blocks). */
export function isQuantType(t: DType): t is QuantType {
  return t in BLOCK_FORMATS;
}

/** Values per block: 1 for plain dtypes. */
export function blockSize(t: DType): number {
  return isQuantType(t) ? BLOCK_FORMATS[t].blockSize : 1;
}

/** Bytes taken by one value of a plain dtype, or by one block of a quantized one. */
export function blockBytes(t: DType): number {
  if (isQuantType(t)) return BLOCK_FORMATS[t].blockBytes;
  return t === "f16" || t === "bf16" ? 2 : 4;
}

/**
 * Bytes of a row of `n` values: `bytesPerRow("q8_0", 4096)` → 128 blocks × 34 = 4352.
 * Throws if `n` is not a whole number of blocks.
 */
export function bytesPerRow(t: DType, n: number): number {
  const bs = blockSize(t);
  if (n % bs !== 0)
    throw new RangeError(`a row of ${n} values is not a whole number of ${t} blocks of ${bs}`);
  return (n / bs) * blockBytes(t);
}

/** Little-endian f16 bits at byte `o`. */
export function readU16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}

/** Writes little-endian 16 bits at byte `o`. */
export function writeU16(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >> 8) & 0xff;
}

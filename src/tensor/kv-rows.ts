/**
 * Rows of a KV cache in its storage type (llama.cpp's --cache-type-k/v):
 *
 *   f32   Float32Array, the values as computed
 *   f16   Uint16Array of IEEE half floats (llama.cpp's default): half the bytes, ~3 decimal digits
 *   q8_0  Uint8Array of ggml's q8_0 blocks — 32 values as int8 codes after their f16 scale d
 *         (34 bytes, value = d · code): ~a quarter of f32's bytes; a row must be whole blocks
 *
 * The attention kernels read these directly (attention.ts, wasm/assembly/attention.ts); here a row
 * is stored (rounded or quantized once, when its token is computed) and read back as f32.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { dequantizeRow, quantizeRow } from "./dtypes.ts";
import { f32ToF16 } from "./f16.ts";
import { toF16Simd } from "./wasm/row-ops-simd.ts";

export type CacheType = "f32" | "f16" | "q8_0";
export const CACHE_TYPES: readonly CacheType[] = ["f32", "f16", "q8_0"];
export type CacheRows = Float32Array | Uint16Array | Uint8Array;

/** Bytes of one stored row of `width` values: f32 4·w, f16 2·w, q8_0 34·w/32. */
export function cacheRowBytes(type: CacheType, width: number): number {
  return type === "f32" ? 4 * width : type === "f16" ? 2 * width : (width / 32) * 34;
}

/** Throws unless rows of `width` values can be stored as `type` (q8_0: whole blocks of 32 per head). */
export function checkCacheType(type: CacheType, headDim: number): void {
  if (type === "q8_0" && headDim % 32 !== 0)
    throw new TongguanError(t("tensor.kvRows.kvCacheTypeQ", { headDim }));
}

/** Storage for `rows` rows of `width` values of `type`, from `alloc` (bytes → a zeroed byte view). */
export function newCacheRows(
  type: CacheType,
  rows: number,
  width: number,
  alloc: (bytes: number) => Uint8Array,
): CacheRows {
  const b = alloc(rows * cacheRowBytes(type, width));
  if (type === "f32") return new Float32Array(b.buffer, b.byteOffset, rows * width);
  if (type === "f16") return new Uint16Array(b.buffer, b.byteOffset, rows * width);
  return b;
}

/** Rows start..start+n of `dst` ← the n rows of `src` (n, width), rounded to f16 or quantized to q8_0 as stored. */
export function storeCacheRows(
  dst: CacheRows,
  type: CacheType,
  src: Float32Array,
  start: number,
  n: number,
  width: number,
): void {
  if (type === "f32") (dst as Float32Array).set(src.subarray(0, n * width), start * width);
  else if (type === "f16") {
    const h = dst as Uint16Array;
    const o = start * width;
    // 8 values at a time in wasm where it runs (the same rounding), the rest one by one.
    for (let i = toF16Simd(h, o, src, n * width); i < n * width; i++) h[o + i] = f32ToF16(src[i]);
  } else {
    const rowBytes = cacheRowBytes(type, width);
    for (let r = 0; r < n; r++)
      quantizeRow(
        "q8_0",
        src.subarray(r * width, (r + 1) * width),
        dst as Uint8Array,
        (start + r) * rowBytes,
      );
  }
}

/** The first `rows` rows of `src` as f32 (rows, width): a copy, or `src` itself when f32. */
export function cacheRowsF32(src: CacheRows, type: CacheType, rows: number, width: number): Float32Array {
  if (type === "f32") return src as Float32Array;
  const out = new Float32Array(rows * width);
  const row = new Float32Array(width);
  for (let r = 0; r < rows; r++) {
    const offset = type === "f16" ? r * width : r * cacheRowBytes(type, width);
    dequantizeRow(type, src, offset, row, width);
    out.set(row, r * width);
  }
  return out;
}

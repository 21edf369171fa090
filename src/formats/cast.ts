/**
 * Changing a tensor's dtype row by row: f16/bf16/quantized → f32 (dequantize) and f32 → f16 / bf16 /
 * q8_0 / q4_0 (quantize with src/tensor's reference quantizers). Used by the GGUF writer's callers
 * (convert) and by loaders that must reshape data (a transpose needs plain numbers).
 */
import { TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import { bytesPerRow, dequantizeRow, quantizeRow } from "../tensor/dtypes.ts";
import { f32ToBf16, f32ToF16 } from "../tensor/f16.ts";
import { allocWeight } from "../tensor/memory.ts";
import type { DType, Tensor } from "../tensor/tensor.ts";
import { Tensor as TensorClass } from "../tensor/tensor.ts";
import { viewAs } from "./tensor-storage.ts";

export type CastTarget = "f32" | "f16" | "bf16" | "q8_0" | "q4_0";

/** Rows and row length of a contiguous tensor: shape [a, b, k] → 2-D view (a·b, k). */
export function rowsOf(t: Tensor): { rows: number; k: number } {
  const k = t.shape.at(-1) ?? 1;
  return { rows: k === 0 ? 0 : t.size / k, k };
}

/**
 * A copy of `t` (contiguous) in dtype `to`, in shared wasm memory (`shared`, the default) or in an
 * ordinary ArrayBuffer. Returns `t` itself when it already has that dtype.
 */
export function castTensor(t: Tensor, to: CastTarget, shared = true): Tensor {
  if (t.dtype === to) return t;
  const { rows, k } = rowsOf(t);
  const rowBytes = bytesPerRow(to, k);
  const bytes = shared ? allocWeight(rowBytes * rows, t.shape.length >= 2) : new Uint8Array(rowBytes * rows);
  const out = viewAs(to, bytes);
  const row = new Float32Array(k);
  const srcRowElems = t.data instanceof Uint8Array ? bytesPerRow(t.dtype, k) : k;
  for (let r = 0; r < rows; r++) {
    dequantizeRow(t.dtype, t.data, t.offset + r * srcRowElems, row, k);
    writeRow(to, row, out, bytes, r, k, rowBytes);
  }
  return new TensorClass([...t.shape], to, out);
}

function writeRow(
  to: CastTarget,
  row: Float32Array,
  out: ReturnType<typeof viewAs>,
  bytes: Uint8Array,
  r: number,
  k: number,
  rowBytes: number,
): void {
  switch (to) {
    case "f32":
      (out as Float32Array).set(row, r * k);
      return;
    case "f16":
      for (let i = 0; i < k; i++) out[r * k + i] = f32ToF16(row[i]);
      return;
    case "bf16":
      for (let i = 0; i < k; i++) out[r * k + i] = f32ToBf16(row[i]);
      return;
    case "q8_0":
    case "q4_0":
      if (k % 32 !== 0) throw new TongguanError(tr("formats.cast.cannotQuantizeToRow", { to, k }));
      quantizeRow(to, row, bytes, r * rowBytes);
      return;
  }
}

/** Dequantizes any tensor to f32 (a copy; `t` itself if already f32). */
export function toF32(t: Tensor, shared = true): Tensor {
  return castTensor(t, "f32", shared);
}

/** True when a dtype is stored as whole blocks per row (rows can move, values cannot). */
export function isBlockDType(d: DType): boolean {
  return d !== "f32" && d !== "f16" && d !== "bf16" && d !== "i32";
}

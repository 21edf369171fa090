/**
 * Moving a weight's bytes into the layout the models expect: reordering rows (RoPE's Q/K
 * permutation) and transposing (GPT-2's Conv1D). Both write a fresh tensor (in shared wasm memory by
 * default) and leave the source alone, so the source can be a temporary buffer.
 */
import { TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import { bytesPerRow } from "../tensor/dtypes.ts";
import { allocWeight } from "../tensor/memory.ts";
import { Tensor } from "../tensor/tensor.ts";
import { isBlockDType, rowsOf } from "./cast.ts";
import { tensorBytes, viewAs } from "./tensor-storage.ts";

/**
 * out row r = t row perm[r]. Works for every dtype, quantized ones too: a row is a whole number of
 * blocks, so rows move as opaque byte ranges. A 1-D tensor (a bias) is treated as rows of one value.
 */
export function permuteRows(t: Tensor, perm: Int32Array, shared = true): Tensor {
  const oneD = t.shape.length === 1;
  const { rows, k } = oneD ? { rows: t.shape[0], k: 1 } : rowsOf(t);
  if (perm.length !== rows) throw new Error(`permuteRows: ${perm.length} indices for ${rows} rows`);
  const rowBytes = bytesPerRow(t.dtype, k);
  const src = tensorBytes(t);
  const dst = shared ? allocWeight(src.byteLength, !oneD) : new Uint8Array(src.byteLength);
  for (let r = 0; r < rows; r++) {
    const from = perm[r] * rowBytes;
    dst.set(src.subarray(from, from + rowBytes), r * rowBytes);
  }
  return new Tensor([...t.shape], t.dtype, viewAs(t.dtype, dst));
}

/** A contiguous copy of the 2-D tensor `t` transposed: (a, b) → (b, a). Plain dtypes only. */
export function transpose2d(t: Tensor, shared = true): Tensor {
  if (t.shape.length !== 2) throw new Error(`transpose2d: shape [${t.shape}] is not 2-D`);
  if (isBlockDType(t.dtype))
    throw new TongguanError(tr("formats.layout.cannotTransposeATensor", { dtype: t.dtype }));
  const [a, b] = t.shape as [number, number];
  const src = tensorBytes(t);
  const dst = shared ? allocWeight(src.byteLength, true) : new Uint8Array(src.byteLength);
  const out = viewAs(t.dtype, dst);
  const el = out.BYTES_PER_ELEMENT;
  const inp = viewAs(t.dtype, src);
  if (inp.BYTES_PER_ELEMENT !== el) throw new Error("transpose2d: storage mismatch");
  // Blocked for cache friendliness; out[j, i] = in[i, j].
  const B = 64;
  for (let i0 = 0; i0 < a; i0 += B)
    for (let j0 = 0; j0 < b; j0 += B)
      for (let i = i0; i < Math.min(i0 + B, a); i++)
        for (let j = j0; j < Math.min(j0 + B, b); j++) out[j * a + i] = inp[i * b + j];
  return new Tensor([b, a], t.dtype, out);
}

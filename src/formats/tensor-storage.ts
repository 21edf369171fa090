/**
 * Turning file bytes into a Tensor without a second copy: allocate the tensor's bytes in the shared
 * wasm memory, let the reader fill them with fs.readSync, then view them as the dtype's typed array.
 */
import { allocWeight } from "../tensor/memory.ts";
import { ggmlLayout } from "../tensor/repack.ts";
import { type DType, type Storage, Tensor } from "../tensor/tensor.ts";
import { readExactly } from "./file-reader.ts";

/** A typed-array view of `bytes` that matches `dtype` (see Tensor's storage table). */
export function viewAs(dtype: DType, bytes: Uint8Array): Storage {
  const { buffer, byteOffset, byteLength } = bytes;
  switch (dtype) {
    case "f32":
      return new Float32Array(buffer, byteOffset, byteLength / 4);
    case "i32":
      return new Int32Array(buffer, byteOffset, byteLength / 4);
    case "f16":
    case "bf16":
      return new Uint16Array(buffer, byteOffset, byteLength / 2);
    default:
      return bytes;
  }
}

/**
 * Reads `nbytes` at `position` of an open file straight into fresh shared memory (or, with
 * `shared = false`, into an ordinary temporary buffer the caller will transform) and wraps them as a
 * Tensor of `shape` (outermost first) and `dtype`.
 */
export function readTensor(
  fd: number,
  path: string,
  position: number,
  nbytes: number,
  shape: number[],
  dtype: DType,
  what: string,
  shared = true,
): Tensor {
  const bytes = shared ? allocWeight(nbytes, shape.length >= 2) : new Uint8Array(nbytes);
  readExactly(fd, path, bytes, position, what);
  return new Tensor(shape, dtype, viewAs(dtype, bytes));
}

/**
 * The raw bytes behind a contiguous tensor, as a file stores them: a view, not a copy — except for
 * 5-bit weights the kernels repacked in place (src/tensor/repack.ts), given back in ggml's layout.
 */
export function tensorBytes(t: Tensor): Uint8Array {
  const d = t.data;
  const el = d.BYTES_PER_ELEMENT;
  if (d instanceof Uint8Array) return ggmlLayout(t.dtype, d);
  return new Uint8Array(d.buffer, d.byteOffset + t.offset * el, t.size * el);
}

/**
 * Where weights and activations live: one shared WebAssembly.Memory.
 *
 * Why: the fast kernels are WebAssembly, and wasm code can only read its own linear memory. If the
 * weights lived in ordinary ArrayBuffers, every matvec would first copy them in — more traffic than
 * the matvec itself. So loaders place tensor data here, and the worker pool's threads import the
 * same memory (it is backed by a SharedArrayBuffer), so no thread ever copies a weight.
 *
 * A bump allocator: `alloc` hands out 64-byte-aligned byte ranges; nothing is freed one by one.
 * Growing a shared memory never detaches existing views, so a Uint8Array from `alloc` stays valid.
 * wasm32 addresses at most 4 GiB.
 */
import { TongguanError } from "../errors.ts";

const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, the wasm32 limit

export const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });

// The first 64 KiB are kept for the kernels' own scratch space.
let top = PAGE;

/** Bytes handed out so far. */
export function allocatedBytes(): number {
  return top;
}

/** A fresh, zeroed, `align`-aligned byte range of the shared memory. Returns its view. */
export function alloc(bytes: number, align = 64): Uint8Array {
  if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`alloc: bad byte count ${bytes}`);
  const start = Math.ceil(top / align) * align;
  const end = start + bytes;
  if (end > MAX_PAGES * PAGE) {
    // A user's choice (a model too large, a context too long), so a clear one-line error, not a bug's stack.
    throw new TongguanError(
      `out of tensor memory: ${(end / 2 ** 30).toFixed(2)} GiB needed, WebAssembly memory holds at most 4 GiB` +
        " (a shorter context, a smaller quantization or a smaller model fits)",
    );
  }
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / PAGE));
  top = end;
  return new Uint8Array(memory.buffer, start, bytes);
}

/** A zeroed Float32Array of `n` elements in the shared memory. */
export function allocF32(n: number): Float32Array {
  const bytes = alloc(n * 4);
  return new Float32Array(bytes.buffer, bytes.byteOffset, n);
}

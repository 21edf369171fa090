/**
 * Running several linear layers that read the same input as ONE matrix product: q, k and v of an
 * attention layer, or SwiGLU's gate and up. Decoding calls a matmul per weight, and each call has a
 * fixed cost (quantizing x, waking the worker threads); one call over the stacked rows pays it once.
 *
 * The weights are never copied (that would double the memory): stacking is only possible when the
 * tensors already lie back to back in the shared tensor memory, same dtype and width — which is how
 * GGUF loaders place tensors written one after the other (in one tensor memory). Otherwise `stackRows` says no and the
 * layers run one by one. Each output row is computed exactly as by its own layer, so results are identical.
 *
 *   stackRows([Wq (896, 896), Wk (128, 896), Wv (128, 896)])  →  W (1152, 896), rows q | k | v
 */
import { allocF32, bytesPerRow, memoryIndexOf, Tensor } from "../tensor/index.ts";
import { Linear } from "./linear.ts";

/** One [Σrows, k] tensor over the bytes of `ws` if they are adjacent in tensor memory; else undefined. */
export function stackRows(ws: Tensor[]): Tensor | undefined {
  const first = ws[0];
  if (!first || ws.length < 2) return undefined;
  const k = first.shape[1];
  let rows = 0;
  let end = first.data.byteOffset;
  const where = memoryIndexOf(first.data);
  if (where < 0) return undefined;
  for (const w of ws) {
    const ok =
      w.shape.length === 2 &&
      w.shape[1] === k &&
      w.dtype === first.dtype &&
      w.offset === 0 &&
      w.data.constructor === first.data.constructor &&
      memoryIndexOf(w.data) === where &&
      w.data.byteOffset === end &&
      w.data.byteLength === w.shape[0] * bytesPerRow(w.dtype, k!); // exactly its rows, no padding
    if (!ok) return undefined;
    rows += w.shape[0];
    end += w.data.byteLength;
  }
  const start = first.data.byteOffset;
  const bytes = end - start;
  const Kind = first.data.constructor as Uint8ArrayConstructor; // Uint8Array, Uint16Array or Float32Array
  // The last tensor's buffer spans them all (a grown memory's newer buffer covers the older bytes).
  const data = new Kind(ws[ws.length - 1].data.buffer, start, bytes / Kind.BYTES_PER_ELEMENT);
  return new Tensor([rows, k!], first.dtype, data);
}

/** One Linear computing all of `layers` (outputs side by side), or undefined if they cannot be stacked. */
export function stackLinears(layers: Linear[], name: string): Linear | undefined {
  const weight = stackRows(layers.map((l) => l.weight));
  if (!weight) return undefined;
  let bias: Float32Array | undefined;
  if (layers.some((l) => l.bias)) {
    bias = allocF32(weight.shape[0]); // in the tensor memory, for the SIMD bias add
    let o = 0;
    for (const l of layers) {
      if (l.bias) bias.set(l.bias, o);
      o += l.outFeatures;
    }
  }
  return new Linear(weight, bias, name, layers[0].numerics);
}

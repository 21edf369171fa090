/**
 * Scratch buffers for a forward pass, allocated once in the shared tensor memory and reused, so the
 * decode loop allocates nothing. `get("q", n)` returns a buffer of at least n floats, the same one on
 * every call unless a larger one is needed (prefill of a longer chunk), which then replaces it.
 */
import { allocF32 } from "../tensor/memory.ts";

export class Scratch {
  private readonly buffers = new Map<string, Float32Array>();

  get(name: string, size: number): Float32Array {
    let b = this.buffers.get(name);
    if (!b || b.length < size) {
      b = allocF32(size);
      this.buffers.set(name, b);
    }
    return b;
  }

  private readonly views = new Map<string, Float32Array>();

  /**
   * `of`.subarray(start, start + length), the same view object as last time when it is the same
   * range of the same buffer: the decode loop takes the same slices every token, and a fresh
   * subarray each time would be garbage.
   */
  view(name: string, of: Float32Array, start: number, length: number): Float32Array {
    const v = this.views.get(name);
    if (v && v.buffer === of.buffer && v.byteOffset === of.byteOffset + start * 4 && v.length === length)
      return v;
    const fresh = of.subarray(start, start + length);
    this.views.set(name, fresh);
    return fresh;
  }

  /** Bytes currently held. */
  get bytes(): number {
    let total = 0;
    for (const b of this.buffers.values()) total += b.byteLength;
    return total;
  }
}

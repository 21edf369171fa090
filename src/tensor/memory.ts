/**
 * Where weights and activations live: shared WebAssembly.Memory objects.
 *
 * Why: the fast kernels are WebAssembly, and wasm code can only read its own linear memory. If the
 * weights lived in ordinary ArrayBuffers, every matvec would first copy them in — more traffic than
 * the matvec itself. So loaders place tensor data here, and the worker pool's threads import the
 * same memories (they are backed by SharedArrayBuffers), so no thread ever copies a weight.
 *
 * A bump allocator: `alloc` hands out 64-byte-aligned byte ranges; nothing is freed one by one.
 * Growing a shared memory never detaches existing views, so a Uint8Array from `alloc` stays valid.
 *
 * wasm32 addresses at most 4 GiB per memory. A model whose weights do not fit beside its KV cache
 * in one memory is spread over several (docs/memory.md):
 *
 *   memory 0 (`memory`)  activations, KV caches, norms, biases — and every weight of a model that fits
 *   memory 1, 2, …       weight matrices only (`allocWeight` while `setWeightSpill(true)`), ≤ 4 GiB each
 *
 * A matmul whose weight sits in memory j runs the same kernels instantiated on memory j, with its
 * (small) input copied in and its output copied back (fast.ts); nothing else reads a weight memory.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";

const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, the wasm32 limit
const WASM32_BYTES = MAX_PAGES * PAGE;
/** Room each weight memory keeps beside its weights for the matmul scratch (fast.ts: inputs, outputs). */
const SCRATCH_ROOM = 64 << 20;

function newMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
}

/** Memory 0: activations, KV caches and small tensors; every weight of a model that fits. */
export const memory = newMemory();

interface Arena {
  readonly memory: WebAssembly.Memory;
  /** Next free byte; the first 64 KiB of each memory are kept for the kernels' own scratch space. */
  top: number;
}
const arenas: Arena[] = [{ memory, top: PAGE }];
/** Bytes of weights past which a model spreads over weight memories, and that each of those holds: wasm32's 4 GiB (tests lower it to force a small model across memories). */
let limit = WASM32_BYTES;
let spill = false;

/** Bytes of memory 0 handed out so far. */
export function allocatedBytes(): number {
  return arenas[0].top;
}

/** Bytes of tensors one memory holds at most (4 GiB unless a test lowered it for weight memories). */
export function memoryLimit(): number {
  return limit;
}

/**
 * Lowers (or, with undefined, restores) the bytes each memory may hold — for tests only, to run a
 * small model on the several-memory path. Memories already past the new limit keep what they hold.
 */
export function setMemoryLimitForTests(bytes: number | undefined): void {
  limit = bytes ?? WASM32_BYTES;
}

/** While on, `allocWeight` puts weight matrices into weight memories (1, 2, …) instead of memory 0. */
export function setWeightSpill(on: boolean): void {
  spill = on;
}

/** Every tensor memory, memory 0 first. */
export function tensorMemories(): readonly WebAssembly.Memory[] {
  return arenas.map((a) => a.memory);
}

/** Bytes handed out in all memories. */
export function totalAllocatedBytes(): number {
  return arenas.reduce((s, a) => s + a.top, 0);
}

function allocIn(arena: Arena, index: number, bytes: number, align: number, max = WASM32_BYTES): Uint8Array {
  if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`alloc: bad byte count ${bytes}`);
  const start = Math.ceil(arena.top / align) * align;
  const end = start + bytes;
  if (end > max) {
    // A user's choice (a model too large, a context too long), so a clear one-line error, not a bug's stack.
    throw new TongguanError(
      t("tensor.memory.outOfTensorMemory", {
        v1: (end / 2 ** 30).toFixed(2),
        index,
        v3: max === WASM32_BYTES ? "4 GiB" : t("tensor.memory.bytes", { n: max }),
      }),
    );
  }
  const have = arena.memory.buffer.byteLength;
  if (end > have) arena.memory.grow(Math.ceil((end - have) / PAGE));
  arena.top = end;
  return new Uint8Array(arena.memory.buffer, start, bytes);
}

/** A fresh, zeroed, `align`-aligned byte range of memory 0. Returns its view. */
export function alloc(bytes: number, align = 64): Uint8Array {
  return allocIn(arenas[0], 0, bytes, align);
}

/** A zeroed Float32Array of `n` elements in memory 0. */
export function allocF32(n: number): Float32Array {
  const bytes = alloc(n * 4);
  return new Float32Array(bytes.buffer, bytes.byteOffset, n);
}

/**
 * Room for a weight tensor of `bytes`: memory 0, unless weights spill (setWeightSpill) and it is a
 * `matrix` — then the last weight memory, or a new one when that is full. Vectors (norms, biases)
 * always stay in memory 0: the row ops that read them run there.
 */
export function allocWeight(bytes: number, matrix: boolean, align = 64): Uint8Array {
  if (!spill || !matrix) return alloc(bytes, align);
  const room = limit === WASM32_BYTES ? limit - SCRATCH_ROOM : limit;
  if (bytes + PAGE > room)
    throw new TongguanError(t("tensor.memory.aWeightTensorOf", { v1: (bytes / 2 ** 30).toFixed(2) }));
  let i = arenas.length - 1;
  if (i === 0 || Math.ceil(arenas[i].top / align) * align + bytes > room) {
    arenas.push({ memory: newMemory(), top: PAGE });
    i = arenas.length - 1;
  }
  return allocIn(arenas[i], i, bytes, align, room);
}

/** Scratch space in weight memory `index` (fast.ts's matmul inputs and outputs there): up to 4 GiB whatever the test limit. */
export function allocScratchIn(index: number, bytes: number): Uint8Array {
  return allocIn(arenas[index], index, bytes, 64);
}

/** Which tensor memory the bytes of `a` lie in: 0, 1, …, or −1 for none (an ordinary ArrayBuffer). */
const indexOfBuffer = new WeakMap<ArrayBufferLike, number>();
export function memoryIndexOf(a: ArrayBufferView): number {
  const buf = a.buffer;
  if (!(buf instanceof SharedArrayBuffer)) return -1;
  const known = indexOfBuffer.get(buf);
  if (known !== undefined) return known;
  // A shared memory's `buffer` is a new SharedArrayBuffer object after each grow, all over the
  // same bytes. Identity cannot tell, so flip one byte through each memory and see if `a` sees it.
  let found = -1;
  if (buf.byteLength > 0) {
    const mine = new Uint8Array(buf, 0, 1);
    for (let i = 0; i < arenas.length && found < 0; i++) {
      const theirs = new Uint8Array(arenas[i].memory.buffer, 0, 1);
      if (buf.byteLength > theirs.buffer.byteLength) continue;
      const old = theirs[0];
      theirs[0] = old ^ 0xff;
      if (mine[0] === (old ^ 0xff)) found = i;
      theirs[0] = old;
    }
  }
  indexOfBuffer.set(buf, found);
  return found;
}

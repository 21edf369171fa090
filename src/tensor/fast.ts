/**
 * matmulT — the hot path of every linear layer. It picks, per weight dtype, the WebAssembly SIMD
 * kernel (wasm/assembly/index.ts) run on the worker pool (pool.ts), or falls back to the
 * JavaScript reference when there is no kernel for the dtype or the weight is not in the shared
 * tensor memory (memory.ts).
 *
 * Activations need not be in the shared memory: x is copied into a scratch area there (it is small
 * next to the weights), and so is the result when `out` lives elsewhere.
 */
import { checkLinear, matmulTQ8Ref, rowStart } from "./matmul.ts";
import { alloc, memory } from "./memory.ts";
import { getThreads, runRows } from "./pool.ts";
import type { DType, Tensor } from "./tensor.ts";
import {
  type KernelName,
  type KernelVariant,
  type LoadedKernels,
  loadKernels,
  loadKernelVariant,
} from "./wasm/kernels.ts";

/**
 * The kernel per weight dtype (`relaxed`: its relaxed-SIMD version; `tiled`: its version for n ≥ 4
 * tokens, where that is a kernel of its own) and its activation blocks. `interleaved`: the tiled
 * kernel reads the i16 activations of each 4-token tile interleaved (interleaveTiles16) through `x`.
 */
const KERNEL_FOR: Partial<
  Record<
    DType,
    {
      name: KernelName;
      relaxed?: KernelName;
      tiled?: KernelName;
      relaxedTiled?: KernelName;
      interleaved?: true;
      act: 0 | 32 | 256;
      /** The kernels take scratch slots, one per thread (half.ts: f32 weight rows, or a scaled x). */
      rowSlots?: true;
    }
  >
> = {
  f32: { name: "matmulF32", act: 0 },
  f16: { name: "matmulF16", tiled: "matmulF16T", act: 0, rowSlots: true },
  bf16: { name: "matmulBF16", tiled: "matmulBF16T", act: 0, rowSlots: true },
  q8_0: { name: "matmulQ8_0", tiled: "matmulQ8_0T", interleaved: true, act: 32 },
  q4_0: { name: "matmulQ4_0", relaxed: "matmulQ4_0R", relaxedTiled: "matmulQ4_0TR", act: 32 },
  q5_0: { name: "matmulQ5_0", relaxed: "matmulQ5_0R", act: 32 },
  q4_K: { name: "matmulQ4_K", relaxed: "matmulQ4_KR", act: 256 },
  q6_K: { name: "matmulQ6_K", relaxed: "matmulQ6_KR", act: 256 },
};

/** Most scratch slots the f16/bf16 kernels take: their flags fill 256 bytes (half.ts). */
const ROW_SLOTS = 64;

/** True if the typed array's bytes are inside the shared tensor memory (so wasm can read them). */
const sharedBuffers = new WeakMap<ArrayBufferLike, boolean>();
let lastShared: ArrayBufferLike | undefined; // the answer for most calls, without a lookup
export function inTensorMemory(a: ArrayBufferView): boolean {
  const buf = a.buffer;
  if (buf === lastShared) return true;
  if (!(buf instanceof SharedArrayBuffer)) return false;
  const known = sharedBuffers.get(buf);
  if (known !== undefined) {
    if (known) lastShared = buf;
    return known;
  }
  // A shared memory's `buffer` is a new SharedArrayBuffer object after each grow, all over the
  // same bytes. Identity cannot tell, so flip one byte through the memory and see if `a` sees it.
  if (buf.byteLength === 0 || buf.byteLength > memory.buffer.byteLength) return false;
  const mine = new Uint8Array(buf, 0, 1);
  const theirs = new Uint8Array(memory.buffer, 0, 1);
  const old = theirs[0];
  theirs[0] = old ^ 0xff;
  const same = mine[0] === (old ^ 0xff);
  theirs[0] = old;
  sharedBuffers.set(buf, same);
  if (same) lastShared = buf;
  return same;
}

/** A Float32Array over the whole shared memory, renewed when the memory grows. */
let heap = new Float32Array(0);
function heapF32(): Float32Array {
  if (heap.byteLength !== memory.buffer.byteLength) heap = new Float32Array(memory.buffer);
  return heap;
}

/** Scratch areas in the shared memory, grown (never shrunk) as needed. */
const scratch = new Map<string, { ptr: number; bytes: number }>();
function scratchPtr(name: string, bytes: number): number {
  const s = scratch.get(name);
  if (s && s.bytes >= bytes) return s.ptr;
  const size = Math.max(bytes, (s?.bytes ?? 0) * 2, 4096);
  const view = alloc(size, 64);
  scratch.set(name, { ptr: view.byteOffset, bytes: size });
  return view.byteOffset;
}

/** Which path matmulT takes for `w`: "wasm" (plain SIMD), "wasm-relaxed" or "js" (the reference). */
export function matmulTPath(w: Tensor): "wasm" | "wasm-relaxed" | "js" {
  const spec = KERNEL_FOR[w.dtype];
  const lib = loadKernels();
  if (!spec || !lib || !inTensorMemory(w.data)) return "js";
  return spec.relaxed && lib.variant === "relaxed" ? "wasm-relaxed" : "wasm";
}

/**
 * out(n, rows) = x(n, k) · Wᵀ for W [rows, k] of any dtype: the fast path. For quantized W the
 * activations are quantized to 8 bits per block first, as llama.cpp does (see quant/activations.ts);
 * matmulTQ8Ref is its reference. f32/f16/bf16 weights: plain float math, as matmulTRef.
 */
export function matmulT(out: Float32Array, x: Float32Array, n: number, w: Tensor): void {
  runMatmulT(loadKernels(), true, out, x, n, w);
}

/**
 * matmulT on one named build of the kernels, on the main thread only — to test or compare the
 * relaxed-SIMD and plain-SIMD kernels side by side. Throws if this runtime cannot load that build.
 */
export function matmulTVariant(
  variant: KernelVariant,
  out: Float32Array,
  x: Float32Array,
  n: number,
  w: Tensor,
): void {
  const lib = loadKernelVariant(variant);
  if (!lib) throw new Error(`the ${variant} wasm kernels do not load in this runtime`);
  runMatmulT(lib, false, out, x, n, w);
}

const args = { out: 0, x: 0, n: 0, w: 0, k: 0, rows: 0, xs: 0, xq: 0, xsum: 0, xt: 0 };
const quantizeArgs = { out: 0, x: 0, n: 0, w: 0, k: 0, rows: 0, xs: 0, xq: 0, xsum: 0 };

function runMatmulT(
  lib: LoadedKernels | null,
  parallel: boolean,
  out: Float32Array,
  x: Float32Array,
  n: number,
  w: Tensor,
): void {
  checkLinear(out, x, n, w);
  const rows = w.shape[0];
  const k = w.shape[1];
  const spec = KERNEL_FOR[w.dtype];
  if (!spec || !lib || !inTensorMemory(w.data)) {
    matmulTQ8Ref(out, x, n, w);
    return;
  }
  if (n === 0 || rows === 0) return;
  const kernels = lib.kernels;
  const unit = w.data instanceof Uint8Array ? 1 : w.data.BYTES_PER_ELEMENT;
  const wPtr = w.data.byteOffset + (w.offset === 0 ? 0 : rowStart(w, 0) * unit);

  let xPtr: number;
  if (inTensorMemory(x)) xPtr = x.byteOffset;
  else {
    xPtr = scratchPtr("x", n * k * 4);
    heapF32().set(x.length === n * k ? x : x.subarray(0, n * k), xPtr >> 2);
  }
  const outShared = inTensorMemory(out);
  const outPtr = outShared ? out.byteOffset : scratchPtr("out", n * rows * 4);

  let xs = 0;
  let xq = 0;
  let xsum = 0;
  let xt = 0;
  let name = spec.tiled && n >= 4 ? spec.tiled : spec.name;
  if (spec.rowSlots) {
    // f16/bf16: 64 slot flags, then a slot per thread that holds ≥ 4 rows (~32 KB) of f32 weights
    // at prefill, or the f16 decode's scaled copy of x (n < 4 tokens: < 16·k bytes).
    const slots = Math.min(ROW_SLOTS, getThreads());
    xq = slots;
    xsum = Math.ceil(Math.max(32768, 16 * k) / 64) * 64;
    xs = scratchPtr("rows", ROW_SLOTS * 4 + slots * xsum);
    heapF32().fill(0, xs >> 2, (xs >> 2) + ROW_SLOTS); // all free, even after a call that trapped
  }
  if (spec.act !== 0) {
    if (k % spec.act !== 0)
      throw new RangeError(`matmulT: k = ${k} is not a whole number of ${w.dtype} blocks`);
    // 8-bit activations: block scales, the values as i16 and as i8, and their sums per 16.
    xs = scratchPtr("xs", ((n * k) / 32) * 4);
    xq = scratchPtr("xq", n * k * 2);
    const xq8 = scratchPtr("xq8", n * k);
    xsum = scratchPtr("xsum", ((n * k) / 16) * 4);
    // Tokens split across the threads for a prompt (the rows of x came from several cores).
    const quantizeParallel = parallel && n >= 8;
    const quantizer = spec.act === 32 ? "quantizeX32Job" : "quantizeXKJob";
    if (quantizeParallel) {
      const q = quantizeArgs;
      q.out = xPtr;
      q.x = xq8;
      q.n = k;
      q.w = xs;
      q.k = xq;
      q.rows = n;
      q.xs = xsum;
      runRows(quantizer, q, n * k * 8);
    }
    if (spec.act === 32) {
      if (!quantizeParallel) kernels.quantizeX32(xPtr, n * k, xs, xq, xq8, xsum);
      if (n >= 4) {
        // For the prefill tiles: each 4-token tile's block scales and sums side by side.
        xt = scratchPtr("xt", (n >> 2) * (k / 32) * 32);
        kernels.tileActs32(n, k, xs, xsum, xt);
        if (spec.interleaved) {
          xPtr = scratchPtr("xi", (n >> 2) * 4 * k * 2);
          kernels.interleaveTiles16(n, k, xq, xPtr);
        }
      }
    } else if (!quantizeParallel) kernels.quantizeXK(xPtr, n * k, xs, xq, xq8, xsum);
    if (spec.relaxed && lib.variant === "relaxed") {
      name = spec.relaxedTiled && n >= 4 ? spec.relaxedTiled : spec.relaxed;
      xPtr = xq8; // the relaxed kernels read the i8 activations through `x`
    }
  }
  if (parallel) {
    const a = args; // one object for every call: nothing is allocated per matmul
    a.out = outPtr;
    a.x = xPtr;
    a.n = n;
    a.w = wPtr;
    a.k = k;
    a.rows = rows;
    a.xs = xs;
    a.xq = xq;
    a.xsum = xsum;
    a.xt = xt;
    runRows(name, a, n * rows * k);
  } else kernels[name](outPtr, xPtr, n, wPtr, k, rows, 0, rows, xs, xq, xsum, xt);
  if (!outShared) {
    const h = heapF32();
    out.set(h.subarray(outPtr >> 2, (outPtr >> 2) + n * rows));
  }
}

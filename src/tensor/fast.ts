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
import { alloc, allocScratchIn, memoryIndexOf, tensorMemories } from "./memory.ts";
import { getThreads, runRows } from "./pool.ts";
import { BLOCK_FORMATS, bytesPerRow } from "./quant/blocks.ts";
import { ensurePacked, layoutRuns, type PackedType, type PackState, packEpoch } from "./repack.ts";
import type { DType, Tensor } from "./tensor.ts";
import {
  type KernelName,
  type KernelVariant,
  kernelsOn,
  type LoadedKernels,
  loadKernels,
  loadKernelVariant,
} from "./wasm/kernels.ts";

/**
 * The kernel per weight dtype (`relaxed`: its relaxed-SIMD version; `tiled`: its version for n ≥ 4
 * tokens, where that is a kernel of its own) and its activation blocks. `interleaved`: the tiled
 * kernel reads the i16 activations of each 4-token tile interleaved (interleaveTiles16) through `x`.
 * `packed`: the kernels of the packed layout (repack.ts), which the weight is converted to in place
 * on its first matmul where its rows are whole groups; q5_K is always packed (`packedOnly`).
 */
interface KernelSpec {
  name: KernelName;
  relaxed?: KernelName;
  tiled?: KernelName;
  relaxedTiled?: KernelName;
  interleaved?: true;
  /**
   * The relaxed kernel reads 8-token tiles of i8 activations through `xq`: interleaveTiles8, or
   * for K-quants interleaveTilesK8 with sums per this many values.
   */
  tiles8?: true | 16 | 32;
  act: 0 | 32 | 256;
  /** The kernels take scratch slots, one per thread (half.ts: f32 weight rows, or a scaled x). */
  rowSlots?: true;
  packed?: KernelSpec;
  packedOnly?: true;
}
const KERNEL_FOR: Partial<Record<DType, KernelSpec>> = {
  f32: { name: "matmulF32", act: 0 },
  f16: { name: "matmulF16", tiled: "matmulF16T", act: 0, rowSlots: true },
  bf16: { name: "matmulBF16", tiled: "matmulBF16T", act: 0, rowSlots: true },
  q8_0: { name: "matmulQ8_0", tiled: "matmulQ8_0T", interleaved: true, act: 32 },
  q4_0: { name: "matmulQ4_0", relaxed: "matmulQ4_0R", relaxedTiled: "matmulQ4_0TR", tiles8: true, act: 32 },
  q5_0: {
    name: "matmulQ5_0",
    relaxed: "matmulQ5_0R",
    relaxedTiled: "matmulQ5_0TR",
    act: 32,
    packed: { name: "matmulQ5_0P", relaxed: "matmulQ5_0PR", relaxedTiled: "matmulQ5_0PTR", act: 32 },
  },
  q4_1: { name: "matmulQ4_1", relaxed: "matmulQ4_1R", relaxedTiled: "matmulQ4_1TR", tiles8: true, act: 32 },
  q5_1: {
    name: "matmulQ5_1",
    relaxed: "matmulQ5_1R",
    relaxedTiled: "matmulQ5_1TR",
    act: 32,
    packed: { name: "matmulQ5_1P", relaxed: "matmulQ5_1PR", relaxedTiled: "matmulQ5_1PTR", act: 32 },
  },
  q4_K: { name: "matmulQ4_K", relaxed: "matmulQ4_KR", tiles8: 32, act: 256 },
  q5_K: { name: "matmulQ5_K", relaxed: "matmulQ5_KR", act: 256, packedOnly: true },
  q6_K: { name: "matmulQ6_K", relaxed: "matmulQ6_KR", tiles8: 16, act: 256 },
};

/** Bytes per super-block of a K-quant 8-token tile (wasm/assembly/tile8.ts: 8 × 256 values, 8 scales, i16 sums per 32 or 16). */
const TILEK8_BYTES = { 32: 8 * 256 + 32 + 128, 16: 8 * 256 + 32 + 256 };

/** Most scratch slots the f16/bf16 kernels take: their flags fill 256 bytes (half.ts). */
const ROW_SLOTS = 64;

/** True if the typed array's bytes are inside memory 0, the tensor memory of activations (so wasm can read them). */
let lastShared: ArrayBufferLike | undefined; // the answer for most calls, without a lookup
export function inTensorMemory(a: ArrayBufferView): boolean {
  const buf = a.buffer;
  if (buf === lastShared) return true;
  const same = memoryIndexOf(a) === 0;
  if (same) lastShared = buf;
  return same;
}

/**
 * What matmulT needs in one tensor memory: the kernels instantiated on it, a Float32Array over it
 * (renewed when the memory grows), and scratch areas there, grown (never shrunk) as needed.
 */
interface Place {
  readonly index: number;
  readonly memory: WebAssembly.Memory;
  readonly lib: LoadedKernels;
  readonly scratch: Map<string, { ptr: number; bytes: number }>;
  heap: Float32Array;
}
const places = new Map<WebAssembly.Module, Place[]>();
/** `lib`'s kernels on tensor memory `index` (memory 0: `lib` itself). */
function placeOf(lib: LoadedKernels, index: number): Place {
  let list = places.get(lib.module);
  if (!list) {
    list = [];
    places.set(lib.module, list);
  }
  let p = list[index];
  if (!p) {
    const mem = tensorMemories()[index];
    p = {
      index,
      memory: mem,
      lib: { ...lib, kernels: kernelsOn(lib, index) },
      scratch: new Map(),
      heap: new Float32Array(0),
    };
    list[index] = p;
  }
  return p;
}

function heapF32(p: Place): Float32Array {
  if (p.heap.byteLength !== p.memory.buffer.byteLength) p.heap = new Float32Array(p.memory.buffer);
  return p.heap;
}

function scratchPtr(p: Place, name: string, bytes: number): number {
  const s = p.scratch.get(name);
  if (s && s.bytes >= bytes) return s.ptr;
  const size = Math.max(bytes, (s?.bytes ?? 0) * 2, 4096);
  const view = p.index === 0 ? alloc(size, 64) : allocScratchIn(p.index, size);
  p.scratch.set(name, { ptr: view.byteOffset, bytes: size });
  return view.byteOffset;
}

/** Which path matmulT takes for `w`: "wasm" (plain SIMD), "wasm-relaxed" or "js" (the reference). */
export function matmulTPath(w: Tensor): "wasm" | "wasm-relaxed" | "js" {
  const spec = KERNEL_FOR[w.dtype];
  const lib = loadKernels();
  if (!spec || !lib || memoryIndexOf(w.data) < 0) return "js";
  return spec.relaxed && lib.variant === "relaxed" ? "wasm-relaxed" : "wasm";
}

/**
 * out(n, rows) = x(n, k) · Wᵀ for W [rows, k] of any dtype: the fast path. For quantized W the
 * activations are quantized to 8 bits per block first, as llama.cpp does (see quant/activation-quant.ts);
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

const PACKERS = {
  q5_0: ["packQ5_0", "packQ5_0Job"],
  q5_1: ["packQ5_1", "packQ5_1Job"],
  q5_K: ["packQ5_K", "packQ5_KJob"],
} as const;
const packArgs = { out: 0, x: 0, n: 0, w: 0, k: 0, rows: 0, xs: 0, xq: 0, xsum: 0 };
/** packedState's answer per weight tensor (a view: views of one storage may differ), valid while packEpoch() stays the same. */
const packedSeen = new WeakMap<Tensor, { ptr: number; bytes: number; epoch: number; state: PackState }>();

/**
 * The layout of a 5-bit weight's bytes for its kernels: "packed" (converted in place now if they were
 * not: repack.ts) where its rows are whole groups of 4 blocks (q5_K: always); "ggml" (q5_0/q5_1
 * rows that are not, read by ggml-layout kernels); "mixed" (a view that cuts packed groups: read by
 * the reference path).
 */
function packedState(
  p: Place,
  parallel: boolean,
  w: Tensor,
  wPtr: number,
  rows: number,
  k: number,
): PackState {
  const type = w.dtype as PackedType;
  const bytes = rows * bytesPerRow(type, k);
  const seen = packedSeen.get(w);
  if (seen && seen.ptr === wPtr && seen.bytes === bytes && seen.epoch === packEpoch()) return seen.state;
  let state: PackState;
  if (type !== "q5_K" && k % 128 !== 0) {
    state = "ggml";
    layoutRuns(
      w.data,
      wPtr - w.data.byteOffset,
      bytes,
      type,
      BLOCK_FORMATS[type].blockBytes,
      (_o, _n, origin) => {
        if (origin !== undefined) state = "mixed";
      },
    );
  } else {
    const [packer, job] = PACKERS[type];
    state = ensurePacked(p.index, wPtr, bytes, type, (at, units) => {
      if (!parallel) p.lib.kernels[packer](at, units);
      else {
        packArgs.out = at; // the pool splits the units across its threads, as rows
        packArgs.rows = units;
        runRows(job, packArgs, units * 256, p.index);
      }
    });
  }
  packedSeen.set(w, { ptr: wPtr, bytes, epoch: packEpoch(), state });
  return state;
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
  let spec = KERNEL_FOR[w.dtype];
  // The weight's memory decides where the work happens: memory 0 (activations live there too) or a
  // weight memory of a model spread over several (memory.ts), whose own kernels instance then reads
  // a copy of x and writes a copy of out there.
  const where = spec && lib ? (inTensorMemory(w.data) ? 0 : memoryIndexOf(w.data)) : -1;
  if (!spec || !lib || where < 0) {
    matmulTQ8Ref(out, x, n, w);
    return;
  }
  if (n === 0 || rows === 0) return;
  const p = placeOf(lib, where);
  const kernels = p.lib.kernels;
  const unit = w.data instanceof Uint8Array ? 1 : w.data.BYTES_PER_ELEMENT;
  const wPtr = w.data.byteOffset + (w.offset === 0 ? 0 : rowStart(w, 0) * unit);
  if (spec.packed || spec.packedOnly) {
    const state = packedState(p, parallel, w, wPtr, rows, k);
    if (state === "packed") spec = spec.packed ?? spec;
    else if (state === "mixed" || spec.packedOnly) {
      matmulTQ8Ref(out, x, n, w);
      return;
    }
  }

  let xPtr: number;
  if (where === 0 && inTensorMemory(x)) xPtr = x.byteOffset;
  else {
    xPtr = scratchPtr(p, "x", n * k * 4);
    heapF32(p).set(x.length === n * k ? x : x.subarray(0, n * k), xPtr >>> 2);
  }
  const outShared = where === 0 && inTensorMemory(out);
  const outPtr = outShared ? out.byteOffset : scratchPtr(p, "out", n * rows * 4);

  let xs = 0;
  let xq = 0;
  let xsum = 0;
  let xt = 0;
  let name = spec.tiled && n >= 4 ? spec.tiled : spec.name;
  if (w.dtype === "f16" && n === 1) {
    // One token: x · 2^64 made once here (half.ts, dotF16, says why), not by each chunk's kernel call.
    const scaled = scratchPtr(p, "xf16", k * 4);
    kernels.scaleXForF16(scaled, xPtr, k);
    xPtr = scaled;
    name = "matmulF16X";
  } else if (spec.rowSlots) {
    // f16/bf16: 64 slot flags, then a slot per thread that holds ≥ 4 rows (~32 KB) of f32 weights
    // at prefill, or the f16 decode's scaled copy of x (n < 4 tokens: < 16·k bytes).
    const slots = Math.min(ROW_SLOTS, getThreads());
    xq = slots;
    xsum = Math.ceil(Math.max(32768, 16 * k) / 64) * 64;
    xs = scratchPtr(p, "rows", ROW_SLOTS * 4 + slots * xsum);
    heapF32(p).fill(0, xs >>> 2, (xs >>> 2) + ROW_SLOTS); // all free, even after a call that trapped
  }
  if (spec.act !== 0) {
    if (k % spec.act !== 0)
      throw new RangeError(`matmulT: k = ${k} is not a whole number of ${w.dtype} blocks`);
    // 8-bit activations: block scales, the values as i16 and as i8, and their sums per 16.
    xs = scratchPtr(p, "xs", ((n * k) / 32) * 4);
    xq = scratchPtr(p, "xq", n * k * 2);
    const xq8 = scratchPtr(p, "xq8", n * k);
    xsum = scratchPtr(p, "xsum", ((n * k) / 16) * 4);
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
      runRows(quantizer, q, n * k * 8, where);
    }
    if (spec.act === 32) {
      if (!quantizeParallel) kernels.quantizeX32(xPtr, n * k, xs, xq, xq8, xsum);
      if (n >= 4) {
        // For the prefill tiles: each 4-token tile's block scales and sums side by side.
        xt = scratchPtr(p, "xt", (n >> 2) * (k / 32) * 32);
        kernels.tileActs32(n, k, xs, xsum, xt);
        if (spec.interleaved) {
          xPtr = scratchPtr(p, "xi", (n >> 2) * 4 * k * 2);
          kernels.interleaveTiles16(n, k, xq, xPtr);
        }
      }
    } else if (!quantizeParallel) kernels.quantizeXK(xPtr, n * k, xs, xq, xq8, xsum);
    if (spec.relaxed && lib.variant === "relaxed") {
      name = spec.relaxedTiled && n >= 4 ? spec.relaxedTiled : spec.relaxed;
      xPtr = xq8; // the relaxed kernels read the i8 activations through `x`
      if (spec.tiles8 && n >= 8) {
        // Their 8-token tiles: activations, scales and sums block by block, through `xq`.
        if (spec.act === 32) {
          xq = scratchPtr(p, "xi8", (n >> 3) * (k / 32) * 320);
          kernels.interleaveTiles8(n, k, xs, xq8, xsum, xq);
        } else {
          const group = spec.tiles8 === 16 ? 16 : 32;
          xq = scratchPtr(p, "xi8", (n >> 3) * (k / 256) * TILEK8_BYTES[group]);
          kernels.interleaveTilesK8(n, k, xs, xq8, xsum, xq, group);
        }
      }
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
    runRows(name, a, n * rows * k, where);
  } else kernels[name](outPtr, xPtr, n, wPtr, k, rows, 0, rows, xs, xq, xsum, xt);
  if (!outShared) {
    const h = heapF32(p);
    out.set(h.subarray(outPtr >>> 2, (outPtr >>> 2) + n * rows));
  }
}

/**
 * Loads the committed WebAssembly kernels on the shared tensor memory. Two builds of
 * assembly/ (`npm run build:wasm`):
 *
 *   kernels-relaxed.wasm  uses relaxed SIMD's 8-bit dot product for the 4/5/6-bit weights
 *                         (Node 20 needs V8's --experimental-wasm-relaxed-simd, set here before
 *                         compiling; later Node versions have it on by default)
 *   kernels.wasm          plain SIMD (128-bit, WebAssembly 2.0) — the fallback
 *
 * The module is compiled once; the worker pool instantiates the same compiled module in each thread.
 * TONGGUAN_WASM_SIMD=plain forces the fallback (to compare the two).
 */
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { memory, tensorMemories } from "../memory.ts";

/** The kernels the pool can run; all take (out, x, n, w, k, rows, r0, r1, xs, xq, xsum, xt) — the quantizer jobs name theirs differently (assembly/index.ts). */
export const KERNEL_NAMES = [
  "matmulF32",
  "matmulF16",
  "matmulF16T",
  "matmulBF16",
  "matmulBF16T",
  "matmulQ8_0",
  "matmulQ8_0T",
  "matmulQ4_0",
  "matmulQ5_0",
  "matmulQ4_K",
  "matmulQ6_K",
  "matmulQ4_0R",
  "matmulQ4_0TR",
  "matmulQ5_0R",
  "matmulQ4_KR",
  "matmulQ6_KR",
  "streamRows",
  "quantizeX32Job",
  "quantizeXKJob",
] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

export type MatmulKernel = (
  out: number,
  x: number,
  n: number,
  w: number,
  k: number,
  rows: number,
  r0: number,
  r1: number,
  xs: number,
  xq: number,
  xsum: number,
  xt: number,
) => void;

export interface Kernels extends Record<KernelName, MatmulKernel> {
  quantizeX32(x: number, count: number, xs: number, xq: number, xq8: number, xsum: number): void;
  quantizeXK(x: number, count: number, xs: number, xq: number, xq8: number, xsum: number): void;
  tileActs32(n: number, k: number, xs: number, xsum: number, xt: number): void;
  interleaveTiles16(n: number, k: number, xq: number, xi: number): void;
}

export type KernelVariant = "relaxed" | "plain";

export interface LoadedKernels {
  variant: KernelVariant;
  module: WebAssembly.Module;
  /** The main thread's instance. */
  kernels: Kernels;
}

const cache = new Map<KernelVariant, LoadedKernels | null>();

/** One build of the kernels, or null if this runtime cannot compile it. */
export function loadKernelVariant(variant: KernelVariant): LoadedKernels | null {
  if (cache.has(variant)) return cache.get(variant)!;
  let result: LoadedKernels | null = null;
  try {
    if (variant === "relaxed") setFlagsFromString("--experimental-wasm-relaxed-simd");
    const file = variant === "relaxed" ? "./kernels-relaxed.wasm" : "./kernels.wasm";
    const module = new WebAssembly.Module(readFileSync(new URL(file, import.meta.url)));
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    result = { variant, module, kernels: instance.exports as unknown as Kernels };
  } catch {
    result = null;
  }
  cache.set(variant, result);
  return result;
}

let chosen: LoadedKernels | null | undefined;

/** The kernels matmulT uses: relaxed SIMD if available, else plain SIMD, else null (JavaScript path). */
export function loadKernels(): LoadedKernels | null {
  if (chosen !== undefined) return chosen;
  const forced = process.env.TONGGUAN_WASM_SIMD;
  chosen =
    forced === "plain"
      ? loadKernelVariant("plain")
      : (loadKernelVariant("relaxed") ?? loadKernelVariant("plain"));
  return chosen;
}

const onMemory = new Map<WebAssembly.Module, Kernels[]>();
/** `lib`'s kernels instantiated on tensor memory `memoryId` (0: `lib.kernels` itself), once per thread. */
export function kernelsOn(lib: LoadedKernels, memoryId: number): Kernels {
  if (memoryId === 0) return lib.kernels;
  let list = onMemory.get(lib.module);
  if (!list) {
    list = [];
    onMemory.set(lib.module, list);
  }
  list[memoryId] ??= new WebAssembly.Instance(lib.module, { env: { memory: tensorMemories()[memoryId] } })
    .exports as unknown as Kernels;
  return list[memoryId];
}

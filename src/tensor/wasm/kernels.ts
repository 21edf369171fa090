/**
 * The one loader of tongguan's WebAssembly: every module is built from assembly/ by
 * `npm run build:wasm` (scripts/build-wasm.mjs) into this folder and committed.
 *
 *   kernels-relaxed.wasm  the matmul kernels with relaxed SIMD's 8-bit dot product for the 4/5/6-bit
 *                         weights (Node 20 needs V8's --experimental-wasm-relaxed-simd, set here before
 *                         compiling; later Node versions have it on by default)
 *   kernels.wasm          the matmul kernels in plain SIMD (128-bit, WebAssembly 2.0) — the fallback
 *   attention.wasm, activations.wasm, rows.wasm   the row ops behind fast-ops.ts and attention.ts
 *   word2vec.wasm         Word2Vec's training loop (src/embeddings/word2vec, on a memory of its own)
 *
 * A module is compiled once; the worker pool instantiates the same compiled module in each thread.
 * Its bytes come from this folder on disk in Node, and from `initWasm` elsewhere (wasm-source.ts).
 * TONGGUAN_WASM_SIMD=plain forces the plain-SIMD matmul kernels (to compare the two).
 */
import { memory, tensorMemories } from "../memory.ts";
import { envVar, nodeBuiltin } from "../node-builtins.ts";
import { wasmModule } from "./wasm-source.ts";

/** The kernels the pool can run; all take (out, x, n, w, k, rows, r0, r1, xs, xq, xsum, xt) — the quantizer jobs name theirs differently (assembly/index.ts). */
export const KERNEL_NAMES = [
  "matmulF32",
  "matmulF16",
  "matmulF16X",
  "matmulF16T",
  "matmulBF16",
  "matmulBF16T",
  "matmulQ8_0",
  "matmulQ8_0T",
  "matmulQ4_0",
  "matmulQ5_0",
  "matmulQ5_0P",
  "matmulQ4_1",
  "matmulQ5_1",
  "matmulQ5_1P",
  "matmulQ4_K",
  "matmulQ5_K",
  "matmulQ6_K",
  "matmulQ4_0R",
  "matmulQ4_0TR",
  "matmulQ5_0R",
  "matmulQ5_0TR",
  "matmulQ5_0PR",
  "matmulQ5_0PTR",
  "matmulQ4_1R",
  "matmulQ4_1TR",
  "matmulQ5_1R",
  "matmulQ5_1TR",
  "matmulQ5_1PR",
  "matmulQ5_1PTR",
  "matmulQ4_KR",
  "matmulQ5_KR",
  "matmulQ6_KR",
  "streamRows",
  "quantizeX32Job",
  "quantizeXKJob",
  "packQ5_0Job",
  "packQ5_1Job",
  "packQ5_KJob",
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
  scaleXForF16(dst: number, src: number, count: number): void;
  /** The relaxed build only (these two). */
  interleaveTiles8(n: number, k: number, xs: number, xq8: number, xsum: number, xi: number): void;
  interleaveTilesK8(
    n: number,
    k: number,
    xs: number,
    xq8: number,
    xsum: number,
    xi: number,
    group: number,
  ): void;
  /** In-place packers of the 5-bit types (assembly/packed-q5.ts): `units` groups of 4 blocks, or q5_K super-blocks. */
  packQ5_0(w: number, units: number): void;
  packQ5_1(w: number, units: number): void;
  packQ5_K(w: number, units: number): void;
}

export type KernelVariant = "relaxed" | "plain";

export interface LoadedKernels {
  variant: KernelVariant;
  module: WebAssembly.Module;
  /** The main thread's instance. */
  kernels: Kernels;
}

const compiled = new Map<string, WebAssembly.Module | null>();

/** `file` of this folder compiled once, or null where this runtime cannot compile it (no SIMD). */
export function compileWasm(file: string): WebAssembly.Module | null {
  let module = compiled.get(file);
  if (module !== undefined) return module;
  module = wasmModule(file) ?? null;
  compiled.set(file, module);
  return module;
}

const instances = new Map<string, { module: WebAssembly.Module; exports: Record<string, unknown> } | null>();

/**
 * Module `name` (attention, activations, rows) instantiated on the shared tensor memory, where it reads
 * and writes the same Float32Arrays as the rest of the model (it holds no data of its own); null
 * where this runtime cannot compile it.
 */
export function loadWasm(
  name: string,
): { module: WebAssembly.Module; exports: Record<string, unknown> } | null {
  let m = instances.get(name);
  if (m !== undefined) return m;
  const module = compileWasm(`${name}.wasm`);
  m = null;
  if (module) {
    try {
      m = { module, exports: new WebAssembly.Instance(module, { env: { memory } }).exports };
    } catch {
      m = null;
    }
  }
  instances.set(name, m);
  return m;
}

const cache = new Map<KernelVariant, LoadedKernels | null>();

/** One build of the matmul kernels, or null if this runtime cannot compile it. */
export function loadKernelVariant(variant: KernelVariant): LoadedKernels | null {
  if (cache.has(variant)) return cache.get(variant)!;
  if (variant === "relaxed") nodeBuiltin("node:v8")?.setFlagsFromString("--experimental-wasm-relaxed-simd");
  const m = loadWasm(variant === "relaxed" ? "kernels-relaxed" : "kernels");
  const result = m ? { variant, module: m.module, kernels: m.exports as unknown as Kernels } : null;
  cache.set(variant, result);
  return result;
}

let chosen: LoadedKernels | null | undefined;

/** The kernels matmulT uses: relaxed SIMD if available, else plain SIMD, else null (JavaScript path). */
export function loadKernels(): LoadedKernels | null {
  if (chosen !== undefined) return chosen;
  const forced = envVar("TONGGUAN_WASM_SIMD");
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

/**
 * Where the WebAssembly modules come from. In Node: this folder on disk, read when first needed.
 * Elsewhere (a browser, a worker) there is no disk: `initWasm` fetches and compiles them first —
 * from a URL (the folder the bundle copied them to) or from bytes the bundler inlined — and the
 * loader (kernels.ts) then finds them compiled.
 *
 *   await initWasm(new URL("./wasm/", import.meta.url));                 // fetch ./wasm/kernels.wasm, …
 *   await initWasm((file) => fetch(`/static/${file}`).then((r) => r.arrayBuffer()));
 */
import { nodeBuiltin } from "../node-builtins.ts";

/** The modules the tensor kernels and nn row ops load (word2vec.wasm is the trainer's, Node-only). */
export const WASM_FILES = [
  "kernels-relaxed.wasm",
  "kernels.wasm",
  "attention.wasm",
  "activations.wasm",
  "rows.wasm",
] as const;

export type WasmFetcher = (file: string) => Promise<ArrayBuffer | Uint8Array>;

/** Modules compiled by initWasm; null: given, but this runtime cannot compile it (no relaxed SIMD). */
const given = new Map<string, WebAssembly.Module | null>();

/**
 * Fetches and compiles every module of WASM_FILES (asynchronously: browsers refuse to compile
 * large modules synchronously on the main thread). Call it before building a model outside Node.
 */
export async function initWasm(source: string | URL | WasmFetcher): Promise<void> {
  const fetchBytes: WasmFetcher =
    typeof source === "function"
      ? source
      : async (file) => {
          const url = new URL(file, source);
          const res = await fetch(url);
          if (!res.ok) throw new Error(`initWasm: ${url} answered ${res.status}`);
          return res.arrayBuffer();
        };
  await Promise.all(
    WASM_FILES.map(async (file) => {
      const bytes = await fetchBytes(file);
      try {
        given.set(file, await WebAssembly.compile(bytes));
      } catch {
        given.set(file, null);
      }
    }),
  );
}

/** The compiled module `file` of this folder; undefined where it cannot be had or compiled. */
export function wasmModule(file: string): WebAssembly.Module | undefined {
  if (given.has(file)) return given.get(file) ?? undefined;
  const fs = nodeBuiltin("node:fs");
  if (!fs) return undefined;
  try {
    return new WebAssembly.Module(fs.readFileSync(new URL(`./${file}`, import.meta.url)));
  } catch {
    return undefined;
  }
}

/**
 * Loads the small WebAssembly modules of src/nn/wasm (attention and activation loops, built by
 * `npm run build:wasm:nn` from the .as.ts sources beside them) on the shared tensor memory, so they
 * read and write the same Float32Arrays as the rest of the model. They hold no data of their own.
 */
import { readFileSync } from "node:fs";
import { memory } from "../tensor/index.ts";

const loaded = new Map<string, unknown>();

/** The exports of src/nn/wasm/`name`.wasm, or null where this runtime cannot compile it (no SIMD). */
export function loadNnWasm<T>(name: string): T | null {
  if (loaded.has(name)) return loaded.get(name) as T | null;
  let exports: T | null = null;
  try {
    const module = new WebAssembly.Module(readFileSync(new URL(`./wasm/${name}.wasm`, import.meta.url)));
    exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as T;
  } catch {
    exports = null;
  }
  loaded.set(name, exports);
  return exports;
}

/**
 * The row ops of wasm/rows.as.ts (a linear layer's bias add, LayerNorm) as 128-bit SIMD, for arrays
 * in the shared tensor memory — GPT-2 and BERT run them on every row between their matmuls, and as
 * plain JavaScript loops they took ~20 % of a GPT-2 prefill on 2 threads. A model's parameters are
 * there already (nn/ops.ts toF32); callers keep a JavaScript path for arrays elsewhere (and for
 * runtimes without SIMD).
 */
import { inTensorMemory } from "../tensor/index.ts";
import { loadNnWasm } from "./wasm-modules.ts";

interface RowsWasm {
  addBias(y: number, b: number, rows: number, cols: number): void;
  layerNorm(out: number, x: number, rows: number, dim: number, w: number, b: number, eps: number): void;
}

/** The SIMD row ops when they load and every array lives in the shared tensor memory; else null. */
export function rowsWasm(...arrays: Float32Array[]): RowsWasm | null {
  const w = loadNnWasm<RowsWasm>("rows");
  return w && arrays.every(inTensorMemory) ? w : null;
}

/**
 * The row ops of wasm/rows.as.ts (a linear layer's bias add, LayerNorm, the residual add) as 128-bit
 * SIMD, for arrays in the shared tensor memory — GPT-2 and BERT run them on every row between their
 * matmuls, and as plain JavaScript loops they took ~20 % of a GPT-2 prefill on 2 threads. Rows are
 * split across the worker pool's threads (wasm-modules.ts runRowJob): the matmul before them left
 * its output spread over the cores, and one thread alone would first have to pull all of it over.
 * A model's parameters are in the tensor memory already (nn/ops.ts toF32); callers keep a
 * JavaScript path for arrays elsewhere (and for runtimes without SIMD).
 */
import { inTensorMemory } from "../tensor/index.ts";
import { loadNnWasm, runRowJob } from "./wasm-modules.ts";

interface RowsWasm {
  /** y (rows, cols) += b (cols) on every row. */
  addBias(y: number, b: number, rows: number, cols: number): void;
  layerNorm(out: number, x: number, rows: number, dim: number, w: number, b: number, eps: number): void;
  /** x += y over `count` values. */
  add(x: number, y: number, count: number): void;
}

/** Work per value for the pool's "does a second thread pay" test (a value here costs about as much as 8 multiply-adds). */
const WORK = 8;
/** The residual add is one long row: cut into rows of this many values for the pool. */
const ADD_ROW = 1024;
const epsBits = new Int32Array(1);
const epsF32 = new Float32Array(epsBits.buffer);

const pooled: RowsWasm = {
  addBias(y, b, rows, cols) {
    runRowJob("rows", "addBiasJob", rows, rows * cols * WORK, y, b, cols);
  },
  layerNorm(out, x, rows, dim, w, b, eps) {
    epsF32[0] = eps;
    runRowJob("rows", "layerNormJob", rows, rows * dim * WORK, out, x, dim, w, b, epsBits[0]);
  },
  add(x, y, count) {
    const rows = Math.floor(count / ADD_ROW);
    if (rows > 0) runRowJob("rows", "addRowsJob", rows, rows * ADD_ROW * WORK, x, y, ADD_ROW);
    const done = rows * ADD_ROW;
    if (done < count)
      loadNnWasm<{ addRows(x: number, y: number, rows: number, cols: number): void }>("rows")!.addRows(
        x + done * 4,
        y + done * 4,
        1,
        count - done,
      );
  },
};

/** The SIMD row ops when they load and every array lives in the shared tensor memory; else null. */
export function rowsWasm(...arrays: Float32Array[]): RowsWasm | null {
  return loadNnWasm("rows") && arrays.every(inTensorMemory) ? pooled : null;
}

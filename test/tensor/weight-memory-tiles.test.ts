/**
 * A model past wasm32's 4 GiB keeps its weight matrices in extra tensor memories (memory.ts); a
 * matmul on such a weight runs the same kernels instantiated on that memory, with its activations
 * quantized and tiled there (fast.ts). So the prefill tiles must give bit-identical results whether
 * a weight lies in memory 0 or in a weight memory, on both builds' paths and 1 or 2 threads.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { bytesPerRow } from "../../src/tensor/dtypes.ts";
import { matmulT, matmulTPath } from "../../src/tensor/fast.ts";
import { matmulTQ8Ref } from "../../src/tensor/matmul.ts";
import { allocWeight, memoryIndexOf, setWeightSpill } from "../../src/tensor/memory.ts";
import { getThreads, setThreads, shutdownPool } from "../../src/tensor/pool.ts";
import { type QuantType, Tensor } from "../../src/tensor/tensor.ts";
import { absDots, assertClose, makeWeight, randomF32, rng } from "./kernel-helpers.ts";

after(() => shutdownPool());

const TYPES: QuantType[] = ["q8_0", "q4_0", "q4_1", "q4_K", "q6_K"];
const TOKENS = [1, 5, 8, 12, 23];

for (const dtype of TYPES) {
  test(`${dtype}: a weight in a weight memory gives the same prefill results as in memory 0`, () => {
    const k = dtype.endsWith("_K") ? 512 : 96;
    const rows = 67;
    const r = rng(4100 + TYPES.indexOf(dtype));
    const w0 = makeWeight(dtype, rows, k, r);
    setWeightSpill(true);
    let bytes: Uint8Array;
    try {
      bytes = allocWeight(rows * bytesPerRow(dtype, k), true);
    } finally {
      setWeightSpill(false);
    }
    bytes.set(w0.data as Uint8Array);
    const w1 = new Tensor([rows, k], dtype, bytes);
    assert.equal(memoryIndexOf(w0.data), 0);
    assert.ok(memoryIndexOf(w1.data) > 0, "the copy lies in a weight memory");
    assert.equal(matmulTPath(w1), matmulTPath(w0));
    const was = getThreads();
    for (const threads of [1, 2]) {
      setThreads(threads);
      for (const n of TOKENS) {
        const x = randomF32(n * k, r);
        const a = new Float32Array(n * rows);
        const b = new Float32Array(n * rows);
        matmulT(a, x, n, w0);
        matmulT(b, x, n, w1);
        assert.deepEqual(b, a, `${dtype} n=${n} threads=${threads}: memory 0 and a weight memory differ`);
        // And both are right: against the reference, as prefill-tiles.test.ts.
        const ref = new Float32Array(n * rows);
        matmulTQ8Ref(ref, x, n, w0);
        assertClose(b, ref, absDots(x, n, w0), 1e-5, `${dtype} n=${n} in a weight memory`);
      }
    }
    setThreads(was);
  });
}

/**
 * The fast matmulT (wasm SIMD + worker pool) against its references, on random data with awkward
 * shapes, on 1 and 2 threads.
 *
 * Tolerance: |fast − ref| ≤ 1e-5 · Σ_i |w_i·x_i| per output — the fast kernels sum in f32 and in
 * another order; the references sum in f64. For quantized weights the reference is matmulTQ8Ref
 * (llama.cpp's numerics: activations rounded through 8 bits), and it must stay close to the plain
 * float reference matmulTRef too, within the activation quantization error.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { matmulT, matmulTPath, matmulTVariant } from "../../src/tensor/fast.ts";
import { matmul, matmulTQ8Ref, matmulTRef, matvec } from "../../src/tensor/matmul.ts";
import { allocF32, memory } from "../../src/tensor/memory.ts";
import { runRows, setThreads, shutdownPool } from "../../src/tensor/pool.ts";
import { type DType, Tensor } from "../../src/tensor/tensor.ts";
import { KERNEL_NAMES, loadKernels, loadKernelVariant } from "../../src/tensor/wasm/kernels.ts";
import { absDots, assertClose, makeWeight, randomF32, rng } from "./kernel-helpers.ts";

after(() => shutdownPool());

test("the wasm kernels load (SIMD + threads available; relaxed SIMD on Node 20+)", () => {
  assert.ok(loadKernelVariant("plain"), "kernels.wasm failed to compile or instantiate");
  assert.ok(loadKernelVariant("relaxed"), "kernels-relaxed.wasm failed to compile or instantiate");
  assert.ok(loadKernels());
});

const FAST: DType[] = ["f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q4_K", "q5_K", "q6_K"];
// [rows, k, n]: k must be whole blocks (32 or 256) for quantized types.
const SHAPES_32: [number, number, number][] = [
  [1, 32, 1],
  [3, 96, 3],
  [17, 64, 2],
  [33, 160, 5],
  [4097, 64, 1],
];
const SHAPES_256: [number, number, number][] = [
  [1, 256, 1],
  [3, 256, 3],
  [31, 512, 2],
  [33, 256, 1],
  [4097, 256, 1],
];
const SHAPES_F: [number, number, number][] = [
  [1, 1, 1],
  [3, 17, 3],
  [17, 31, 2],
  [33, 33, 5],
  [31, 4097, 1],
  [4097, 3, 2],
  [5, 96, 17],
];

// Both builds, single-threaded, against the reference (the pool tests below use the default build).
for (const variant of ["plain", "relaxed"] as const) {
  test(`${variant}-SIMD kernels equal the reference for every fast dtype`, () => {
    const r = rng(variant === "plain" ? 41 : 42);
    for (const dtype of FAST) {
      const shapes = dtype.endsWith("_K") ? SHAPES_256 : dtype.startsWith("q") ? SHAPES_32 : SHAPES_F;
      for (const [rows, k, n] of shapes.slice(0, 4)) {
        const w = makeWeight(dtype, rows, k, r);
        const x = randomF32(n * k, r);
        const fast = new Float32Array(n * rows);
        const ref = new Float32Array(n * rows);
        matmulTVariant(variant, fast, x, n, w);
        matmulTQ8Ref(ref, x, n, w);
        assertClose(fast, ref, absDots(x, n, w), 1e-5, `${variant} ${dtype} [${rows}×${k}] n=${n}`);
      }
    }
  });
}

for (const threads of [1, 2]) {
  for (const dtype of FAST) {
    test(`matmulT ${dtype} equals its reference, ${threads} thread(s)`, () => {
      setThreads(threads);
      const r = rng(threads * 100 + FAST.indexOf(dtype));
      const shapes = dtype.endsWith("_K") ? SHAPES_256 : dtype.startsWith("q") ? SHAPES_32 : SHAPES_F;
      for (const [rows, k, n] of shapes) {
        const w = makeWeight(dtype, rows, k, r);
        assert.match(matmulTPath(w), /^wasm/);
        const x = randomF32(n * k, r);
        const fast = new Float32Array(n * rows);
        const ref = new Float32Array(n * rows);
        matmulT(fast, x, n, w);
        matmulTQ8Ref(ref, x, n, w);
        const scale = absDots(x, n, w);
        assertClose(fast, ref, scale, 1e-5, `${dtype} [${rows}×${k}] n=${n}`);
        if (dtype.startsWith("q")) {
          // 8-bit activations: each x off by ≤ half a step of max|x|/127 per block.
          const plain = new Float32Array(n * rows);
          matmulTRef(plain, x, n, w);
          assertClose(fast, plain, scale, 0.01, `${dtype} vs plain float`);
        }
      }
    });
  }
}

// The kernels convert f16 scales with bit tricks of their own: a negative and a subnormal scale
// (both legal in a GGUF file, though quantizers rarely write them) must come out as the reference's.
test("K-quant kernels read negative and subnormal f16 scales as the reference does, both builds", () => {
  const r = rng(11);
  const odd = [0xa11f, 0x0123, 0x8200, 0x1c00]; // −0.0103, subnormal, −subnormal, 2^-8
  for (const [dtype, offsets, blockBytes] of [
    ["q4_K", [0, 2], 144],
    ["q5_K", [0, 2], 176],
    ["q6_K", [208], 210],
  ] as const) {
    const [rows, k, n] = [5, 768, 1];
    const w = makeWeight(dtype, rows, k, r);
    const bytes = w.data as Uint8Array;
    let i = 0;
    for (let o = 0; o < bytes.length; o += blockBytes) {
      for (const s of offsets) {
        const h = odd[i++ % odd.length];
        bytes[o + s] = h & 0xff;
        bytes[o + s + 1] = h >> 8;
      }
    }
    const x = randomF32(n * k, r);
    const ref = new Float32Array(n * rows);
    matmulTQ8Ref(ref, x, n, w);
    for (const variant of ["plain", "relaxed"] as const) {
      const fast = new Float32Array(n * rows);
      matmulTVariant(variant, fast, x, n, w);
      assertClose(fast, ref, absDots(x, n, w), 1e-5, `${variant} ${dtype} odd scales`);
    }
  }
});

test("matmulT with x and out in shared memory, and a big prefill shape on 2 threads", () => {
  setThreads(2);
  const r = rng(7);
  const [rows, k, n] = [130, 96, 37];
  const w = makeWeight("f32", rows, k, r);
  const x = allocF32(n * k);
  x.set(randomF32(n * k, r));
  const out = allocF32(n * rows);
  const ref = new Float32Array(n * rows);
  matmulT(out, x, n, w);
  matmulTRef(ref, x, n, w);
  assertClose(out, ref, absDots(x, n, w), 1e-5, "shared x/out");
});

test("weights outside the shared memory take the JavaScript path, with the same results", () => {
  const r = rng(9);
  for (const dtype of ["f32", "q8_0", "q4_K", "q5_K", "q4_1"] as DType[]) {
    const k = dtype.endsWith("_K") ? 256 : 64;
    const w = makeWeight(dtype, 5, k, r, false);
    assert.equal(matmulTPath(w), "js");
    const x = randomF32(2 * k, r);
    const a = new Float32Array(10);
    const b = new Float32Array(10);
    matmulT(a, x, 2, w);
    matmulTQ8Ref(b, x, 2, w);
    assert.deepEqual(a, b);
  }
});

test("matmulT rejects a mis-sized x or out, and a non-2-D weight", () => {
  const w = makeWeight("f32", 4, 8, rng(1));
  assert.throws(() => matmulT(new Float32Array(4), new Float32Array(7), 1, w), /x holds 7 values/);
  assert.throws(() => matmulT(new Float32Array(3), new Float32Array(8), 1, w), /out holds 3/);
  assert.throws(
    () => matmulT(new Float32Array(4), new Float32Array(8), 1, new Tensor([32], "f32", new Float32Array(32))),
    /2-D/,
  );
});

test("matmul and matvec references: a worked example", () => {
  const a = new Float32Array([1, 2, 3, 4, 5, 6]); // (2, 3)
  const b = new Float32Array([1, 0, 0, 1, 1, 1]); // (3, 2)
  const out = new Float32Array(4);
  matmul(out, a, b, 2, 3, 2);
  assert.deepEqual([...out], [4, 5, 10, 11]);
  const y = new Float32Array(2);
  matvec(y, a, new Float32Array([1, 1, 1]), 2, 3);
  assert.deepEqual([...y], [6, 15]);
  const t = new Float32Array(3);
  matmulTRef(t, new Float32Array([1, 1]), 1, Tensor.from([1, 2, 3, 4, 5, 6], [3, 2]));
  assert.deepEqual([...t], [3, 7, 11]);
});

test("streamRows (the bandwidth yardstick) sums every row, odd row counts and both threads included", () => {
  for (const threads of [1, 2]) {
    setThreads(threads);
    for (const rows of [1, 7, 300]) {
      const k = 32;
      const w = allocF32(rows * k);
      for (let i = 0; i < w.length; i++) w[i] = (i % 13) - 6;
      const out = allocF32(rows);
      const args = { out: out.byteOffset, x: 0, n: 1, w: w.byteOffset, k, rows, xs: 0, xq: 0, xsum: 0 };
      runRows("streamRows", args, rows * k * 1000); // work large enough to split
      for (let r = 0; r < rows; r++) {
        let sum = 0;
        for (let j = 0; j < k; j++) sum += w[r * k + j];
        assert.equal(out[r], sum, `row ${r} of ${rows} on ${threads} thread(s)`);
      }
    }
  }
});

test("a kernel that traps on a worker thread throws, and the pool keeps working", () => {
  setThreads(2);
  assert.ok(loadKernels(), "the kernels load");
  const end = memory.buffer.byteLength;
  // Rows far past the end of the memory: both threads' parts read out of bounds and trap.
  const args = { out: 1024, x: 0, n: 1, w: end - 64, k: 4096, rows: 64, xs: 0, xq: 0, xsum: 0 };
  assert.throws(() => runRows("streamRows", args, 64 * 4096), /out of bounds|trapped/);
  const w = makeWeight("f32", 64, 2048, rng(3));
  const x = randomF32(2048, rng(4));
  const a = new Float32Array(64);
  const b = new Float32Array(64);
  matmulT(a, x, 1, w);
  matmulTRef(b, x, 1, w);
  assertClose(a, b, absDots(x, 1, w), 1e-5, "after a trap");
});

test("the committed .wasm builds export every kernel the loader names (rebuild: npm run build:wasm)", () => {
  for (const variant of ["plain", "relaxed"] as const) {
    const lib = loadKernelVariant(variant)!;
    const names = WebAssembly.Module.exports(lib.module).map((e) => e.name);
    for (const name of [...KERNEL_NAMES, "quantizeX32", "quantizeXK", "tileActs32", "interleaveTiles16"]) {
      if (variant === "plain" && name.endsWith("R")) continue; // relaxed-only kernels
      assert.ok(names.includes(name), `${variant} build lacks ${name}`);
    }
  }
});

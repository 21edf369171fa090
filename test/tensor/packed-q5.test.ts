/**
 * The packed layouts of q5_0, q5_1 and q5_K (src/tensor/quant/packed-q5.ts): the reference packer
 * and its inverse, the wasm packers (byte for byte the same), and every kernel of the packed layouts
 * against the reference on widths of whole groups of 128 — the kernels that read ggml's layout are
 * checked in matmul.test.ts and prefill-tiles.test.ts, whose widths are not whole groups.
 * Tolerance as there: 1e-5 · Σ|w·x| against matmulTQ8Ref.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { tensorBytes } from "../../src/formats/tensor-storage.ts";
import { bytesPerRow, dequantizeRow } from "../../src/tensor/dtypes.ts";
import { f32ToF16 } from "../../src/tensor/f16.ts";
import { matmulT } from "../../src/tensor/fast.ts";
import { matmulTQ8Ref } from "../../src/tensor/matmul.ts";
import { alloc, allocWeight, memoryIndexOf, setWeightSpill } from "../../src/tensor/memory.ts";
import { embedding } from "../../src/tensor/ops.ts";
import { setThreads, shutdownPool } from "../../src/tensor/pool.ts";
import {
  dequantPacked,
  type PackedType,
  packRef,
  packUnitBytes,
  unpackRef,
} from "../../src/tensor/quant/packed-q5.ts";
import { forgetPacked, ggmlLayout, packedOrigin } from "../../src/tensor/repack.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { loadKernelVariant } from "../../src/tensor/wasm/kernels.ts";
import {
  absDots,
  assertClose,
  checkAllPaths,
  makeWeight,
  randomF32,
  randomQuant,
  rng,
} from "./kernel-helpers.ts";

after(() => shutdownPool());

const TYPES: PackedType[] = ["q5_0", "q5_1", "q5_K"];
const PACKER = { q5_0: "packQ5_0", q5_1: "packQ5_1", q5_K: "packQ5_K" } as const;

function dequant(type: PackedType, bytes: Uint8Array, values: number): Float32Array {
  const out = new Float32Array(values);
  dequantizeRow(type, bytes, 0, out, values);
  return out;
}

test("packed q5_0, worked example: codes 0..31 with d = 0.5 → v_0 = [128, 129, …], e = [0, 1, 2, 3, …], values −8 … 7.5", () => {
  const b = new Uint8Array(88); // a group of 4 blocks; block 0 carries the example, the others zero
  const h = f32ToF16(0.5);
  b[0] = h & 0xff;
  b[1] = h >> 8;
  const codes = Array.from({ length: 32 }, (_, j) => j);
  let qh = 0;
  for (let j = 0; j < 32; j++) qh |= (codes[j] >> 4) << j;
  new DataView(b.buffer).setUint32(2, qh >>> 0, true);
  for (let l = 0; l < 16; l++) b[6 + l] = (codes[l] & 0xf) | ((codes[16 + l] & 0xf) << 4);
  const packed = b.slice();
  packRef("q5_0", packed, 0, 1);
  assert.deepEqual([packed[0], packed[1]], [h & 0xff, h >> 8]); // d_0 stays in front
  assert.deepEqual([...packed.subarray(8, 12)], [128, 129, 130, 131]);
  assert.deepEqual([...packed.subarray(72, 78)], [0, 1, 2, 3, 0, 1]);
  const out = new Float32Array(32);
  dequantPacked("q5_0", packed, 0, 0, out, 0, 1);
  assert.deepEqual(
    [...out],
    codes.map((c) => 0.5 * (c - 16)),
  );
});

for (const type of TYPES) {
  test(`${type}: unpackRef undoes packRef, and a packed block dequantizes to the same values`, () => {
    const r = rng(700 + TYPES.indexOf(type));
    const units = 6;
    const bytes = units * packUnitBytes(type);
    const values = (bytes / bytesPerRow(type, type === "q5_K" ? 256 : 32)) * (type === "q5_K" ? 256 : 32);
    const ggml = randomQuant(type, 1, values, r, false);
    const packed = ggml.slice();
    packRef(type, packed, 0, units);
    assert.notDeepEqual(packed, ggml);
    const back = packed.slice();
    unpackRef(type, back, 0, units);
    assert.deepEqual(back, ggml);
    const want = dequant(type, ggml, values);
    const got = new Float32Array(values);
    dequantPacked(type, packed, 0, 0, got, 0, values / (type === "q5_K" ? 256 : 32));
    assert.deepEqual(got, want);
  });

  test(`${type}: the wasm packers (both builds) write packRef's bytes`, () => {
    const r = rng(710 + TYPES.indexOf(type));
    const units = 5;
    const k =
      (units * packUnitBytes(type) * (type === "q5_K" ? 256 : 32)) /
      bytesPerRow(type, type === "q5_K" ? 256 : 32);
    for (const variant of ["plain", "relaxed"] as const) {
      const shared = randomQuant(type, 1, k, r, true);
      const want = shared.slice();
      packRef(type, want, 0, units);
      loadKernelVariant(variant)!.kernels[PACKER[type]](shared.byteOffset, units);
      assert.deepEqual(shared, want, `${variant} ${type}`);
    }
  });
}

// Widths of whole groups; 517 rows make several row groups with an odd last row; token counts below,
// at and past a prefill tile.
const WIDTHS: Record<PackedType, number[]> = { q5_0: [128, 896], q5_1: [128, 384], q5_K: [256, 768] };
const TOKENS = [1, 3, 4, 5, 8, 17];

for (const type of TYPES) {
  test(`${type} packed kernels equal the reference: widths ${WIDTHS[type].join(", ")}, n = ${TOKENS.join(", ")}, both builds and 1/2 threads`, () => {
    const r = rng(720 + TYPES.indexOf(type));
    for (const k of WIDTHS[type]) {
      const rows = k === 128 || k === 256 ? 517 : 33;
      const w = makeWeight(type, rows, k, r);
      const before = new Float32Array(rows * k);
      dequantizeRow(type, w.data, 0, before, rows * k);
      for (const n of TOKENS) checkAllPaths(w, randomF32(n * k, r), n, `${type} [${rows}×${k}] n=${n}`);
      // The first matmul packed the weight in place; every reader of its bytes still sees the same values.
      assert.notEqual(packedOrigin(w.data, 0, w.data.byteLength, type), undefined, "packed");
      const after = new Float32Array(rows * k);
      dequantizeRow(type, w.data, 0, after, rows * k);
      assert.deepEqual(after, before);
    }
  });
}

test("views of packed bytes: stacked neighbours, an embedding row, a view not in whole groups, the file's bytes", () => {
  const r = rng(730);
  for (const type of TYPES) {
    const k = type === "q5_K" ? 512 : 256;
    const rowBytes = bytesPerRow(type, k);
    const [ra, rb] = [7, 5];
    const all = alloc((ra + rb) * rowBytes);
    all.set(randomQuant(type, ra + rb, k, r, false));
    const file = all.slice();
    const a = new Tensor([ra, k], type, all.subarray(0, ra * rowBytes));
    const b = new Tensor([rb, k], type, all.subarray(ra * rowBytes));
    const stacked = new Tensor([ra + rb, k], type, all);
    const x = randomF32(k, r);
    const want = new Float32Array(ra + rb);
    matmulTQ8Ref(want, x, 1, stacked);
    const scale = absDots(x, 1, stacked);
    // a alone first (packed), then the stack (b's bytes packed now), then b alone (already packed).
    const outA = new Float32Array(ra);
    matmulT(outA, x, 1, a);
    // Half packed (a), half not (b): one dequantizeRow over both reads each part in its layout.
    const whole = new Float32Array((ra + rb) * k);
    const wholeFile = new Float32Array((ra + rb) * k);
    dequantizeRow(type, all, 0, whole, whole.length);
    dequantizeRow(type, file, 0, wholeFile, whole.length);
    assert.deepEqual(whole, wholeFile, `${type} half packed`);
    const out = new Float32Array(ra + rb);
    matmulT(out, x, 1, stacked);
    assertClose(out, want, scale, 1e-5, `${type} stacked`);
    const outB = new Float32Array(rb);
    matmulT(outB, x, 1, b);
    assertClose(outB, want.subarray(ra), scale.subarray(ra), 1e-5, `${type} b alone`);
    assert.notDeepEqual(all, file);
    // Writers get ggml's layout back; the embedding lookup reads packed rows.
    assert.deepEqual(tensorBytes(stacked), file);
    assert.deepEqual(
      ggmlLayout(type, all.subarray(rowBytes, 3 * rowBytes)),
      file.subarray(rowBytes, 3 * rowBytes),
    );
    const row = embedding(new Float32Array(k), stacked, [ra + 1]);
    const fileRow = new Float32Array(k);
    dequantizeRow(type, file, (ra + 1) * rowBytes, fileRow, k);
    assert.deepEqual(row, fileRow);
    if (type !== "q5_K") {
      // Rows of 32 values cut the packed groups: the reference path reads them, right.
      const narrow = new Tensor([((ra + rb) * k) / 32, 32], type, all);
      const xn = randomF32(32, r);
      const got = new Float32Array(narrow.shape[0]);
      matmulT(got, xn, 1, narrow);
      const ref = new Float32Array(narrow.shape[0]);
      matmulTQ8Ref(ref, xn, 1, new Tensor(narrow.shape, type, file));
      assertClose(got, ref, absDots(xn, 1, narrow), 1e-5, `${type} rows of 32`);
    }
    // Rewritten in ggml's layout after forgetPacked: read as such, and packed again by the next matmul.
    forgetPacked(all);
    all.set(file);
    assert.equal(packedOrigin(all, 0, all.length, type), undefined);
    matmulT(out, x, 1, stacked);
    assertClose(out, want, scale, 1e-5, `${type} after forgetPacked`);
  }
});

test("a packed weight in a weight memory (a model past 4 GiB): packed there, same results on 1 and 2 threads", () => {
  const r = rng(740);
  const [rows, k] = [37, 256];
  setWeightSpill(true);
  let bytes: Uint8Array;
  try {
    bytes = allocWeight(rows * bytesPerRow("q5_0", k), true);
  } finally {
    setWeightSpill(false);
  }
  assert.ok(memoryIndexOf(bytes) > 0, "the weight sits in a weight memory");
  bytes.set(randomQuant("q5_0", rows, k, r, false));
  const w = new Tensor([rows, k], "q5_0", bytes);
  for (const n of [1, 5])
    checkAllPaths(w, randomF32(n * k, r), n, `q5_0 in memory ${memoryIndexOf(bytes)}, n=${n}`);
  assert.notEqual(packedOrigin(bytes, 0, bytes.length, "q5_0"), undefined);
});

test("packing a big weight on the pool's 2 threads writes packRef's bytes", () => {
  const r = rng(750);
  setThreads(2);
  for (const type of TYPES) {
    const [rows, k] = [600, type === "q5_K" ? 512 : 256]; // ≥ 1200 units: split across both threads
    const w = makeWeight(type, rows, k, r);
    const bytes = w.data as Uint8Array;
    const want = bytes.slice();
    packRef(type, want, 0, bytes.length / packUnitBytes(type));
    const x = randomF32(k, r);
    const ref = new Float32Array(rows);
    matmulTQ8Ref(ref, x, 1, w);
    const out = new Float32Array(rows);
    matmulT(out, x, 1, w);
    assert.deepEqual(bytes, want, type);
    assertClose(out, ref, absDots(x, 1, w), 1e-5, `${type} packed on 2 threads`);
  }
});

// src/tensor/fast-ops.ts: each op's SIMD version (arrays in the tensor memory) against its reference
// (ops.ts, `…Ref`), at awkward widths; and exactly the reference for arrays elsewhere.
import assert from "node:assert/strict";
import { test } from "node:test";
import { f32ToF16 } from "../../src/tensor/f16.ts";
import {
  addBias,
  addInPlace,
  geluTanh,
  layerNorm,
  rmsNorm,
  silu,
  swiglu,
  swigluRows,
} from "../../src/tensor/fast-ops.ts";
import { alloc, allocF32 } from "../../src/tensor/memory.ts";
import {
  addBiasRef,
  addInPlaceRef,
  geluTanhRef,
  layerNormRef,
  rmsNormRef,
  siluRef,
  swigluRef,
} from "../../src/tensor/ops.ts";
import { loadWasm } from "../../src/tensor/wasm/kernels.ts";
import { toF16Simd } from "../../src/tensor/wasm/row-ops-simd.ts";
import { randomArray } from "../helpers/random.ts";

/** Inputs from −100 to 100 (exp overflow range included) plus random ones; 1003 values, not a multiple of 4. */
function inputs(): Float32Array {
  const x = randomArray(1003, 5, 6);
  for (let i = 0; i < 201; i++) x[i] = i - 100;
  x[201] = -0;
  return x;
}

function shared(values: Float32Array): Float32Array {
  const a = allocF32(values.length);
  a.set(values);
  return a;
}

/** |a − b| ≤ tol · (1 + |b|) everywhere. */
function assertClose(a: Float32Array, b: Float32Array, what: string, tol = 2e-6): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) {
    const err = Math.abs(a[i] - b[i]);
    assert.ok(err <= tol * (1 + Math.abs(b[i])), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

test("the SIMD modules load in this runtime", () => {
  assert.notEqual(loadWasm("activations"), null, "run npm run build:wasm");
  assert.notEqual(loadWasm("rows"), null, "run npm run build:wasm");
});

for (const [name, op, ref] of [
  ["silu", silu, siluRef],
  ["geluTanh", geluTanh, geluTanhRef],
] as const) {
  test(`${name}: SIMD in place on tensor memory equals the reference within 2e-6 (also the odd tail)`, () => {
    const x = inputs();
    const want = ref(new Float32Array(x.length), x);
    const got = shared(x);
    op(got, got);
    assertClose(got, want, name);
    // Only the first n change.
    const part = shared(x);
    op(part, part, 5);
    assertClose(part.subarray(0, 5), want.subarray(0, 5), name);
    assert.deepEqual(Array.from(part.subarray(5)), Array.from(x.subarray(5)));
    // Outside the tensor memory (or not in place): exactly the reference.
    assert.deepEqual(op(new Float32Array(x.length), x), want);
  });
}

test("swiglu: SIMD silu(gate)·up in place equals the reference within 2e-6; elsewhere exactly it", () => {
  const g = inputs();
  const u = randomArray(g.length, 9, 3);
  const want = swigluRef(new Float32Array(g.length), g, u);
  const gate = shared(g);
  swiglu(gate, gate, shared(u));
  assertClose(gate, want, "swiglu");
  assert.deepEqual(swiglu(new Float32Array(g.length), g, u), want);
});

test("swigluRows: rows [gate | up] → silu(gate)·up, SIMD within 2e-6, elsewhere exactly the reference", () => {
  const rows = 3;
  const hidden = 37;
  const gu = randomArray(rows * 2 * hidden, 4, 5);
  const want = new Float32Array(rows * hidden);
  for (let t = 0; t < rows; t++) {
    const g = gu.subarray(2 * t * hidden, (2 * t + 1) * hidden);
    const u = gu.subarray((2 * t + 1) * hidden, (2 * t + 2) * hidden);
    swigluRef(want.subarray(t * hidden, (t + 1) * hidden), g, u);
  }
  assertClose(swigluRows(allocF32(rows * hidden), shared(gu), rows, hidden), want, "swigluRows");
  assert.deepEqual(swigluRows(new Float32Array(rows * hidden), gu, rows, hidden), want);
});

for (const dim of [1, 3, 17, 33, 768]) {
  test(`layerNorm and rmsNorm of 5 rows × ${dim}: SIMD equals the reference within 1e-5 (also in place, large mean)`, () => {
    const rows = 5;
    const xs = randomArray(rows * dim, dim, 3);
    for (let i = 0; i < dim; i++) xs[i] = xs[i] + 1000; // a large mean: the two-pass variance stays right
    const w = randomArray(dim, dim + 1);
    const b = randomArray(dim, dim + 2);
    const expected = layerNormRef(new Float32Array(rows * dim), xs, rows, dim, w, b, 1e-5);
    const x = shared(xs);
    assertClose(
      layerNorm(allocF32(rows * dim), x, rows, dim, shared(w), shared(b), 1e-5),
      expected,
      "out",
      1e-5,
    );
    layerNorm(x, x, rows, dim, shared(w), shared(b), 1e-5); // out = x
    assertClose(x, expected, "in place", 1e-5);
    assert.deepEqual(layerNorm(new Float32Array(rows * dim), xs, rows, dim, w, b, 1e-5), expected);

    const rms = rmsNormRef(new Float32Array(rows * dim), xs, rows, dim, w, 1e-6);
    assertClose(rmsNorm(allocF32(rows * dim), shared(xs), rows, dim, shared(w), 1e-6), rms, "rmsNorm", 1e-6);
    assert.deepEqual(rmsNorm(new Float32Array(rows * dim), xs, rows, dim, w, 1e-6), rms);
  });
}

for (const cols of [1, 3, 17, 2304]) {
  test(`addBias on 3 rows × ${cols} and addInPlace: the SIMD sums are the reference's, bit for bit`, () => {
    const y = randomArray(3 * cols, cols);
    const b = randomArray(cols, cols + 1);
    const want = addBiasRef(Float32Array.from(y), b, 3);
    assert.deepEqual(Array.from(addBias(shared(y), shared(b), 3)), Array.from(want));
    assert.deepEqual(addBias(Float32Array.from(y), b, 3), want);
    const count = 3 * cols - 1;
    const sum = addInPlaceRef(Float32Array.from(y), want, count);
    assert.deepEqual(Array.from(addInPlace(shared(y), shared(want), count)), Array.from(sum));
  });
}

test("toF16Simd rounds every kind of f32 exactly as f32ToF16 (normals, ties, subnormals, overflow, Inf, NaN)", () => {
  // Bit patterns across all exponents (a stride through the f32 space, both signs), every tie and
  // near-tie at the 13 bits f16 drops, the subnormal and overflow edges, and the specials.
  const bits: number[] = [];
  for (let b = 0; b < 2 ** 31; b += 4093 * 97) bits.push(b, b | 0x80000000);
  for (let e = 100; e < 145; e++)
    for (const low of [0, 1, 0xfff, 0x1000, 0x1001, 0x1fff, 0x2000, 0x3000, 0x7fffff])
      bits.push((e << 23) | low, 0x80000000 | (e << 23) | low | (e << 13));
  bits.push(
    0,
    0x80000000,
    0x7f800000,
    0xff800000,
    0x7fc00000,
    0xffc00001,
    0x7f800001,
    0x477fe000,
    0x477ff000,
  );
  bits.push(0x477fefff, 0x38800000, 0x387fffff, 0x33000000, 0x33000001, 0x32ffffff, 0x00000001);
  const n = bits.length - (bits.length % 8) + 5; // and a tail that is not whole 8s
  while (bits.length < n) bits.push(0x3f800000 + bits.length);
  const src = allocF32(n);
  new Uint32Array(src.buffer, src.byteOffset, n).set(bits.slice(0, n));
  const dstBytes = alloc(2 * (n + 3));
  const dst = new Uint16Array(dstBytes.buffer, dstBytes.byteOffset, n + 3);
  const done = toF16Simd(dst, 3, src, n);
  assert.equal(done, n - 5, "whole 8s in wasm, the tail left to the caller");
  for (let i = 0; i < done; i++) {
    const want = f32ToF16(src[i]);
    assert.equal(
      dst[3 + i],
      want,
      `0x${bits[i].toString(16)}: 0x${dst[3 + i].toString(16)} vs 0x${want.toString(16)}`,
    );
  }
  assert.equal(toF16Simd(new Uint16Array(n), 0, src, n), 0, "arrays outside the tensor memory: none done");
});

/**
 * The wasm activation quantizers (quantizeX32 for q8_0/q4_0/… weights, quantizeXK for K-quants),
 * in both builds, against the plain rules of src/tensor/quant/activation-quant.ts: every 8-bit value,
 * every sum of 16 and every block scale exactly equal — including values that fall exactly halfway
 * between two integers (ties go to the even one, as llama.cpp's AVX code and wasm's `nearest` do).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { f16ToF32, f32ToF16 } from "../../src/tensor/f16.ts";
import { alloc, allocF32 } from "../../src/tensor/memory.ts";
import { roundHalfEven } from "../../src/tensor/quant/activation-quant.ts";
import { loadKernelVariant } from "../../src/tensor/wasm/kernels.ts";
import { rng } from "./kernel-helpers.ts";

const fr = Math.fround;

/** q and the per-block scale the rules give for one block (32: q8_0 style; 256: q8_K style). */
function reference(x: Float32Array, block: 32 | 256): { q: Int8Array; d: number[] } {
  const q = new Int8Array(x.length);
  const d: number[] = [];
  for (let b = 0; b < x.length; b += block) {
    let amax = 0;
    let max = 0;
    for (let j = 0; j < block; j++) {
      const a = Math.abs(x[b + j]);
      if (a > amax) [amax, max] = [a, x[b + j]];
    }
    if (block === 32) {
      d.push(f16ToF32(f32ToF16(fr(amax / 127))));
      const id = amax !== 0 ? fr(127 / amax) : 0;
      for (let j = 0; j < 32; j++) q[b + j] = roundHalfEven(fr(x[b + j] * id));
    } else {
      const iscale = amax !== 0 ? fr(-127 / max) : 0;
      d.push(amax !== 0 ? fr(1 / iscale) : 0);
      for (let j = 0; j < 256; j++) q[b + j] = Math.min(127, roundHalfEven(fr(iscale * x[b + j])));
    }
  }
  return { q, d };
}

/** Blocks whose largest value is 127, so x·127/max = x: halves like 2.5, −3.5, 0.5 are exact ties. */
function withTies(count: number, block: number, r: () => number): Float32Array {
  const x = allocF32(count);
  for (let i = 0; i < count; i++) x[i] = Math.floor(r() * 200 - 100) + 0.5;
  for (let b = 0; b < count; b += block) x[b + Math.floor(r() * block)] = r() < 0.5 ? 127 : -127;
  return x;
}

function randomValues(count: number, r: () => number): Float32Array {
  const x = allocF32(count);
  for (let i = 0; i < count; i++) x[i] = (r() - 0.5) * 10 ** (r() * 4 - 2);
  for (let i = 0; i < 32; i++) x[i] = 0; // a block of zeros: scale 0, every q 0
  return x;
}

for (const variant of ["plain", "relaxed"] as const) {
  for (const [kernel, block] of [
    ["quantizeX32", 32],
    ["quantizeXK", 256],
  ] as const) {
    test(`${variant} build: ${kernel} equals the rules, ties to even included`, () => {
      const lib = loadKernelVariant(variant);
      assert.ok(lib, `the ${variant} build does not load`);
      const quantize = (lib.kernels as unknown as Record<string, (...a: number[]) => void>)[kernel];
      const r = rng(block);
      const count = 4 * 256;
      for (const x of [withTies(count, block, r), randomValues(count, r)]) {
        const xs = alloc((count / 32) * 4);
        const xq = alloc(count * 2);
        const xq8 = alloc(count);
        const xsum = alloc((count / 16) * 4);
        quantize(x.byteOffset, count, xs.byteOffset, xq.byteOffset, xq8.byteOffset, xsum.byteOffset);
        const ref = reference(x, block);
        const q8 = new Int8Array(xq8.buffer, xq8.byteOffset, count);
        const q16 = new Int16Array(xq.buffer, xq.byteOffset, count);
        const sums = new Int32Array(xsum.buffer, xsum.byteOffset, count / 16);
        const scales = new Float32Array(xs.buffer, xs.byteOffset, count / block);
        for (let i = 0; i < count; i++) {
          assert.equal(q8[i], ref.q[i], `q8 at ${i} (x = ${x[i]})`);
          assert.equal(q16[i], ref.q[i], `q16 at ${i} (x = ${x[i]})`);
        }
        for (let g = 0; g < count / 16; g++) {
          let s = 0;
          for (let j = 0; j < 16; j++) s += ref.q[g * 16 + j];
          assert.equal(sums[g], s, `sum of 16 at ${g}`);
        }
        for (const [b, d] of ref.d.entries()) assert.equal(scales[b], d, `scale of block ${b}`);
      }
    });
  }
}

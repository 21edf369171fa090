import assert from "node:assert/strict";
import { test } from "node:test";
import { bf16ToF32, f16ToF32, f32ToBf16, f32ToF16 } from "../../src/tensor/f16.ts";

test("f16 known bit patterns", () => {
  assert.equal(f32ToF16(1), 0x3c00);
  assert.equal(f32ToF16(-2), 0xc000);
  assert.equal(f32ToF16(0.1), 0x2e66);
  assert.equal(f32ToF16(65504), 0x7bff); // largest finite f16
  assert.equal(f32ToF16(65520), 0x7c00); // halfway to 65536 rounds to even → Inf
  assert.equal(f32ToF16(2 ** -24), 0x0001); // smallest subnormal
  assert.equal(f32ToF16(2 ** -25), 0x0000); // exactly half of it: ties to even → 0
  assert.equal(f32ToF16(1.5 * 2 ** -24), 0x0002); // tie between 1 and 2 subnormal steps → even (2)
  assert.equal(f32ToF16(Number.NEGATIVE_INFINITY), 0xfc00);
  assert.equal(f16ToF32(0x2e66), 0.0999755859375);
  assert.equal(f16ToF32(0x0001), 2 ** -24);
  assert.ok(Number.isNaN(f16ToF32(f32ToF16(Number.NaN))));
});

test("f16: ties round to even mantissa", () => {
  // 1 + 2^-11 lies halfway between 1 (0x3c00, even) and 1 + 2^-10 (0x3c01): goes to 0x3c00.
  assert.equal(f32ToF16(1 + 2 ** -11), 0x3c00);
  // 1 + 3·2^-11 lies halfway between 0x3c01 (odd) and 0x3c02 (even): goes to 0x3c02.
  assert.equal(f32ToF16(1 + 3 * 2 ** -11), 0x3c02);
});

test("f16: every finite pattern round-trips through f32", () => {
  for (let h = 0; h < 65536; h++) {
    if ((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0) continue; // NaNs
    assert.equal(f32ToF16(f16ToF32(h)), h, `pattern 0x${h.toString(16)}`);
  }
});

test("bf16: conversion is the top half of f32, rounded to nearest even", () => {
  assert.equal(f32ToBf16(1), 0x3f80);
  assert.equal(bf16ToF32(0x3f80), 1);
  assert.equal(bf16ToF32(0xc040), -3);
  // 1 + 2^-8 is halfway between 1 (0x3f80, even) and 1 + 2^-7 (0x3f81): → 0x3f80.
  assert.equal(f32ToBf16(1 + 2 ** -8), 0x3f80);
  assert.equal(f32ToBf16(1 + 3 * 2 ** -8), 0x3f82);
  assert.ok(Number.isNaN(bf16ToF32(f32ToBf16(Number.NaN))));
});

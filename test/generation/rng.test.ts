import assert from "node:assert/strict";
import { test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { Pcg32, XorShift64Star } from "../../src/generation/rng.ts";

test("xorshift64* follows run.c's random_u32 step by step", () => {
  // seed 1: s ^= s>>12 → 1; s ^= s<<25 → 1 + 2^25 = 33554433; s ^= s>>27 → 33554433 (33554433>>27 = 0)
  // 33554433 · 0x2545F4914F6CDD1D mod 2^64 = 0x47E4CE4B896CDD1D → top 32 bits 0x47E4CE4B = 1206177355
  const rng = new XorShift64Star(1);
  assert.equal(rng.nextU32(), 0x47e4ce4b);
  // random_f32 = (u32 >> 8) / 2^24, in [0, 1)
  const r2 = new XorShift64Star(1);
  assert.equal(r2.nextFloat(), (0x47e4ce4b >>> 8) / 16777216);
  // same seed, same stream; different seeds differ
  const a = new XorShift64Star(133742);
  const b = new XorShift64Star(133742);
  const c = new XorShift64Star(42);
  const sa = [a.nextU32(), a.nextU32(), a.nextU32()];
  assert.deepEqual(sa, [b.nextU32(), b.nextU32(), b.nextU32()]);
  assert.notDeepEqual(sa, [c.nextU32(), c.nextU32(), c.nextU32()]);
});

test("xorshift64* rejects the zero seed, which would stay zero forever", () => {
  assert.throws(() => new XorShift64Star(0), TongguanError);
});

test("PCG32 seeded (42, 54) reproduces the reference pcg32-demo output", () => {
  const rng = new Pcg32(42, 54);
  const out = Array.from({ length: 6 }, () => rng.nextU32());
  assert.deepEqual(out, [0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e]);
});

test("PCG32 floats are in [0, 1) and roughly uniform", () => {
  const rng = new Pcg32(7);
  const n = 20000;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = rng.nextFloat();
    assert.ok(x >= 0 && x < 1);
    sum += x;
  }
  // mean of U(0,1) is 0.5 with standard error 0.2887/sqrt(20000) ≈ 0.002
  assert.ok(Math.abs(sum / n - 0.5) < 0.01, `mean ${sum / n}`);
});

/**
 * Dequantizers checked on blocks built byte by byte, where the expected floats are worked out by
 * hand from ggml's layouts (ggml-common.h).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesPerRow, dequantizeRow, quantizeRow } from "../../src/tensor/dtypes.ts";
import { f32ToF16 } from "../../src/tensor/f16.ts";

function deq(
  type: Parameters<typeof dequantizeRow>[0],
  bytes: Uint8Array,
  n: number,
  offset = 0,
): Float32Array {
  const out = new Float32Array(n);
  dequantizeRow(type, bytes, offset, out, n);
  return out;
}
function f16le(x: number): [number, number] {
  const h = f32ToF16(x);
  return [h & 0xff, h >> 8];
}

test("bytes per row", () => {
  assert.equal(bytesPerRow("q8_0", 4096), 128 * 34);
  assert.equal(bytesPerRow("q4_0", 64), 36);
  assert.equal(bytesPerRow("q4_K", 512), 288);
  assert.equal(bytesPerRow("q6_K", 256), 210);
  assert.equal(bytesPerRow("f16", 10), 20);
  assert.throws(() => bytesPerRow("q4_K", 100), /not a whole number/);
});

test("q8_0: x = d·q", () => {
  const b = new Uint8Array(34);
  b.set(f16le(0.5), 0);
  for (let j = 0; j < 32; j++) b[2 + j] = (j - 16) & 0xff; // q = -16 .. 15
  const y = deq("q8_0", b, 32);
  for (let j = 0; j < 32; j++) assert.equal(y[j], 0.5 * (j - 16));
});

test("q4_0: low nibbles are values 0–15, high nibbles 16–31, minus 8", () => {
  const b = new Uint8Array(18);
  b.set(f16le(0.5), 0);
  b[2] = 0xa3; // value 0: 3 → 0.5·(3−8) = −2.5; value 16: 10 → 0.5·(10−8) = 1
  b[17] = 0x0f; // value 15: 15 → 3.5; value 31: 0 → −4
  const y = deq("q4_0", b, 32);
  assert.equal(y[0], -2.5);
  assert.equal(y[16], 1);
  assert.equal(y[15], 3.5);
  assert.equal(y[31], -4);
  assert.equal(y[1], -4); // zero byte → both nibbles 0 → −8·0.5
});

test("q4_1: x = d·q + m", () => {
  const b = new Uint8Array(20);
  b.set(f16le(0.25), 0);
  b.set(f16le(-1), 2);
  b[4] = 0x52; // value 0: 2 → −0.5; value 16: 5 → 0.25
  const y = deq("q4_1", b, 32);
  assert.equal(y[0], -0.5);
  assert.equal(y[16], 0.25);
  assert.equal(y[1], -1);
});

test("q5_0: the fifth bits come from qh (bit j → value j), minus 16", () => {
  const b = new Uint8Array(22);
  b.set(f16le(2), 0);
  // qh bits: bit 0 (value 0) and bit 17 (value 17) set.
  b[2] = 0x01;
  b[4] = 0x02;
  b[6] = 0x31; // byte 0: value 0 low nibble 1, value 16 high nibble 3
  b[7] = 0x04; // byte 1: value 1 low nibble 4, value 17 high nibble 0
  const y = deq("q5_0", b, 32);
  assert.equal(y[0], 2 * (0x11 - 16)); // 17 − 16 = 1 → 2
  assert.equal(y[16], 2 * (3 - 16));
  assert.equal(y[1], 2 * (4 - 16));
  assert.equal(y[17], 2 * (0x10 - 16)); // fifth bit only → 0
});

test("q5_1: x = d·q + m with 5-bit q", () => {
  const b = new Uint8Array(24);
  b.set(f16le(0.5), 0);
  b.set(f16le(1), 2);
  b[4 + 3] = 0x80; // qh bit 31 → value 31 gets +16
  b[8 + 15] = 0x70; // value 31 high nibble 7 → q = 23
  const y = deq("q5_1", b, 32);
  assert.equal(y[31], 0.5 * 23 + 1);
  assert.equal(y[0], 1);
});

test("q4_K: 6-bit scales/mins per 32 values, nibble layout 64 at a time", () => {
  const b = new Uint8Array(144);
  b.set(f16le(0.5), 0); // d
  b.set(f16le(0.25), 2); // dmin
  const s = 4; // 12 scale bytes
  b[s + 0] = 3; // sub-block 0: scale 3
  b[s + 4] = 2; // sub-block 0: min 2
  b[s + 1] = 5; // sub-block 1: scale 5, min 0
  // sub-block 4: scale = (s[8] & 15) | (s[0] >> 6) << 4 ; min = (s[8] >> 4) | (s[4] >> 6) << 4
  b[s + 8] = 0x21; // scale low 1, min low 2
  b[s + 0] |= 0x40; // scale 4 gets +16 → 17 (sub-block 0's scale stays 3: & 63)
  b[s + 4] |= 0x80; // min 4 gets +32 → 34
  const q = 16;
  b[q + 0] = 0x97; // value 0 (sub-block 0): 7; value 32 (sub-block 1): 9
  b[q + 64] = 0x0b; // value 128 (sub-block 4): 11
  const y = deq("q4_K", b, 256);
  assert.equal(y[0], 0.5 * 3 * 7 - 0.25 * 2);
  assert.equal(y[32], 0.5 * 5 * 9 - 0);
  assert.equal(y[128], 0.5 * 17 * 11 - 0.25 * 34);
  assert.equal(y[1], -0.25 * 2);
});

test("q5_K: fifth bit of value 64c+l is bit 2c of qh[l], of 64c+32+l bit 2c+1", () => {
  const b = new Uint8Array(176);
  b.set(f16le(1), 0);
  b.set(f16le(0), 2);
  for (let j = 0; j < 4; j++) b[4 + j] = 1; // scales 0–3 = 1, mins 0
  b[4 + 8 + 0] = 1; // scale 4 = 1
  b[4 + 8 + 1] = 1; // scale 5 = 1
  b[16 + 0] = 0b0000_0101; // qh[0]: bit 0 → value 0 (+16), bit 2 → value 64 (+16)
  b[16 + 1] = 0b0010_0000; // qh[1]: bit 5 → value 128+32+1 = 161 (+16)
  b[48 + 0] = 0x23; // value 0: 3, value 32: 2
  b[48 + 64 + 1] = 0x40; // value 129: 0, value 161: 4
  const y = deq("q5_K", b, 256);
  assert.equal(y[0], 19);
  assert.equal(y[32], 2);
  assert.equal(y[64], 16);
  assert.equal(y[129], 0);
  assert.equal(y[161], 20);
});

test("q6_K: 4 low bits in ql, 2 high bits in qh, i8 scale per 16 values, d at the end", () => {
  const b = new Uint8Array(210);
  b.set(f16le(0.5), 208);
  for (let j = 0; j < 16; j++) b[192 + j] = j + 1; // scales 1..16
  b[192 + 2] = 0xfe; // scale of sub-block 2 (values 32..47) = −2
  b[0] = 0x1f; // value 0 low 4 bits = 15; value 64 low bits = 1
  b[128 + 0] = 0b0001_0010; // qh[0]: value 0 high = 2, value 32 high = 0, value 64 high = 1, value 96 high = 0
  b[32] = 0x05; // value 32 low bits = 5
  const y = deq("q6_K", b, 256);
  assert.equal(y[0], 0.5 * 1 * ((15 | (2 << 4)) - 32)); // q = 47 → 15 · 0.5
  assert.equal(y[32], 0.5 * -2 * (5 - 32));
  assert.equal(y[64], 0.5 * 5 * ((1 | (1 << 4)) - 32)); // sub-block 4 has scale 5
  assert.equal(y[96], 0.5 * 7 * (0 - 32)); // sub-block 6, scale 7
  // Second half: values 128.. use ql[64..], qh[32..], scales[8..].
  assert.equal(y[128], 0.5 * 9 * -32);
});

test("dequantizeRow honours the byte offset (row 1 of a 2-row q8_0 matrix)", () => {
  const b = new Uint8Array(68);
  b.set(f16le(1), 34);
  b[36] = 7;
  assert.equal(deq("q8_0", b, 32, 34)[0], 7);
});

test("f16 and bf16 rows from Uint16Array and from raw bytes", () => {
  const h = new Uint16Array([0x3c00, 0xc000, 0x3800]);
  const out = new Float32Array(3);
  dequantizeRow("f16", h, 0, out, 3);
  assert.deepEqual([...out], [1, -2, 0.5]);
  dequantizeRow("f16", new Uint8Array(h.buffer), 2, out, 2);
  assert.deepEqual([...out.subarray(0, 2)], [-2, 0.5]);
  dequantizeRow("bf16", new Uint16Array([0x3f80, 0x4040]), 0, out, 2);
  assert.deepEqual([...out.subarray(0, 2)], [1, 3]);
});

test("quantizeRow q8_0: d = max|x|/127, q = roundf(x/d) (halves away from zero)", () => {
  const x = new Float32Array(32);
  x[0] = 127; // d = 1 → q = 127
  x[1] = -2.5; // roundf → −3 (Math.round would give −2)
  x[2] = 3.5; // → 4
  x[3] = 0.4; // → 0
  const out = new Uint8Array(34);
  quantizeRow("q8_0", x, out);
  assert.equal(out[0] | (out[1] << 8), f32ToF16(1));
  assert.deepEqual([...new Int8Array(out.buffer, 2, 4)], [127, -3, 4, 0]);
});

test("quantizeRow q4_0: the largest-magnitude value maps to −8", () => {
  const x = new Float32Array(32);
  x[0] = -4; // max magnitude, negative → d = 0.5, q = 0
  x[1] = 3.5; // 3.5/0.5 = 7 → q = 15
  x[16] = 1; // → q = 10, high nibble of byte 0
  const out = new Uint8Array(18);
  quantizeRow("q4_0", x, out);
  const y = new Float32Array(32);
  dequantizeRow("q4_0", out, 0, y, 32);
  assert.equal(y[0], -4);
  assert.equal(y[1], 3.5);
  assert.equal(y[16], 1);
  assert.equal(out[2], 0 | (10 << 4));
});

// Half a step, plus what rounding d to f16 adds at |q| ≤ 127: 127 · 2^-11 ≈ 0.062 of a step.
test("quantize → dequantize error stays within half a step", () => {
  const x = new Float32Array(256);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 1.7) * (1 + (i % 7));
  // q4_0 has 8 steps below zero but 7 above: a value of the other sign than the max may clip by a whole step.
  for (const [type, steps, tol] of [
    ["q8_0", 127, 0.57],
    ["q4_0", 8, 1.01],
  ] as const) {
    const q = new Uint8Array(bytesPerRow(type, 256));
    quantizeRow(type, x, q);
    const y = new Float32Array(256);
    dequantizeRow(type, q, 0, y, 256);
    for (let b = 0; b < 256; b += 32) {
      let amax = 0;
      for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[b + j]));
      const step = amax / steps;
      for (let j = 0; j < 32; j++)
        assert.ok(Math.abs(x[b + j] - y[b + j]) <= step * tol + 1e-6, `${type} value ${b + j}`);
    }
  }
});

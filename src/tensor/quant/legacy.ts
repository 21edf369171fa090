/**
 * ggml's first quantized formats: blocks of 32 values with one f16 scale `d` (and, for the
 * "_1" kinds, an f16 offset `m`). The 32 values are split in two halves: byte j of `qs` holds
 * value j in its low nibble and value j+16 in its high nibble. Q5 adds a 32-bit `qh` whose bit j
 * is the fifth bit of value j.
 *
 * Worked example (q4_0): d = 0.5 (f16 0x3800), qs[0] = 0xA3
 *   value 0  = 0.5 · (0x3 − 8) = −2.5
 *   value 16 = 0.5 · (0xA − 8) =  1.0
 */
import { f16ToF32, f32ToF16 } from "../f16.ts";
import { readU16, writeU16 } from "./blocks.ts";

/** Dequantize `nb` q8_0 blocks starting at byte `o` into out[p..]. */
export function dequantQ8_0(b: Uint8Array, o: number, out: Float32Array, p: number, nb: number): void {
  for (let i = 0; i < nb; i++, o += 34, p += 32) {
    const d = f16ToF32(readU16(b, o));
    for (let j = 0; j < 32; j++) out[p + j] = d * ((b[o + 2 + j] << 24) >> 24); // i8 from a byte
  }
}

export function dequantQ4_0(b: Uint8Array, o: number, out: Float32Array, p: number, nb: number): void {
  for (let i = 0; i < nb; i++, o += 18, p += 32) {
    const d = f16ToF32(readU16(b, o));
    for (let j = 0; j < 16; j++) {
      const q = b[o + 2 + j];
      out[p + j] = d * ((q & 0xf) - 8);
      out[p + j + 16] = d * ((q >> 4) - 8);
    }
  }
}

export function dequantQ4_1(b: Uint8Array, o: number, out: Float32Array, p: number, nb: number): void {
  for (let i = 0; i < nb; i++, o += 20, p += 32) {
    const d = f16ToF32(readU16(b, o));
    const m = f16ToF32(readU16(b, o + 2));
    for (let j = 0; j < 16; j++) {
      const q = b[o + 4 + j];
      out[p + j] = d * (q & 0xf) + m;
      out[p + j + 16] = d * (q >> 4) + m;
    }
  }
}

function readU32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

export function dequantQ5_0(b: Uint8Array, o: number, out: Float32Array, p: number, nb: number): void {
  for (let i = 0; i < nb; i++, o += 22, p += 32) {
    const d = f16ToF32(readU16(b, o));
    const qh = readU32(b, o + 2);
    for (let j = 0; j < 16; j++) {
      const q = b[o + 6 + j];
      const h0 = ((qh >>> j) & 1) << 4;
      const h1 = ((qh >>> (j + 16)) & 1) << 4;
      out[p + j] = d * (((q & 0xf) | h0) - 16);
      out[p + j + 16] = d * (((q >> 4) | h1) - 16);
    }
  }
}

export function dequantQ5_1(b: Uint8Array, o: number, out: Float32Array, p: number, nb: number): void {
  for (let i = 0; i < nb; i++, o += 24, p += 32) {
    const d = f16ToF32(readU16(b, o));
    const m = f16ToF32(readU16(b, o + 2));
    const qh = readU32(b, o + 4);
    for (let j = 0; j < 16; j++) {
      const q = b[o + 8 + j];
      const h0 = ((qh >>> j) & 1) << 4;
      const h1 = ((qh >>> (j + 16)) & 1) << 4;
      out[p + j] = d * ((q & 0xf) | h0) + m;
      out[p + j + 16] = d * ((q >> 4) | h1) + m;
    }
  }
}

/** C's roundf: halves away from zero (Math.round rounds −2.5 to −2). */
export function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.floor(Math.abs(x) + 0.5);
}

const f32 = new Float32Array(3);

/**
 * ggml's reference q8_0 quantizer (quantize_row_q8_0_ref): d = max|x| / 127, q = roundf(x / d).
 * `x.length` values (a multiple of 32) from x[xo..] → blocks written to out[o..].
 */
export function quantizeQ8_0(x: Float32Array, xo: number, n: number, out: Uint8Array, o: number): void {
  for (let i = 0; i < n; i += 32, o += 34) {
    let amax = 0;
    for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[xo + i + j]));
    f32[0] = amax / 127; // float arithmetic as in C
    const d = f32[0];
    f32[1] = d ? 1 / d : 0;
    const id = f32[1];
    writeU16(out, o, f32ToF16(d));
    for (let j = 0; j < 32; j++) {
      f32[2] = x[xo + i + j] * id;
      out[o + 2 + j] = roundHalfAway(f32[2]) & 0xff;
    }
  }
}

/**
 * ggml's reference q4_0 quantizer (quantize_row_q4_0_ref): the value of largest magnitude, `max`,
 * maps to −8 (d = max / −8), others to min(15, trunc(x/d + 8.5)).
 */
export function quantizeQ4_0(x: Float32Array, xo: number, n: number, out: Uint8Array, o: number): void {
  for (let i = 0; i < n; i += 32, o += 18) {
    let amax = 0;
    let max = 0;
    for (let j = 0; j < 32; j++) {
      const v = x[xo + i + j];
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    f32[0] = max / -8;
    const d = f32[0];
    f32[1] = d ? 1 / d : 0;
    const id = f32[1];
    writeU16(out, o, f32ToF16(d));
    for (let j = 0; j < 16; j++) {
      // Two float roundings, as in C: (x·id) then (+ 8.5).
      f32[2] = x[xo + i + j] * id;
      f32[2] = f32[2] + 8.5;
      const x0 = Math.min(15, Math.trunc(f32[2]));
      f32[2] = x[xo + i + j + 16] * id;
      f32[2] = f32[2] + 8.5;
      const x1 = Math.min(15, Math.trunc(f32[2]));
      out[o + 2 + j] = x0 | (x1 << 4);
    }
  }
}

/**
 * ggml's "K" quants: super-blocks of 256 values.
 *
 * q4_K / q5_K: 8 sub-blocks of 32 values. Each sub-block j has a 6-bit scale sc_j and a 6-bit
 * min m_j, packed into 12 bytes (see `scaleMinK4`); the super-block has f16 `d` and `dmin`:
 *     x = d·sc_j·q − dmin·m_j          (q: 4 bits, or 5 bits for q5_K)
 * The 128 bytes of `qs` cover the values 64 at a time: bytes [32c, 32c+32) hold value 64c+l in
 * their low nibble and value 64c+32+l in their high nibble.
 *
 * q6_K: 16 sub-blocks of 16 values, each with an i8 scale; one f16 `d` at the END of the block:
 *     x = d·scale_j·(q − 32)           (q: 6 bits = 4 low bits in `ql` + 2 high bits in `qh`)
 */
import { f16ToF32 } from "../f16.ts";
import { readU16 } from "./blocks.ts";

/**
 * The 6-bit scale and min of sub-block j (0..7) from the 12 packed bytes at s[o..]
 * (ggml's get_scale_min_k4): bytes 0–3 hold scales 0–3 in their low 6 bits, bytes 4–7 mins 0–3;
 * bytes 8–11 hold the low 4 bits of scales/mins 4–7, whose top 2 bits sit in the spare top
 * bits of bytes 0–7.
 */
export function scaleMinK4(j: number, s: Uint8Array, o: number, res: Int32Array): void {
  if (j < 4) {
    res[0] = s[o + j] & 63;
    res[1] = s[o + j + 4] & 63;
  } else {
    res[0] = (s[o + j + 4] & 0xf) | ((s[o + j - 4] >> 6) << 4);
    res[1] = (s[o + j + 4] >> 4) | ((s[o + j] >> 6) << 4);
  }
}

const sm = new Int32Array(2);

export function dequantQ4_K(b: Uint8Array, o: number, out: Float32Array, p: number, nb: number): void {
  for (let i = 0; i < nb; i++, o += 144, p += 256) {
    const d = f16ToF32(readU16(b, o));
    const dmin = f16ToF32(readU16(b, o + 2));
    const sc = o + 4;
    let q = o + 16;
    for (let c = 0; c < 4; c++, q += 32) {
      scaleMinK4(2 * c, b, sc, sm);
      const d1 = d * sm[0];
      const m1 = dmin * sm[1];
      scaleMinK4(2 * c + 1, b, sc, sm);
      const d2 = d * sm[0];
      const m2 = dmin * sm[1];
      const y = p + 64 * c;
      for (let l = 0; l < 32; l++) {
        out[y + l] = d1 * (b[q + l] & 0xf) - m1;
        out[y + 32 + l] = d2 * (b[q + l] >> 4) - m2;
      }
    }
  }
}

export function dequantQ5_K(b: Uint8Array, o: number, out: Float32Array, p: number, nb: number): void {
  for (let i = 0; i < nb; i++, o += 176, p += 256) {
    const d = f16ToF32(readU16(b, o));
    const dmin = f16ToF32(readU16(b, o + 2));
    const sc = o + 4;
    const qh = o + 16; // 32 bytes: bit 2c of qh[l] is the 5th bit of value 64c+l, bit 2c+1 of 64c+32+l
    let q = o + 48;
    for (let c = 0; c < 4; c++, q += 32) {
      scaleMinK4(2 * c, b, sc, sm);
      const d1 = d * sm[0];
      const m1 = dmin * sm[1];
      scaleMinK4(2 * c + 1, b, sc, sm);
      const d2 = d * sm[0];
      const m2 = dmin * sm[1];
      const u1 = 1 << (2 * c);
      const u2 = 2 << (2 * c);
      const y = p + 64 * c;
      for (let l = 0; l < 32; l++) {
        const h = b[qh + l];
        out[y + l] = d1 * ((b[q + l] & 0xf) + (h & u1 ? 16 : 0)) - m1;
        out[y + 32 + l] = d2 * ((b[q + l] >> 4) + (h & u2 ? 16 : 0)) - m2;
      }
    }
  }
}

export function dequantQ6_K(b: Uint8Array, o: number, out: Float32Array, p: number, nb: number): void {
  for (let i = 0; i < nb; i++, o += 210, p += 256) {
    const d = f16ToF32(readU16(b, o + 208));
    // Two halves of 128 values; each uses 64 bytes of ql, 32 of qh and 8 scales.
    for (let half = 0; half < 2; half++) {
      const ql = o + 64 * half;
      const qh = o + 128 + 32 * half;
      const sc = o + 192 + 8 * half;
      const y = p + 128 * half;
      for (let l = 0; l < 32; l++) {
        const is = l >> 4; // sub-blocks of 16
        const h = b[qh + l];
        const q1 = ((b[ql + l] & 0xf) | ((h & 3) << 4)) - 32;
        const q2 = ((b[ql + l + 32] & 0xf) | (((h >> 2) & 3) << 4)) - 32;
        const q3 = ((b[ql + l] >> 4) | (((h >> 4) & 3) << 4)) - 32;
        const q4 = ((b[ql + l + 32] >> 4) | (((h >> 6) & 3) << 4)) - 32;
        out[y + l] = d * ((b[sc + is] << 24) >> 24) * q1;
        out[y + l + 32] = d * ((b[sc + is + 2] << 24) >> 24) * q2;
        out[y + l + 64] = d * ((b[sc + is + 4] << 24) >> 24) * q3;
        out[y + l + 96] = d * ((b[sc + is + 6] << 24) >> 24) * q4;
      }
    }
  }
}

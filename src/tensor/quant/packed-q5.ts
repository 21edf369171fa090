/**
 * The 5-bit block types in a kernel-friendly layout, and its plain reference (pack, unpack,
 * dequantize). In ggml's layout the 32 fifth bits of a q5_0/q5_1 block are one u32, bit j for value
 * j: a SIMD kernel spends a shuffle, two ands, a compare and an or per 16 values spreading them to
 * byte lanes. Repacked at load time (llama.cpp calls it "repack"), in place and in the same bytes,
 * each value's 5-bit code c (0..31) is reached with one mask, or one mask, one shift and one more
 * mask and an or, on 16 values at once:
 *
 *   q5_0: groups of 4 blocks (128 values), 4 · 22 = 88 bytes      q5_1: 4 · 24 = 96 bytes
 *      0  d[4]      f16, the scale of block j                        0  d[4]   8  m[4]   (f16)
 *      8  v[4][16]  v_j[l] = c_j[l] | (c_j[16+l] >> 2) << 5         16  v[4][16]
 *     72  e[16]     e[l]   = Σ_j (c_j[16+l] & 3) << 2j              80  e[16]
 *
 *   q5_K: each super-block (256 values, 176 bytes)
 *      0  d, dmin (f16), scales[12]   as in ggml (see kquants.ts)
 *     16  e[32]     e[l]   = Σ_c (c[64c+32+l] & 3) << 2c            (chunk c: values 64c .. 64c+63)
 *     48  a[4][32]  a_c[l] = c[64c+l] | (c[64c+32+l] >> 2) << 5
 *
 * so c_j[l] = v_j[l] & 31 and c_j[16+l] = (v_j[l] >> 5) << 2 | (e[l] >> 2j) & 3 (q5_K: a_c, e >> 2c).
 * Values are as before: q5_0 x = d·(c − 16), q5_1 x = d·c + m, q5_K x = d·sc·c − dmin·m.
 *
 *   a q5_0 block with d = 0.5 and codes 0, 1, …, 31: v_0 = [0 | 16>>2<<5, 1 | 17>>2<<5, …] = [128, 129, …],
 *   e = [0, 1, 2, 3, 0, 1, …] (c & 3 of 16, 17, 18, 19, …); dequantized: −8, −7.5, …, 7.5.
 *
 * A packed q5_0/q5_1 weight must be whole groups (its rows a multiple of 128 values); the group of a
 * block is counted from the start of the packed range (its origin, src/tensor/repack.ts). The
 * kernels: src/tensor/wasm/assembly/packed-q5.ts (and the packers there), relaxed-q5.ts.
 */
import { f16ToF32 } from "../f16.ts";
import { readU16 } from "./blocks.ts";
import { scaleMinK4 } from "./kquants.ts";

export type PackedType = "q5_0" | "q5_1" | "q5_K";

/** ggml's q5_0 / q5_1 block: bytes, offset of qh (u32) and of the 16 nibble bytes. */
const LEGACY = {
  q5_0: { bytes: 22, qh: 2, qs: 6, scales: 1 },
  q5_1: { bytes: 24, qh: 4, qs: 8, scales: 2 },
} as const;

/** Bytes of one packing unit: a group of 4 blocks (q5_0: 88, q5_1: 96) or a q5_K super-block (176). */
export function packUnitBytes(type: PackedType): number {
  return type === "q5_K" ? 176 : 4 * LEGACY[type].bytes;
}

/** Blocks (of 32 values, or q5_K super-blocks of 256) in one packing unit. */
export function blocksPerUnit(type: PackedType): number {
  return type === "q5_K" ? 1 : 4;
}

const codes = new Uint8Array(256); // a q5_K super-block's, or 4 q5_0/q5_1 blocks'

/** The 5-bit codes of the ggml block at b[o..] into into[at .. at+32). */
function legacyCodes(type: "q5_0" | "q5_1", b: Uint8Array, o: number, into: Uint8Array, at: number): void {
  const { qh, qs } = LEGACY[type];
  const h = (b[o + qh] | (b[o + qh + 1] << 8) | (b[o + qh + 2] << 16) | (b[o + qh + 3] << 24)) >>> 0;
  for (let l = 0; l < 16; l++) {
    into[at + l] = (b[o + qs + l] & 0xf) | (((h >>> l) & 1) << 4);
    into[at + 16 + l] = (b[o + qs + l] >> 4) | (((h >>> (16 + l)) & 1) << 4);
  }
}

/**
 * Packs `units` units (groups of 4 blocks, or q5_K super-blocks) at b[o..] in place: ggml's layout
 * in, the packed layout out. unpackRef undoes it.
 */
export function packRef(type: PackedType, b: Uint8Array, o: number, units: number): void {
  if (type === "q5_K") {
    for (let u = 0; u < units; u++, o += 176) {
      for (let c = 0; c < 4; c++) {
        for (let l = 0; l < 32; l++) {
          const q = b[o + 48 + 32 * c + l];
          const h = b[o + 16 + l];
          codes[64 * c + l] = (q & 0xf) | (((h >> (2 * c)) & 1) << 4);
          codes[64 * c + 32 + l] = (q >> 4) | (((h >> (2 * c + 1)) & 1) << 4);
        }
      }
      for (let l = 0; l < 32; l++) {
        let e = 0;
        for (let c = 0; c < 4; c++) {
          const hi = codes[64 * c + 32 + l];
          b[o + 48 + 32 * c + l] = codes[64 * c + l] | ((hi >> 2) << 5);
          e |= (hi & 3) << (2 * c);
        }
        b[o + 16 + l] = e;
      }
    }
    return;
  }
  const { bytes, scales } = LEGACY[type];
  const head = new Uint8Array(16);
  for (let u = 0; u < units; u++, o += 4 * bytes) {
    for (let j = 0; j < 4; j++) {
      legacyCodes(type, b, o + j * bytes, codes, 32 * j);
      // d_j (and m_j) move to the front: d[4], then m[4] for q5_1.
      for (let s = 0; s < scales; s++) {
        head[8 * s + 2 * j] = b[o + j * bytes + 2 * s];
        head[8 * s + 2 * j + 1] = b[o + j * bytes + 2 * s + 1];
      }
    }
    b.set(head.subarray(0, 8 * scales), o);
    const v = o + 8 * scales;
    for (let l = 0; l < 16; l++) {
      let e = 0;
      for (let j = 0; j < 4; j++) {
        const hi = codes[32 * j + 16 + l];
        b[v + 16 * j + l] = codes[32 * j + l] | ((hi >> 2) << 5);
        e |= (hi & 3) << (2 * j);
      }
      b[v + 64 + l] = e;
    }
  }
}

/** The code of value l (0..31) of block j of the packed group whose v lanes start at b[v..] (e at v + 64). */
function packedCode(b: Uint8Array, v: number, j: number, l: number): number {
  const lane = b[v + 16 * j + (l & 15)];
  if (l < 16) return lane & 31;
  return ((lane >> 5) << 2) | ((b[v + 64 + (l & 15)] >> (2 * j)) & 3);
}

/** The packed q5_K super-block at b[o..]: code of value 64c + l (l < 64). */
function packedCodeK(b: Uint8Array, o: number, c: number, l: number): number {
  const lane = b[o + 48 + 32 * c + (l & 31)];
  if (l < 32) return lane & 31;
  return ((lane >> 5) << 2) | ((b[o + 16 + (l & 31)] >> (2 * c)) & 3);
}

/** Undoes packRef: `units` packed units at b[o..] back to ggml's layout, in place. */
export function unpackRef(type: PackedType, b: Uint8Array, o: number, units: number): void {
  if (type === "q5_K") {
    for (let u = 0; u < units; u++, o += 176) {
      for (let c = 0; c < 4; c++) for (let l = 0; l < 64; l++) codes[64 * c + l] = packedCodeK(b, o, c, l);
      for (let l = 0; l < 32; l++) {
        let h = 0;
        for (let c = 0; c < 4; c++) {
          const lo = codes[64 * c + l];
          const hi = codes[64 * c + 32 + l];
          b[o + 48 + 32 * c + l] = (lo & 0xf) | ((hi & 0xf) << 4);
          h |= ((lo >> 4) << (2 * c)) | ((hi >> 4) << (2 * c + 1));
        }
        b[o + 16 + l] = h;
      }
    }
    return;
  }
  const { bytes, qh, qs, scales } = LEGACY[type];
  const sc = new Uint8Array(16);
  for (let u = 0; u < units; u++, o += 4 * bytes) {
    const v = o + 8 * scales;
    for (let j = 0; j < 4; j++) for (let l = 0; l < 32; l++) codes[32 * j + l] = packedCode(b, v, j, l);
    sc.set(b.subarray(o, o + 8 * scales));
    for (let j = 0; j < 4; j++) {
      const p = o + j * bytes;
      for (let s = 0; s < scales; s++) {
        b[p + 2 * s] = sc[8 * s + 2 * j];
        b[p + 2 * s + 1] = sc[8 * s + 2 * j + 1];
      }
      let h = 0;
      for (let l = 0; l < 32; l++) h |= (codes[32 * j + l] >> 4) << l;
      b[p + qh] = h & 0xff;
      b[p + qh + 1] = (h >>> 8) & 0xff;
      b[p + qh + 2] = (h >>> 16) & 0xff;
      b[p + qh + 3] = h >>> 24;
      for (let l = 0; l < 16; l++)
        b[p + qs + l] = (codes[32 * j + l] & 0xf) | ((codes[32 * j + 16 + l] & 0xf) << 4);
    }
  }
}

const sm = new Int32Array(2);

/**
 * Dequantizes `nb` blocks of a packed weight: those ggml's layout would put at b[o..] (block i at
 * o + i·blockBytes), in a packed range that starts at b[origin..] (q5_K: any origin). Values to out[p..].
 */
export function dequantPacked(
  type: PackedType,
  b: Uint8Array,
  origin: number,
  o: number,
  out: Float32Array,
  p: number,
  nb: number,
): void {
  if (type === "q5_K") {
    for (let i = 0; i < nb; i++, o += 176, p += 256) {
      const d = f16ToF32(readU16(b, o));
      const dmin = f16ToF32(readU16(b, o + 2));
      for (let c = 0; c < 4; c++) {
        scaleMinK4(2 * c, b, o + 4, sm);
        const d1 = d * sm[0];
        const m1 = dmin * sm[1];
        scaleMinK4(2 * c + 1, b, o + 4, sm);
        const d2 = d * sm[0];
        const m2 = dmin * sm[1];
        for (let l = 0; l < 32; l++) {
          out[p + 64 * c + l] = d1 * packedCodeK(b, o, c, l) - m1;
          out[p + 64 * c + 32 + l] = d2 * packedCodeK(b, o, c, 32 + l) - m2;
        }
      }
    }
    return;
  }
  const { bytes, scales } = LEGACY[type];
  for (let i = 0; i < nb; i++, o += bytes, p += 32) {
    const j = ((o - origin) / bytes) & 3; // the block's place in its group
    const g = o - j * bytes; // the group's first byte
    const d = f16ToF32(readU16(b, g + 2 * j));
    const v = g + 8 * scales;
    if (type === "q5_0") {
      for (let l = 0; l < 32; l++) out[p + l] = d * (packedCode(b, v, j, l) - 16);
    } else {
      const m = f16ToF32(readU16(b, g + 8 + 2 * j));
      for (let l = 0; l < 32; l++) out[p + l] = d * packedCode(b, v, j, l) + m;
    }
  }
}

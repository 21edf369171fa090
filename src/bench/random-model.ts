/**
 * Random-weight models in the shapes of real ones, written as GGUF by our own writer, so speed can
 * be measured without downloading anything: decoding time depends on the shapes and the weight
 * format, not on what the weights have learned.
 *
 *   writeRandomModel("/tmp/qwen2-q8_0.gguf", QWEN2_0_5B, "q8_0");   // ~0.5 GB, loads in llama.cpp too
 *
 * Weights are uniform with GPT-2's init scale (std 0.02), norms ≈ 1, biases small, so activations
 * stay finite through all layers. Seeded: the same call writes the same bytes. q8_0 and q4_0
 * matrices are quantized from random floats (those of the big files, and every other block type,
 * are random blocks made as bytes: `randomBlocks`): speed depends on the shapes and the format,
 * not on how the codes were found. Each tensor's type follows llama.cpp's quantizer
 * (formats/gguf-mix.ts), so a Q4_K_M file here is laid out as the Q4_K_M files people download.
 */
import { renameSync } from "node:fs";
import { FILE_TYPES, type FileType, LLAMA_FTYPE, mixTypes } from "../formats/gguf-mix.ts";
import { type GgufTensorEntry, gv, writeGguf } from "../formats/gguf-writer.ts";
import { bytesPerRow, quantizeRow } from "../tensor/dtypes.ts";
import { f32ToBf16, f32ToF16 } from "../tensor/f16.ts";
import type { DType } from "../tensor/tensor.ts";
import { syntheticByteLevelVocab } from "./synthetic-vocab.ts";

/**
 * A file type: one dtype for every matrix, or llama.cpp's Q4_K_M / Q5_K_M mixes, each tensor typed
 * by the quantizer's rules (formats/gguf-mix.ts).
 */
export type BenchDType = FileType;
export const BENCH_DTYPES: readonly BenchDType[] = FILE_TYPES;

/** A model's shape: what decides its speed. */
export interface BenchShape {
  /** File-name friendly id, e.g. "qwen2-0.5b". */
  id: string;
  /** Human name for tables. */
  name: string;
  arch: "gpt2" | "qwen2" | "llama";
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  ffn: number;
  vocab: number;
  ctx: number;
  ropeTheta: number;
  /** Special tokens at the end of the vocabulary; the first is BOS/EOS. */
  specials: string[];
  /** An output head of its own (`output.weight`), as Llama 2/3 have; default: tied to the embedding. */
  untiedHead?: boolean;
}

export const GPT2_124M: BenchShape = {
  id: "gpt2-124m",
  name: "GPT-2 124M",
  arch: "gpt2",
  layers: 12,
  hidden: 768,
  heads: 12,
  kvHeads: 12,
  ffn: 3072,
  vocab: 50257,
  ctx: 1024,
  ropeTheta: 0,
  specials: ["<|endoftext|>"],
};

export const QWEN2_0_5B: BenchShape = {
  id: "qwen2-0.5b",
  name: "Qwen2-0.5B",
  arch: "qwen2",
  layers: 24,
  hidden: 896,
  heads: 14,
  kvHeads: 2,
  ffn: 4864,
  vocab: 151936,
  ctx: 32768,
  ropeTheta: 1e6,
  // Qwen2's 3 real special tokens, then padding up to the embedding's 151936 rows.
  specials: [
    "<|endoftext|>",
    "<|im_start|>",
    "<|im_end|>",
    ...Array.from({ length: 290 }, (_, i) => `<|extra_${i}|>`),
  ],
};

/** Llama-2-7B: multi-head attention (32 K/V heads), 32k SentencePiece vocabulary, untied head. */
export const LLAMA2_7B: BenchShape = {
  id: "llama2-7b",
  name: "Llama-2-7B",
  arch: "llama",
  layers: 32,
  hidden: 4096,
  heads: 32,
  kvHeads: 32,
  ffn: 11008,
  vocab: 32000,
  ctx: 4096,
  ropeTheta: 10000,
  specials: ["</s>"],
  untiedHead: true,
};

/** Llama-3-8B: grouped-query attention (8 K/V heads), 128k BPE vocabulary, untied head. */
export const LLAMA3_8B: BenchShape = {
  id: "llama3-8b",
  name: "Llama-3-8B",
  arch: "llama",
  layers: 32,
  hidden: 4096,
  heads: 32,
  kvHeads: 8,
  ffn: 14336,
  vocab: 128256,
  ctx: 8192,
  ropeTheta: 500000,
  specials: [
    "<|begin_of_text|>",
    "<|end_of_text|>",
    ...Array.from({ length: 254 }, (_, i) => `<|reserved_${i}|>`),
  ],
  untiedHead: true,
};

/** xorshift32 → uniform in [-1, 1): fast enough for half a billion weights. */
function uniformSource(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2147483648 - 1;
  };
}

/** `n` floats, uniform with standard deviation `std` around `mean`. */
function randomFloats(n: number, std: number, rand: () => number, mean = 0): Float32Array {
  const a = std * Math.sqrt(3); // uniform on [-a, a] has std a/√3
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = mean + a * rand();
  return x;
}

/**
 * Random blocks of a quantized type, made as bytes (quantizing billions of random floats in
 * JavaScript takes most of an hour, and there is no q4_1/q5_x quantizer here): every code and
 * 6-bit sub-block scale random, the f16 block scales (and mins) chosen so the weights have a std
 * of ~0.02 and a mean near 0, as the other files. Codes c uniform on 0..2^b − 1 have std ≈ 2^b/√12:
 *   q8_0  d·c (c: i8)            q4_0  d·(c − 8)        q5_0  d·(c − 16)
 *   q4_1  d·c + m, m = −7.5·d    q5_1  d·c + m, m = −15.5·d
 *   q4_K / q5_K  d·sc·c − dmin·mn (sc, mn: 0..63), dmin chosen to centre them
 *   q6_K  d·sc·(c − 32) (sc: i8, here −16..15)
 */
function randomBlocks(dtype: DType, values: number, rand: () => number): Uint8Array {
  const layout: Partial<Record<DType, { size: number; bytes: number; d: number; m?: number }>> = {
    q8_0: { size: 32, bytes: 34, d: 0.02 / 74 },
    q4_0: { size: 32, bytes: 18, d: 0.02 / 4.6 },
    q4_1: { size: 32, bytes: 20, d: 0.02 / 4.6, m: (-0.02 / 4.6) * 7.5 },
    q5_0: { size: 32, bytes: 22, d: 0.02 / 9.2 },
    q5_1: { size: 32, bytes: 24, d: 0.02 / 9.2, m: (-0.02 / 9.2) * 15.5 },
    q4_K: { size: 256, bytes: 144, d: 8e-5, m: 6e-4 },
    q5_K: { size: 256, bytes: 176, d: 4e-5, m: 6.2e-4 },
    q6_K: { size: 256, bytes: 210, d: 1.2e-4 },
  };
  const l = layout[dtype];
  if (!l) throw new Error(`randomBlocks: ${dtype} is not a block type`);
  const out = new Uint8Array((values / l.size) * l.bytes);
  const words = new Uint32Array(out.buffer, 0, out.length >> 2);
  for (let i = 0; i < words.length; i++) words[i] = ((rand() + 1) * 2147483648) >>> 0;
  const view = new DataView(out.buffer);
  const d = f32ToF16(l.d);
  const m = l.m === undefined ? 0 : f32ToF16(l.m);
  for (let o = 0; o < out.length; o += l.bytes) {
    if (dtype === "q6_K") {
      for (let j = 192; j < 208; j++) out[o + j] = ((out[o + j] & 31) - 16) & 0xff;
      view.setUint16(o + 208, d, true);
    } else {
      view.setUint16(o, d, true);
      if (l.m !== undefined) view.setUint16(o + 2, m, true);
    }
  }
  return out;
}

/** Float values → the bytes of `dtype` (rows of `cols` values). */
function encode(x: Float32Array, dtype: DType): Uint8Array {
  if (dtype === "f32") return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  if (dtype === "f16" || dtype === "bf16") {
    const conv = dtype === "f16" ? f32ToF16 : f32ToBf16;
    const h = new Uint16Array(x.length);
    for (let i = 0; i < x.length; i++) h[i] = conv(x[i]);
    return new Uint8Array(h.buffer);
  }
  if (dtype !== "q8_0" && dtype !== "q4_0") throw new Error(`${dtype} blocks are made by randomBlocks`);
  const out = new Uint8Array(bytesPerRow(dtype, x.length));
  quantizeRow(dtype, x, out); // rows are whole blocks, so the tensor quantizes as one long row
  return out;
}

interface Planned {
  name: string;
  shape: number[];
  dtype: DType;
  std: number;
  mean: number;
}

/** The tensors of `shape` in llama.cpp's GGUF names, each typed as llama.cpp's quantizer types it for `dtype`. */
function planTensors(s: BenchShape, dtype: BenchDType): Planned[] {
  const hd = s.hidden / s.heads;
  const kv = s.kvHeads * hd;
  const W = (name: string, rows: number, cols: number): Planned => ({
    name,
    shape: [rows, cols],
    dtype: "f32", // typed below (mixTypes)
    std: 0.02,
    mean: 0,
  });
  const V = (name: string, n: number, mean = 0): Planned => ({
    name,
    shape: [n],
    dtype: "f32",
    std: 0.02,
    mean,
  });
  const t: Planned[] = [W("token_embd.weight", s.vocab, s.hidden)];
  if (s.arch === "gpt2") t.push(W("position_embd.weight", s.ctx, s.hidden));
  for (let l = 0; l < s.layers; l++) {
    const p = `blk.${l}.`;
    if (s.arch === "gpt2") {
      t.push(V(`${p}attn_norm.weight`, s.hidden, 1), V(`${p}attn_norm.bias`, s.hidden));
      t.push(W(`${p}attn_qkv.weight`, 3 * s.hidden, s.hidden), V(`${p}attn_qkv.bias`, 3 * s.hidden));
      t.push(W(`${p}attn_output.weight`, s.hidden, s.hidden), V(`${p}attn_output.bias`, s.hidden));
      t.push(V(`${p}ffn_norm.weight`, s.hidden, 1), V(`${p}ffn_norm.bias`, s.hidden));
      t.push(W(`${p}ffn_up.weight`, s.ffn, s.hidden), V(`${p}ffn_up.bias`, s.ffn));
      t.push(W(`${p}ffn_down.weight`, s.hidden, s.ffn), V(`${p}ffn_down.bias`, s.hidden));
    } else {
      t.push(V(`${p}attn_norm.weight`, s.hidden, 1));
      t.push(W(`${p}attn_q.weight`, s.hidden, s.hidden));
      t.push(W(`${p}attn_k.weight`, kv, s.hidden));
      t.push(W(`${p}attn_v.weight`, kv, s.hidden));
      if (s.arch === "qwen2") {
        t.push(V(`${p}attn_q.bias`, s.hidden), V(`${p}attn_k.bias`, kv), V(`${p}attn_v.bias`, kv));
      }
      t.push(W(`${p}attn_output.weight`, s.hidden, s.hidden));
      t.push(V(`${p}ffn_norm.weight`, s.hidden, 1));
      t.push(W(`${p}ffn_gate.weight`, s.ffn, s.hidden));
      t.push(W(`${p}ffn_up.weight`, s.ffn, s.hidden));
      t.push(W(`${p}ffn_down.weight`, s.hidden, s.ffn));
    }
  }
  t.push(V("output_norm.weight", s.hidden, 1));
  if (s.arch === "gpt2") t.push(V("output_norm.bias", s.hidden));
  // Without output.weight the embeddings are tied (GPT-2, Qwen2-0.5B), as llama.cpp allows.
  if (s.untiedHead) t.push(W("output.weight", s.vocab, s.hidden));
  const types = mixTypes(t, dtype);
  for (const p of t) p.dtype = types.get(p.name)!;
  return t;
}

function metadata(s: BenchShape, dtype: BenchDType) {
  const a = s.arch;
  const vocab = syntheticByteLevelVocab(s.vocab, s.specials);
  const special = s.vocab - s.specials.length; // the first special token's id
  const m: Record<string, ReturnType<typeof gv.u32>> = {
    "general.architecture": gv.str(a),
    "general.name": gv.str(`tongguan-bench-${s.id}-random`),
    "general.file_type": gv.u32(LLAMA_FTYPE[dtype]),
    [`${a}.context_length`]: gv.u32(s.ctx),
    [`${a}.embedding_length`]: gv.u32(s.hidden),
    [`${a}.block_count`]: gv.u32(s.layers),
    [`${a}.feed_forward_length`]: gv.u32(s.ffn),
    [`${a}.attention.head_count`]: gv.u32(s.heads),
  };
  if (a === "gpt2") {
    m[`${a}.attention.layer_norm_epsilon`] = gv.f32(1e-5);
  } else {
    m[`${a}.attention.head_count_kv`] = gv.u32(s.kvHeads);
    m[`${a}.rope.freq_base`] = gv.f32(s.ropeTheta);
    m[`${a}.attention.layer_norm_rms_epsilon`] = gv.f32(1e-6);
  }
  Object.assign(m, {
    "tokenizer.ggml.model": gv.str("gpt2"),
    "tokenizer.ggml.pre": gv.str(a === "qwen2" ? "qwen2" : "gpt-2"),
    "tokenizer.ggml.tokens": gv.strings(vocab.tokens),
    "tokenizer.ggml.token_type": gv.i32s(vocab.types),
    "tokenizer.ggml.merges": gv.strings(vocab.merges),
    "tokenizer.ggml.bos_token_id": gv.u32(special),
    "tokenizer.ggml.eos_token_id": gv.u32(special),
    "tokenizer.ggml.add_bos_token": gv.bool(false),
  });
  return m;
}

/** Bytes of the weights alone (what one decoded token streams from memory, roughly). */
export function weightBytes(s: BenchShape, dtype: BenchDType): number {
  return planTensors(s, dtype).reduce(
    (sum, t) => sum + t.shape.slice(0, -1).reduce((a, b) => a * b, 1) * bytesPerRow(t.dtype, t.shape.at(-1)!),
    0,
  );
}

/**
 * Writes a random-weight GGUF of `shape` with matrices in `dtype` (atomically: to `path`.tmp,
 * then renamed, so an interrupted run never leaves a half file in a cache).
 */
export function writeRandomModel(
  path: string,
  shape: BenchShape,
  dtype: BenchDType,
  seed = 1,
  options: { randomBlocks?: boolean } = {},
): void {
  const planned = planTensors(shape, dtype);
  const tensors: GgufTensorEntry[] = planned.map((p, i) => ({
    name: p.name,
    shape: p.shape,
    dtype: p.dtype,
    // Each tensor has its own seed, so its bytes do not depend on the order they are made in.
    bytes: () => {
      const n = p.shape.reduce((a, b) => a * b, 1);
      const rand = uniformSource(seed * 100003 + i);
      // q8_0 and q4_0 are quantized from random floats (ggml's reference quantizers), unless the
      // file is too big for that; the other block types are random blocks.
      const quantized = p.dtype === "q8_0" || p.dtype === "q4_0";
      if (p.dtype.startsWith("q") && (!quantized || options.randomBlocks))
        return randomBlocks(p.dtype, n, rand);
      return encode(randomFloats(n, p.std, rand, p.mean), p.dtype);
    },
  }));
  const tmp = `${path}.tmp`;
  writeGguf(tmp, { metadata: metadata(shape, dtype), tensors });
  renameSync(tmp, path);
}

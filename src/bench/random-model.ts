/**
 * Random-weight models in the shapes of real ones, written as GGUF by our own writer, so speed can
 * be measured without downloading anything: decoding time depends on the shapes and the weight
 * format, not on what the weights have learned.
 *
 *   writeRandomModel("/tmp/qwen2-q8_0.gguf", QWEN2_0_5B, "q8_0");   // ~0.5 GB, loads in llama.cpp too
 *
 * Weights are uniform with GPT-2's init scale (std 0.02), norms ≈ 1, biases small, so activations
 * stay finite through all layers. Seeded: the same call writes the same bytes. Block-quantized
 * matrices of the big files are random blocks made as bytes (`randomBlocks`; k-quants always):
 * speed depends on the shapes and the format, not on how the codes were found.
 */
import { renameSync } from "node:fs";
import { type GgufTensorEntry, gv, writeGguf } from "../formats/gguf-writer.ts";
import { bytesPerRow, quantizeRow } from "../tensor/dtypes.ts";
import { f32ToF16 } from "../tensor/f16.ts";
import { syntheticByteLevelVocab } from "./synthetic-vocab.ts";

/** A file type: one dtype for every matrix, or llama.cpp's Q4_K_M mix (q4_K, with q6_K where it keeps more bits). */
export type BenchDType = "f32" | "f16" | "q8_0" | "q4_0" | "q4_K_M";
export const BENCH_DTYPES: readonly BenchDType[] = ["f32", "f16", "q8_0", "q4_0", "q4_K_M"];
/** What one tensor is stored as. */
type TensorDType = "f32" | "f16" | "q8_0" | "q4_0" | "q4_K" | "q6_K";

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
 * Random q4_0/q8_0 blocks made as bytes (for the 7–8 B files: quantizing billions of random floats in
 * JavaScript takes most of an hour): an f16 scale d, then random codes — q4_0: 16 bytes of nibbles,
 * value d·(c − 8); q8_0: 32 int8, value d·c — with d chosen for a std of ~0.02.
 */
function randomLegacyBlocks(dtype: "q4_0" | "q8_0", values: number, rand: () => number): Uint8Array {
  const blockBytes = dtype === "q4_0" ? 18 : 34;
  const out = new Uint8Array((values / 32) * blockBytes);
  const words = new Uint32Array(out.buffer, 0, out.length >> 2);
  for (let i = 0; i < words.length; i++) words[i] = ((rand() + 1) * 2147483648) >>> 0;
  const d = f32ToF16(dtype === "q4_0" ? 0.02 / 4.6 : 0.02 / 74);
  for (let o = 0; o < out.length; o += blockBytes) {
    out[o] = d & 0xff;
    out[o + 1] = d >> 8;
  }
  return out;
}

/**
 * Random k-quant blocks, made as bytes (no k-quant quantizer is needed to time one): every 6-bit
 * scale and 4/6-bit value random, the f16 super-block scales chosen so the weights have a std of
 * ~0.02 like the other files. q4_K: d, dmin (f16), 12 bytes of packed scales, 128 bytes of nibbles;
 * q6_K: 128 + 64 bytes of 6-bit values, 16 int8 scales (here in −16..15), d (f16).
 */
function randomKBlocks(dtype: "q4_K" | "q6_K", values: number, rand: () => number): Uint8Array {
  const blockBytes = dtype === "q4_K" ? 144 : 210;
  const out = new Uint8Array((values / 256) * blockBytes);
  const words = new Uint32Array(out.buffer, 0, out.length >> 2);
  for (let i = 0; i < words.length; i++) words[i] = ((rand() + 1) * 2147483648) >>> 0;
  const view = new DataView(out.buffer);
  for (let o = 0; o < out.length; o += blockBytes) {
    if (dtype === "q4_K") {
      view.setUint16(o, f32ToF16(8e-5), true); // d
      view.setUint16(o + 2, f32ToF16(6e-4), true); // dmin: centres d·sc·q − dmin·m near 0
    } else {
      for (let j = 192; j < 208; j++) out[o + j] = ((out[o + j] & 31) - 16) & 0xff;
      view.setUint16(o + 208, f32ToF16(1.2e-4), true);
    }
  }
  return out;
}

/** Float values → the bytes of `dtype` (rows of `cols` values). */
function encode(x: Float32Array, dtype: TensorDType): Uint8Array {
  if (dtype === "f32") return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  if (dtype === "f16") {
    const h = new Uint16Array(x.length);
    for (let i = 0; i < x.length; i++) h[i] = f32ToF16(x[i]);
    return new Uint8Array(h.buffer);
  }
  if (dtype === "q4_K" || dtype === "q6_K") throw new Error("k-quant blocks are made by randomKBlocks");
  const out = new Uint8Array(bytesPerRow(dtype, x.length));
  quantizeRow(dtype, x, out); // rows are whole blocks, so the tensor quantizes as one long row
  return out;
}

interface Planned {
  name: string;
  shape: number[];
  dtype: TensorDType;
  std: number;
  mean: number;
}

/**
 * llama.cpp's Q4_K_M (llama_tensor_get_type): q4_K, except q6_K for the output head and, in the
 * layers where it "uses more bits" (the first and last eighth, every third between), attn_v and ffn_down.
 */
function q4KMType(name: string, layers: number): TensorDType {
  if (name === "output.weight") return "q6_K";
  const m = /^blk\.(\d+)\.(attn_v|ffn_down)\.weight$/.exec(name);
  if (!m) return "q4_K";
  const i = Number(m[1]);
  const moreBits = i < layers / 8 || i >= (7 * layers) / 8 || (i - Math.floor(layers / 8)) % 3 === 2;
  return moreBits ? "q6_K" : "q4_K";
}

/** The tensors of `shape` in llama.cpp's GGUF names; matrices get `dtype`, vectors stay f32. */
function planTensors(s: BenchShape, dtype: BenchDType): Planned[] {
  const hd = s.hidden / s.heads;
  const kv = s.kvHeads * hd;
  const W = (name: string, rows: number, cols: number): Planned => ({
    name,
    shape: [rows, cols],
    dtype: dtype === "q4_K_M" ? q4KMType(name, s.layers) : dtype,
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
  if (s.arch === "gpt2") t.push({ ...W("position_embd.weight", s.ctx, s.hidden), dtype: "f32" });
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
  return t;
}

const FILE_TYPE: Record<BenchDType, number> = { f32: 0, f16: 1, q4_0: 2, q8_0: 7, q4_K_M: 15 };

function metadata(s: BenchShape, dtype: BenchDType) {
  const a = s.arch;
  const vocab = syntheticByteLevelVocab(s.vocab, s.specials);
  const special = s.vocab - s.specials.length; // the first special token's id
  const m: Record<string, ReturnType<typeof gv.u32>> = {
    "general.architecture": gv.str(a),
    "general.name": gv.str(`tongguan-bench-${s.id}-random`),
    "general.file_type": gv.u32(FILE_TYPE[dtype]),
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
      if (p.dtype === "q4_K" || p.dtype === "q6_K") return randomKBlocks(p.dtype, n, rand);
      if (options.randomBlocks && (p.dtype === "q4_0" || p.dtype === "q8_0"))
        return randomLegacyBlocks(p.dtype, n, rand);
      return encode(randomFloats(n, p.std, rand, p.mean), p.dtype);
    },
  }));
  const tmp = `${path}.tmp`;
  writeGguf(tmp, { metadata: metadata(shape, dtype), tensors });
  renameSync(tmp, path);
}

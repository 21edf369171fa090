/**
 * Tiny random-weight models written by our own writers, for tests: a llama-architecture GGUF with a
 * small SentencePiece-style vocabulary (Hugging Face folders are in tiny-hf-models.ts). Seeded, so
 * every run writes the same bytes.
 */
import { type CastTarget, castTensor } from "../../src/formats/cast.ts";
import { ggufTensor, gv, writeGguf } from "../../src/formats/gguf-writer.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { rng } from "../helpers/random.ts";

/** mulberry32 + Box–Muller: a seeded N(0,1) source. */
export function gaussian(seed: number): () => number {
  const uniform = rng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export function randomTensor(shape: number[], std: number, rand: () => number, mean = 0): Tensor {
  const t = Tensor.zeros(shape);
  const d = t.data as Float32Array;
  for (let i = 0; i < d.length; i++) d[i] = mean + std * rand();
  return t;
}

export const TINY = { dim: 64, layers: 2, heads: 4, kvHeads: 2, ffn: 128, ctx: 64 };

/** A SentencePiece-style vocabulary: <unk> <s> </s>, the 256 byte tokens, then some words. */
export function tinySpmVocab(): { tokens: string[]; scores: number[]; types: number[] } {
  const tokens = ["<unk>", "<s>", "</s>"];
  const types = [2, 3, 3];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(6);
  }
  const words = [
    "▁",
    "▁the",
    "▁cat",
    "▁sat",
    "▁on",
    "▁mat",
    "e",
    "t",
    "a",
    "h",
    "c",
    "s",
    "o",
    "n",
    "m",
    "▁t",
    "▁c",
  ];
  for (const w of words) {
    tokens.push(w);
    types.push(1);
  }
  const scores = tokens.map((_, i) => (i < 259 ? 0 : -(i - 259)));
  return { tokens, scores, types };
}

/** HF-layout llama weights (names as in transformers), f32, seeded. */
export function tinyLlamaWeights(vocab: number, seed = 1, hd = TINY.dim / TINY.heads): Map<string, Tensor> {
  const { dim, layers, heads, kvHeads, ffn } = TINY;
  const r = gaussian(seed);
  const w = new Map<string, Tensor>();
  w.set("model.embed_tokens.weight", randomTensor([vocab, dim], 1, r));
  for (let l = 0; l < layers; l++) {
    const p = `model.layers.${l}.`;
    w.set(`${p}input_layernorm.weight`, randomTensor([dim], 0.1, r, 1));
    w.set(`${p}self_attn.q_proj.weight`, randomTensor([heads * hd, dim], 1 / Math.sqrt(dim), r));
    w.set(`${p}self_attn.k_proj.weight`, randomTensor([kvHeads * hd, dim], 1 / Math.sqrt(dim), r));
    w.set(`${p}self_attn.v_proj.weight`, randomTensor([kvHeads * hd, dim], 1 / Math.sqrt(dim), r));
    w.set(`${p}self_attn.o_proj.weight`, randomTensor([dim, heads * hd], 1 / Math.sqrt(dim), r));
    w.set(`${p}post_attention_layernorm.weight`, randomTensor([dim], 0.1, r, 1));
    w.set(`${p}mlp.gate_proj.weight`, randomTensor([ffn, dim], 1 / Math.sqrt(dim), r));
    w.set(`${p}mlp.up_proj.weight`, randomTensor([ffn, dim], 1 / Math.sqrt(dim), r));
    w.set(`${p}mlp.down_proj.weight`, randomTensor([dim, ffn], 1 / Math.sqrt(ffn), r));
  }
  w.set("model.norm.weight", randomTensor([dim], 0.1, r, 1));
  w.set("lm_head.weight", randomTensor([vocab, dim], 1 / Math.sqrt(dim), r));
  return w;
}

/**
 * Writes a tiny llama GGUF directly (GGUF names, q/k rows in llama.cpp's permuted layout are not
 * needed here since the weights are random). 2-D weights get `type`, norms stay f32.
 */
export function writeTinyLlamaGguf(
  path: string,
  type: CastTarget = "f32",
  seed = 1,
  /** Tensors by name, as Hugging Face's and llama.cpp's converters write them (k before q, …). */
  alphabetical = false,
): void {
  const { dim, layers, heads, kvHeads, ffn, ctx } = TINY;
  const vocab = tinySpmVocab();
  const w = tinyLlamaWeights(vocab.tokens.length, seed);
  const gg = (name: string, t: Tensor) =>
    ggufTensor(name, t.shape.length === 2 ? castTensor(t, type, false) : t);
  const tensors = [gg("token_embd.weight", w.get("model.embed_tokens.weight")!)];
  const map: [string, string][] = [
    ["attn_norm", "input_layernorm"],
    ["attn_q", "self_attn.q_proj"],
    ["attn_k", "self_attn.k_proj"],
    ["attn_v", "self_attn.v_proj"],
    ["attn_output", "self_attn.o_proj"],
    ["ffn_norm", "post_attention_layernorm"],
    ["ffn_gate", "mlp.gate_proj"],
    ["ffn_up", "mlp.up_proj"],
    ["ffn_down", "mlp.down_proj"],
  ];
  for (let l = 0; l < layers; l++)
    for (const [g, h] of map)
      tensors.push(gg(`blk.${l}.${g}.weight`, w.get(`model.layers.${l}.${h}.weight`)!));
  tensors.push(gg("output_norm.weight", w.get("model.norm.weight")!));
  tensors.push(gg("output.weight", w.get("lm_head.weight")!));
  if (alphabetical) tensors.sort((a, b) => (a.name < b.name ? -1 : 1));
  writeGguf(path, {
    metadata: {
      "general.architecture": gv.str("llama"),
      "general.name": gv.str("tongguan-test-tiny-llama"),
      "general.file_type": gv.u32({ f32: 0, f16: 1, bf16: 32, q8_0: 7, q4_0: 2 }[type]),
      "llama.context_length": gv.u32(ctx),
      "llama.embedding_length": gv.u32(dim),
      "llama.block_count": gv.u32(layers),
      "llama.feed_forward_length": gv.u32(ffn),
      "llama.attention.head_count": gv.u32(heads),
      "llama.attention.head_count_kv": gv.u32(kvHeads),
      "llama.rope.dimension_count": gv.u32(dim / heads),
      "llama.rope.freq_base": gv.f32(10000),
      "llama.attention.layer_norm_rms_epsilon": gv.f32(1e-5),
      "tokenizer.ggml.model": gv.str("llama"),
      "tokenizer.ggml.pre": gv.str("default"),
      "tokenizer.ggml.tokens": gv.strings(vocab.tokens),
      "tokenizer.ggml.scores": gv.f32s(vocab.scores),
      "tokenizer.ggml.token_type": gv.i32s(vocab.types),
      "tokenizer.ggml.bos_token_id": gv.u32(1),
      "tokenizer.ggml.eos_token_id": gv.u32(2),
      "tokenizer.ggml.unknown_token_id": gv.u32(0),
      "tokenizer.ggml.add_bos_token": gv.bool(true),
    },
    tensors,
  });
}

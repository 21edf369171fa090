/**
 * A tiny random-weight ChatGLM3 with a real SentencePiece vocabulary (Llama 2's tokenizer.model from
 * the shared fixtures) plus ChatGLM's nine special tokens, padded as `padded_vocab_size` pads it.
 * The same seeded weights are written as a GGUF (llama.cpp's `chatglm` architecture) and as a
 * ChatGLM3-style Hugging Face folder (safetensors, sharded safetensors, pytorch_model.bin, sharded .bin).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CastTarget, castTensor } from "../../src/formats/cast.ts";
import { ggufTensor, gv, writeGguf } from "../../src/formats/gguf-writer.ts";
import { hfToGgufName } from "../../src/formats/names.ts";
import { writeSafetensors } from "../../src/formats/safetensors-writer.ts";
import type { Tensor } from "../../src/tensor/tensor.ts";
import { CHATGLM_SPECIAL_TOKENS } from "../../src/tokenizers/chatglm.ts";
import { parseModelProto } from "../../src/tokenizers/sentencepiece/model-proto.ts";
import { fixture } from "../helpers/fixtures.ts";
import { gaussian, randomTensor } from "./tiny-models.ts";
import { writeTorchBin } from "./torch-writer.ts";

/** 4 query heads of 16, 2 K/V groups (multi-query), RoPE on 8 of each head's 16 entries, base 10000·2. */
export const GLM = {
  dim: 64,
  layers: 2,
  heads: 4,
  groups: 2,
  hd: 16,
  ffn: 96,
  ctx: 64,
  ropeRatio: 2,
  eps: 1e-5,
};

export const LLAMA2_SPM = () => fixture("tokenizers", "llama2", "tokenizer.model");

/** Llama 2's 32000 pieces, ChatGLM's special tokens after them, then `[PAD…]` up to a multiple of 64. */
export function tinyChatGlmVocab(): { tokens: string[]; scores: number[]; types: number[]; spCount: number } {
  const m = parseModelProto(readFileSync(LLAMA2_SPM()), "tokenizer.model");
  const tokens = m.pieces.map((p) => p.piece);
  const scores = m.pieces.map((p) => p.score);
  const types = m.pieces.map((p) => p.type);
  const spCount = tokens.length;
  for (const t of CHATGLM_SPECIAL_TOKENS) {
    tokens.push(t);
    scores.push(0);
    types.push(3); // control
  }
  while (tokens.length % 64 !== 0) {
    tokens.push(`[PAD${tokens.length}]`);
    scores.push(0);
    types.push(5); // unused
  }
  return { tokens, scores, types, spCount };
}

/** THUDM's names (with the `transformer.` prefix), f32, seeded. */
export function tinyChatGlmWeights(vocab: number, seed = 7): Map<string, Tensor> {
  const { dim, layers, heads, groups, hd, ffn } = GLM;
  const r = gaussian(seed);
  const w = new Map<string, Tensor>();
  const qkv = (heads + 2 * groups) * hd;
  w.set("transformer.embedding.word_embeddings.weight", randomTensor([vocab, dim], 1, r));
  for (let l = 0; l < layers; l++) {
    const p = `transformer.encoder.layers.${l}.`;
    w.set(`${p}input_layernorm.weight`, randomTensor([dim], 0.1, r, 1));
    w.set(`${p}self_attention.query_key_value.weight`, randomTensor([qkv, dim], 1 / Math.sqrt(dim), r));
    w.set(`${p}self_attention.query_key_value.bias`, randomTensor([qkv], 0.1, r));
    w.set(`${p}self_attention.dense.weight`, randomTensor([dim, heads * hd], 1 / Math.sqrt(dim), r));
    w.set(`${p}post_attention_layernorm.weight`, randomTensor([dim], 0.1, r, 1));
    w.set(`${p}mlp.dense_h_to_4h.weight`, randomTensor([2 * ffn, dim], 1 / Math.sqrt(dim), r));
    w.set(`${p}mlp.dense_4h_to_h.weight`, randomTensor([dim, ffn], 1 / Math.sqrt(ffn), r));
  }
  w.set("transformer.encoder.final_layernorm.weight", randomTensor([dim], 0.1, r, 1));
  w.set("transformer.output_layer.weight", randomTensor([vocab, dim], 1 / Math.sqrt(dim), r));
  return w;
}

/** As llama.cpp's converter writes ChatGLM3: 2-D weights in `type`, norms and biases f32. */
export function writeTinyChatGlmGguf(path: string, type: CastTarget = "f32", seed = 7): void {
  const { dim, layers, heads, groups, hd, ffn, ctx, ropeRatio, eps } = GLM;
  const vocab = tinyChatGlmVocab();
  const w = tinyChatGlmWeights(vocab.tokens.length, seed);
  const tensors = [...w].map(([name, t]) => {
    const g = hfToGgufName("chatglm", name.slice("transformer.".length));
    if (!g) throw new Error(`no GGUF name for ${name}`);
    return ggufTensor(g, t.shape.length === 2 ? castTensor(t, type, false) : t);
  });
  writeGguf(path, {
    metadata: {
      "general.architecture": gv.str("chatglm"),
      "general.name": gv.str("tongguan-test-tiny-chatglm3"),
      "general.file_type": gv.u32({ f32: 0, f16: 1, bf16: 32, q8_0: 7, q4_0: 2 }[type]),
      "chatglm.context_length": gv.u32(ctx),
      "chatglm.embedding_length": gv.u32(dim),
      "chatglm.feed_forward_length": gv.u32(ffn),
      "chatglm.block_count": gv.u32(layers),
      "chatglm.attention.head_count": gv.u32(heads),
      "chatglm.attention.head_count_kv": gv.u32(groups),
      "chatglm.attention.layer_norm_rms_epsilon": gv.f32(eps),
      "chatglm.rope.dimension_count": gv.u32(hd / 2),
      "chatglm.rope.freq_base": gv.f32(10000 * ropeRatio),
      "tokenizer.ggml.model": gv.str("llama"),
      "tokenizer.ggml.pre": gv.str("chatglm-spm"),
      "tokenizer.ggml.tokens": gv.strings(vocab.tokens),
      "tokenizer.ggml.scores": gv.f32s(vocab.scores),
      "tokenizer.ggml.token_type": gv.i32s(vocab.types),
      "tokenizer.ggml.bos_token_id": gv.u32(1),
      "tokenizer.ggml.eos_token_id": gv.u32(2),
      "tokenizer.ggml.unknown_token_id": gv.u32(0),
      "tokenizer.ggml.padding_token_id": gv.u32(0),
      "tokenizer.ggml.add_bos_token": gv.bool(false),
    },
    tensors,
  });
}

export type GlmFolderForm = "safetensors" | "sharded" | "bin" | "sharded-bin";

/**
 * A ChatGLM3-style folder: config.json as THUDM's (padded_vocab_size, kv_channels, multi_query_group_num,
 * rope_ratio, …), tokenizer.model + tokenizer_config.json (ChatGLMTokenizer, no chat_template: the
 * built-in one applies), and the weights in the given form. Sharded forms split the layers across two
 * files named as transformers names them.
 */
export function writeTinyChatGlmFolder(dir: string, form: GlmFolderForm, seed = 7): void {
  mkdirSync(dir, { recursive: true });
  const { dim, layers, heads, groups, hd, ffn, ctx, ropeRatio, eps } = GLM;
  const vocab = tinyChatGlmVocab();
  const w = tinyChatGlmWeights(vocab.tokens.length, seed);
  const config = {
    _name_or_path: "THUDM/chatglm3-6b",
    model_type: "chatglm",
    architectures: ["ChatGLMModel"],
    add_bias_linear: false,
    add_qkv_bias: true,
    apply_query_key_layer_scaling: true,
    apply_residual_connection_post_layernorm: false,
    attention_softmax_in_fp32: true,
    ffn_hidden_size: ffn,
    hidden_size: dim,
    kv_channels: hd,
    layernorm_epsilon: eps,
    multi_query_attention: true,
    multi_query_group_num: groups,
    num_attention_heads: heads,
    num_layers: layers,
    original_rope: true,
    padded_vocab_size: vocab.tokens.length,
    post_layer_norm: true,
    rmsnorm: true,
    rope_ratio: ropeRatio,
    seq_length: ctx,
    torch_dtype: "float32",
    eos_token_id: 2,
    pad_token_id: 0,
  };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));
  copyFileSync(LLAMA2_SPM(), join(dir, "tokenizer.model"));
  writeFileSync(
    join(dir, "tokenizer_config.json"),
    JSON.stringify({ tokenizer_class: "ChatGLMTokenizer", padding_side: "left", remove_space: false }),
  );
  if (form === "safetensors") {
    writeSafetensors(join(dir, "model.safetensors"), w);
    return;
  }
  if (form === "bin") {
    writeTorchBin(join(dir, "pytorch_model.bin"), w);
    return;
  }
  const bin = form === "sharded-bin";
  const names = (i: number) =>
    bin ? `pytorch_model-0000${i}-of-00002.bin` : `model-0000${i}-of-00002.safetensors`;
  const shards = [new Map<string, Tensor>(), new Map<string, Tensor>()];
  const weightMap: Record<string, string> = {};
  for (const [name, t] of w) {
    const s = name.includes("layers.1.") || name.includes("output_layer") || name.includes("final_") ? 1 : 0;
    shards[s].set(name, t);
    weightMap[name] = names(s + 1);
  }
  shards.forEach((m, i) => {
    const path = join(dir, names(i + 1));
    if (bin) writeTorchBin(path, m);
    else writeSafetensors(path, m);
  });
  const total = [...w.values()].reduce((a, t) => a + t.size * 4, 0);
  writeFileSync(
    join(dir, bin ? "pytorch_model.bin.index.json" : "model.safetensors.index.json"),
    JSON.stringify({ metadata: { total_size: total }, weight_map: weightMap }, null, 2),
  );
}

/**
 * The per-tensor types of llama.cpp's K-quant mixes (formats/gguf-mix.ts), checked against the
 * rules of llama.cpp's quantizer (src/llama-quant.cpp, llama_tensor_get_type) worked out by hand for
 * two real shapes: Qwen2-0.5B (24 layers, width 896 = 3.5 super-blocks, tied embedding) and GPT-2
 * (12 layers, width 768, fused attn_qkv, tied embedding).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type MixTensor, mixTypes, useMoreBits } from "../../src/formats/gguf-mix.ts";

function qwen2(): MixTensor[] {
  const t: MixTensor[] = [{ name: "token_embd.weight", shape: [151936, 896] }];
  for (let l = 0; l < 24; l++) {
    t.push({ name: `blk.${l}.attn_norm.weight`, shape: [896] });
    t.push({ name: `blk.${l}.attn_q.weight`, shape: [896, 896] });
    t.push({ name: `blk.${l}.attn_q.bias`, shape: [896] });
    t.push({ name: `blk.${l}.attn_k.weight`, shape: [128, 896] });
    t.push({ name: `blk.${l}.attn_v.weight`, shape: [128, 896] });
    t.push({ name: `blk.${l}.attn_output.weight`, shape: [896, 896] });
    t.push({ name: `blk.${l}.ffn_gate.weight`, shape: [4864, 896] });
    t.push({ name: `blk.${l}.ffn_up.weight`, shape: [4864, 896] });
    t.push({ name: `blk.${l}.ffn_down.weight`, shape: [896, 4864] });
  }
  t.push({ name: "output_norm.weight", shape: [896] });
  return t;
}

function gpt2(): MixTensor[] {
  const t: MixTensor[] = [
    { name: "token_embd.weight", shape: [50257, 768] },
    { name: "position_embd.weight", shape: [1024, 768] },
  ];
  for (let l = 0; l < 12; l++) {
    t.push({ name: `blk.${l}.attn_qkv.weight`, shape: [2304, 768] });
    t.push({ name: `blk.${l}.attn_output.weight`, shape: [768, 768] });
    t.push({ name: `blk.${l}.ffn_up.weight`, shape: [3072, 768] });
    t.push({ name: `blk.${l}.ffn_down.weight`, shape: [768, 3072] });
  }
  return t;
}

test("use_more_bits: the first and last eighth of the layers and every third between (integer eighths)", () => {
  // 24 layers: eighth = 3, 7/8 = 21 → 0, 1, 2, then 5, 8, 11, 14, 17, 20, then 21, 22, 23.
  const more24 = Array.from({ length: 24 }, (_, i) => i).filter((i) => useMoreBits(i, 24));
  assert.deepEqual(more24, [0, 1, 2, 5, 8, 11, 14, 17, 20, 21, 22, 23]);
  // 12 layers: eighth = 1 (not 1.5), 7·12/8 = 10 → 0, then 3, 6, 9, then 10, 11.
  const more12 = Array.from({ length: 12 }, (_, i) => i).filter((i) => useMoreBits(i, 12));
  assert.deepEqual(more12, [0, 3, 6, 9, 10, 11]);
});

test("Qwen2-0.5B Q4_K_M: 896-column matrices fall back to q5_0 / q8_0, the tied embedding is q8_0", () => {
  const types = mixTypes(qwen2(), "q4_K_M");
  assert.equal(types.get("token_embd.weight"), "q8_0"); // the output head's rule; 896 % 256 ≠ 0
  assert.equal(types.get("blk.0.attn_q.weight"), "q5_0"); // q4_K → q5_0
  assert.equal(types.get("blk.0.attn_v.weight"), "q8_0"); // more bits: q6_K → q8_0
  assert.equal(types.get("blk.3.attn_v.weight"), "q5_0");
  assert.equal(types.get("blk.5.attn_v.weight"), "q8_0");
  assert.equal(types.get("blk.0.ffn_down.weight"), "q6_K"); // 4864 = 19 super-blocks
  assert.equal(types.get("blk.3.ffn_down.weight"), "q4_K");
  assert.equal(types.get("blk.23.ffn_down.weight"), "q6_K");
  assert.equal(types.get("blk.7.ffn_gate.weight"), "q5_0");
  assert.equal(types.get("blk.0.attn_norm.weight"), "f32");
  assert.equal(types.get("blk.0.attn_q.bias"), "f32");
});

test("Qwen2-0.5B Q5_K_M: q5_K falls back to q5_1", () => {
  const types = mixTypes(qwen2(), "q5_K_M");
  assert.equal(types.get("blk.3.attn_q.weight"), "q5_1");
  assert.equal(types.get("blk.3.attn_v.weight"), "q5_1");
  assert.equal(types.get("blk.2.attn_v.weight"), "q8_0");
  assert.equal(types.get("blk.4.ffn_down.weight"), "q5_K");
  assert.equal(types.get("blk.5.ffn_down.weight"), "q6_K");
});

test("GPT-2 Q4_K_M / Q5_K_M: fused attn_qkv one step up, tied embedding q6_K, positions untouched", () => {
  const q4 = mixTypes(gpt2(), "q4_K_M");
  assert.equal(q4.get("token_embd.weight"), "q6_K"); // 768 = 3 super-blocks
  assert.equal(q4.get("position_embd.weight"), "f32");
  assert.equal(q4.get("blk.4.attn_qkv.weight"), "q5_K");
  assert.equal(q4.get("blk.4.attn_output.weight"), "q4_K");
  assert.deepEqual(
    Array.from({ length: 12 }, (_, l) => q4.get(`blk.${l}.ffn_down.weight`)),
    ["q6_K", "q4_K", "q4_K", "q6_K", "q4_K", "q4_K", "q6_K", "q4_K", "q4_K", "q6_K", "q6_K", "q6_K"],
  );
  const q5 = mixTypes(gpt2(), "q5_K_M");
  assert.equal(q5.get("blk.4.attn_qkv.weight"), "q6_K");
  assert.equal(q5.get("blk.4.ffn_up.weight"), "q5_K");
});

test("single-type files: every matrix that type, K-quants with the fallback, untied embedding as the rest", () => {
  assert.equal(mixTypes(qwen2(), "q4_0").get("token_embd.weight"), "q4_0");
  assert.equal(mixTypes(qwen2(), "q6_K").get("blk.0.attn_q.weight"), "q8_0");
  assert.equal(mixTypes(qwen2(), "q6_K").get("blk.0.ffn_down.weight"), "q6_K");
  assert.equal(mixTypes(qwen2(), "q5_K").get("blk.0.attn_q.weight"), "q5_1");
  assert.equal(mixTypes(gpt2(), "bf16").get("blk.0.attn_qkv.weight"), "bf16");
  const untied = [...qwen2(), { name: "output.weight", shape: [151936, 896] }];
  const types = mixTypes(untied, "q4_K_M");
  assert.equal(types.get("output.weight"), "q8_0");
  assert.equal(types.get("token_embd.weight"), "q5_0"); // the default type (q4_K), then its fallback
});

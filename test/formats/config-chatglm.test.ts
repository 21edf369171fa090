// ChatGLM3's config.json (THUDM's field names) → ModelConfig, and the variants it does not ship refused by name.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseHfConfig } from "../../src/formats/config.ts";

/** THUDM/chatglm3-6b-32k's config.json (the fields that matter). */
const CHATGLM3_6B_32K = {
  model_type: "chatglm",
  add_bias_linear: false,
  add_qkv_bias: true,
  apply_residual_connection_post_layernorm: false,
  ffn_hidden_size: 13696,
  hidden_size: 4096,
  kv_channels: 128,
  layernorm_epsilon: 1e-5,
  multi_query_attention: true,
  multi_query_group_num: 2,
  num_attention_heads: 32,
  num_layers: 28,
  padded_vocab_size: 65024,
  post_layer_norm: true,
  rmsnorm: true,
  rope_ratio: 50,
  seq_length: 32768,
  eos_token_id: 2,
  pad_token_id: 0,
};

test("ChatGLM3's config: padded vocab, multi-query groups, half-head RoPE at base 10000·rope_ratio", () => {
  const c = parseHfConfig("config.json", CHATGLM3_6B_32K, { eos_token_id: [2, 64795, 64797] });
  assert.equal(c.architecture, "chatglm");
  assert.equal(c.vocabSize, 65024);
  assert.equal(c.numLayers, 28);
  assert.equal(c.numHeads, 32);
  assert.equal(c.numKvHeads, 2);
  assert.equal(c.headDim, 128);
  assert.equal(c.rotaryDim, 64);
  assert.equal(c.intermediateSize, 13696);
  assert.equal(c.contextLength, 32768);
  assert.equal(c.ropeTheta, 500000);
  assert.equal(c.ropeLayout, "interleaved");
  assert.equal(c.attentionBias, true);
  assert.deepEqual(c.eosTokenIds, [2, 64795, 64797]);
  // Without multi-query attention every head has its own K/V.
  const mha = parseHfConfig("config.json", { ...CHATGLM3_6B_32K, multi_query_attention: false });
  assert.equal(mha.numKvHeads, 32);
});

test("ChatGLM variants ChatGLM3 does not ship are refused, naming the field", () => {
  for (const [field, value] of [
    ["rmsnorm", false],
    ["post_layer_norm", false],
    ["add_bias_linear", true],
    ["apply_residual_connection_post_layernorm", true],
  ] as const) {
    assert.throws(
      () => parseHfConfig("config.json", { ...CHATGLM3_6B_32K, [field]: value }),
      new RegExp(`config\\.json: ${field}: ${value} is not supported`),
    );
  }
  const { padded_vocab_size: _, ...noVocab } = CHATGLM3_6B_32K;
  assert.throws(() => parseHfConfig("config.json", noVocab), /padded_vocab_size/);
});

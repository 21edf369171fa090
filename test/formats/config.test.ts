// Hugging Face config.json / generation_config.json → ModelConfig, per family, with clear errors.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { parseHfConfig, readHfConfig } from "../../src/formats/config.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-config-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("gpt2: n_* names, defaults (n_inner = 4·n_embd, tied, gelu_new)", () => {
  const c = parseHfConfig("config.json", {
    model_type: "gpt2",
    n_embd: 768,
    n_layer: 12,
    n_head: 12,
    n_positions: 1024,
    vocab_size: 50257,
    n_inner: null,
    bos_token_id: 50256,
    eos_token_id: 50256,
  });
  assert.equal(c.intermediateSize, 3072);
  assert.equal(c.headDim, 64);
  assert.equal(c.numKvHeads, 12);
  assert.equal(c.contextLength, 1024);
  assert.equal(c.activation, "gelu_tanh");
  assert.equal(c.tieWordEmbeddings, true);
  assert.equal(c.norm, "layernorm");
  assert.equal(c.normEps, 1e-5);
  assert.equal(c.positions, "learned");
  assert.deepEqual(c.eosTokenIds, [50256]);
});

test("bert: exact GELU, non-causal, token types", () => {
  const c = parseHfConfig("config.json", {
    model_type: "bert",
    hidden_size: 384,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    intermediate_size: 1536,
    max_position_embeddings: 512,
    vocab_size: 30522,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    hidden_act: "gelu",
    pad_token_id: 0,
  });
  assert.equal(c.activation, "gelu");
  assert.equal(c.causal, false);
  assert.equal(c.typeVocabSize, 2);
  assert.equal(c.headDim, 32);
  assert.equal(c.padTokenId, 0);
});

test("qwen2 (Qwen2-0.5B numbers), llama with rope_scaling, qwen3 with its own head_dim", () => {
  const q = parseHfConfig("config.json", {
    model_type: "qwen2",
    hidden_size: 896,
    intermediate_size: 4864,
    num_hidden_layers: 24,
    num_attention_heads: 14,
    num_key_value_heads: 2,
    max_position_embeddings: 32768,
    rms_norm_eps: 1e-6,
    rope_theta: 1000000.0,
    vocab_size: 151936,
    tie_word_embeddings: true,
    hidden_act: "silu",
    bos_token_id: 151643,
    eos_token_id: 151643,
  });
  assert.deepEqual(
    [q.headDim, q.numKvHeads, q.ropeTheta, q.attentionBias, q.tieWordEmbeddings, q.norm, q.ropeLayout],
    [64, 2, 1e6, true, true, "rmsnorm", "neox"],
  );
  const l = parseHfConfig(
    "config.json",
    {
      model_type: "llama",
      hidden_size: 2048,
      intermediate_size: 8192,
      num_hidden_layers: 16,
      num_attention_heads: 32,
      num_key_value_heads: 8,
      vocab_size: 128256,
      max_position_embeddings: 131072,
      rope_theta: 500000.0,
      rms_norm_eps: 1e-5,
      rope_scaling: {
        factor: 32.0,
        high_freq_factor: 4.0,
        low_freq_factor: 1.0,
        original_max_position_embeddings: 8192,
        rope_type: "llama3",
      },
      eos_token_id: 128001,
    },
    { bos_token_id: 128000, eos_token_id: [128001, 128008, 128009] },
  );
  assert.equal(l.tieWordEmbeddings, false);
  assert.deepEqual(l.ropeScaling, {
    type: "llama3",
    factor: 32,
    lowFreqFactor: 1,
    highFreqFactor: 4,
    originalMaxPositionEmbeddings: 8192,
  });
  assert.equal(l.bosTokenId, 128000);
  assert.deepEqual(l.eosTokenIds, [128001, 128008, 128009], "generation_config.json wins");
  const q3 = parseHfConfig("config.json", {
    model_type: "qwen3",
    hidden_size: 1024,
    intermediate_size: 3072,
    num_hidden_layers: 28,
    num_attention_heads: 16,
    num_key_value_heads: 8,
    head_dim: 128,
    vocab_size: 151936,
    max_position_embeddings: 40960,
    rms_norm_eps: 1e-6,
    rope_theta: 1000000,
    tie_word_embeddings: true,
  });
  assert.equal(q3.headDim, 128);
  assert.equal(q3.qkNorm, true);
  assert.equal(q3.attentionBias, false);
});

test("bert folders: sentence-transformers pooling comes from modules.json / 1_Pooling", () => {
  const b = join(dir, "bge");
  mkdirSync(join(b, "1_Pooling"), { recursive: true });
  const cfg = {
    model_type: "bert",
    hidden_size: 32,
    num_hidden_layers: 1,
    num_attention_heads: 4,
    intermediate_size: 64,
    vocab_size: 10,
  };
  writeFileSync(join(b, "config.json"), JSON.stringify(cfg));
  assert.equal(readHfConfig(b).pooling, undefined);
  writeFileSync(
    join(b, "modules.json"),
    JSON.stringify([{ idx: 1, name: "1", path: "1_Pooling", type: "sentence_transformers.models.Pooling" }]),
  );
  writeFileSync(
    join(b, "1_Pooling", "config.json"),
    JSON.stringify({ pooling_mode_cls_token: true, pooling_mode_mean_tokens: false }),
  );
  assert.equal(readHfConfig(b).pooling, "cls");
  writeFileSync(
    join(b, "1_Pooling", "config.json"),
    JSON.stringify({ pooling_mode_cls_token: false, pooling_mode_mean_tokens: true }),
  );
  assert.equal(readHfConfig(b).pooling, "mean");
});

test("errors name the file and the field", () => {
  const base = {
    model_type: "llama",
    hidden_size: 64,
    intermediate_size: 128,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    vocab_size: 10,
  };
  const cases: [object, RegExp][] = [
    [{ ...base, model_type: "mamba" }, /model_type 'mamba' is not supported/],
    [{ ...base, hidden_size: undefined }, /field 'hidden_size' is missing/],
    [{ ...base, hidden_size: "64" }, /field 'hidden_size' is not a number/],
    [{ ...base, num_key_value_heads: 3 }, /not a multiple of numKvHeads 3/],
    [{ ...base, hidden_act: "swiglu2" }, /activation 'swiglu2' is not supported/],
    [{ ...base, num_hidden_layers: -1 }, /non-negative integer/],
  ];
  for (const [json, re] of cases) {
    assert.throws(
      () => parseHfConfig("/m/config.json", json as Record<string, unknown>),
      (e: Error) =>
        e instanceof TongguanError && re.test(e.message) && e.message.startsWith("/m/config.json"),
    );
  }
  writeFileSync(join(dir, "config.json"), "{ not json");
  assert.throws(() => readHfConfig(dir), /config\.json: not valid JSON/);
  assert.throws(() => readHfConfig(join(dir, "nowhere")), /no config\.json/);
});

/**
 * Models built from tiny random weights under Hugging Face names — the paths no fixture covers:
 * Qwen3's q/k norm with an untied head, Qwen2's biases, BERT's pooler, classifier and fill-mask heads,
 * padding masks, and the tensor hook.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import type { ModelConfig } from "../../src/formats/config.ts";
import { Bert } from "../../src/models/bert.ts";
import { Llama } from "../../src/models/llama.ts";
import type { TensorEvent } from "../../src/models/types.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { maxAbsDiff, randomArray } from "../helpers/random.ts";

const D = 16;
const V = 40;
const F = 24;

function base(architecture: ModelConfig["architecture"]): ModelConfig {
  return {
    architecture,
    vocabSize: V,
    hiddenSize: D,
    numLayers: 2,
    numHeads: 4,
    numKvHeads: architecture === "bert" ? 4 : 2,
    headDim: 4,
    intermediateSize: F,
    contextLength: 32,
    norm: architecture === "bert" ? "layernorm" : "rmsnorm",
    normEps: 1e-6,
    positions: architecture === "bert" ? "learned" : "rope",
    ropeTheta: 10000,
    ropeLayout: "neox",
    activation: architecture === "bert" ? "gelu" : "silu",
    tieWordEmbeddings: false,
    attentionBias: architecture !== "qwen3",
    qkNorm: architecture === "qwen3",
    causal: architecture !== "bert",
    typeVocabSize: architecture === "bert" ? 2 : 0,
    eosTokenIds: [],
  };
}

function tensors(spec: Record<string, number[]>, seed: number): Map<string, Tensor> {
  const m = new Map<string, Tensor>();
  let s = seed;
  for (const [name, shape] of Object.entries(spec)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = randomArray(
      n,
      s++,
      name.includes("norm") || name.includes("LayerNorm.weight") ? 0.2 : 0.6,
    );
    if (name.includes("norm.weight") || name.includes("LayerNorm.weight"))
      for (let i = 0; i < n; i++) values[i] += 1;
    m.set(name, Tensor.from(values, shape));
  }
  return m;
}

function llamaSpec(c: ModelConfig): Record<string, number[]> {
  const spec: Record<string, number[]> = {
    "model.embed_tokens.weight": [V, D],
    "model.norm.weight": [D],
    "lm_head.weight": [V, D],
  };
  const q = c.numHeads * c.headDim;
  const kv = c.numKvHeads * c.headDim;
  for (let i = 0; i < c.numLayers; i++) {
    const p = `model.layers.${i}.`;
    Object.assign(spec, {
      [`${p}input_layernorm.weight`]: [D],
      [`${p}post_attention_layernorm.weight`]: [D],
      [`${p}self_attn.q_proj.weight`]: [q, D],
      [`${p}self_attn.k_proj.weight`]: [kv, D],
      [`${p}self_attn.v_proj.weight`]: [kv, D],
      [`${p}self_attn.o_proj.weight`]: [D, q],
      [`${p}mlp.gate_proj.weight`]: [F, D],
      [`${p}mlp.up_proj.weight`]: [F, D],
      [`${p}mlp.down_proj.weight`]: [D, F],
    });
    if (c.attentionBias)
      Object.assign(spec, {
        [`${p}self_attn.q_proj.bias`]: [q],
        [`${p}self_attn.k_proj.bias`]: [kv],
        [`${p}self_attn.v_proj.bias`]: [kv],
      });
    if (c.qkNorm)
      Object.assign(spec, {
        [`${p}self_attn.q_norm.weight`]: [c.headDim],
        [`${p}self_attn.k_norm.weight`]: [c.headDim],
      });
  }
  return spec;
}

for (const arch of ["qwen2", "qwen3"] as const) {
  test(`${arch} (random weights): cached decoding equals recomputation; the hook names every layer's tensors`, () => {
    const c = base(arch);
    const m = new Llama(c, tensors(llamaSpec(c), 100), `tiny-${arch}`);
    const ids = [3, 17, 5, 39, 0, 22, 8, 11];
    const whole = m.newSession().forward(ids, { allPositions: true });
    const s = m.newSession();
    s.forward(ids.slice(0, 3));
    for (let t = 3; t < ids.length; t++) {
      const logits = s.forward([ids[t]]);
      assert.ok(maxAbsDiff(logits, whole.subarray(t * V, (t + 1) * V)) < 1e-5, `position ${t}`);
    }
    const events: TensorEvent[] = [];
    m.newSession().forward(ids.slice(0, 4), { hook: (e) => events.push({ ...e }) });
    const names = new Set(events.map((e) => `${e.layer}:${e.name}`));
    for (const l of [0, 1]) {
      for (const n of ["attn_norm", "q", "k", "v", "attn_probs", "attn_out", "ffn_norm", "ffn_out"]) {
        assert.ok(names.has(`${l}:${n}`), `layer ${l} ${n}`);
      }
    }
    assert.ok(names.has("-1:logits"));
    const probs = events.find((e) => e.name === "attn_probs" && e.layer === 1)!;
    assert.deepEqual(probs.tensor.shape, [4, 4, 4]);
  });
}

test("qwen2: q/k/v biases are used (changing one changes the output); a missing tensor is named", () => {
  const c = base("qwen2");
  const t = tensors(llamaSpec(c), 7);
  const a = new Llama(c, t, "x").newSession().forward([1, 2, 3]).slice();
  (t.get("model.layers.1.self_attn.v_proj.bias")!.data as Float32Array)[0] += 1;
  const b = new Llama(c, t, "x").newSession().forward([1, 2, 3]);
  assert.ok(maxAbsDiff(a, b) > 1e-4);
  t.delete("model.layers.1.mlp.up_proj.weight");
  assert.throws(
    () => new Llama(c, t, "tiny.gguf"),
    (e: Error) =>
      e instanceof TongguanError &&
      e.message === "tiny.gguf: tensor 'model.layers.1.mlp.up_proj.weight' is missing",
  );
});

function bertSpec(c: ModelConfig, heads: { classifier?: number; mlm?: boolean }): Record<string, number[]> {
  const spec: Record<string, number[]> = {
    "embeddings.word_embeddings.weight": [V, D],
    "embeddings.position_embeddings.weight": [32, D],
    "embeddings.token_type_embeddings.weight": [2, D],
    "embeddings.LayerNorm.weight": [D],
    "embeddings.LayerNorm.bias": [D],
    "pooler.dense.weight": [D, D],
    "pooler.dense.bias": [D],
  };
  for (let i = 0; i < c.numLayers; i++) {
    const p = `encoder.layer.${i}.`;
    for (const n of [
      "attention.self.query",
      "attention.self.key",
      "attention.self.value",
      "attention.output.dense",
    ]) {
      spec[`${p}${n}.weight`] = [D, D];
      spec[`${p}${n}.bias`] = [D];
    }
    Object.assign(spec, {
      [`${p}attention.output.LayerNorm.weight`]: [D],
      [`${p}attention.output.LayerNorm.bias`]: [D],
      [`${p}intermediate.dense.weight`]: [F, D],
      [`${p}intermediate.dense.bias`]: [F],
      [`${p}output.dense.weight`]: [D, F],
      [`${p}output.dense.bias`]: [D],
      [`${p}output.LayerNorm.weight`]: [D],
      [`${p}output.LayerNorm.bias`]: [D],
    });
  }
  if (heads.classifier)
    Object.assign(spec, {
      "classifier.weight": [heads.classifier, D],
      "classifier.bias": [heads.classifier],
    });
  if (heads.mlm) {
    Object.assign(spec, {
      "cls.predictions.transform.dense.weight": [D, D],
      "cls.predictions.transform.dense.bias": [D],
      "cls.predictions.transform.LayerNorm.weight": [D],
      "cls.predictions.transform.LayerNorm.bias": [D],
      "cls.predictions.bias": [V],
    });
  }
  return spec;
}

const f32 = (t: Map<string, Tensor>, name: string) => t.get(name)!.data as Float32Array;

/** y = W·x + b for one vector, by the definition. */
function affine(w: Float32Array, b: Float32Array, x: Float32Array, rows: number): Float32Array {
  const k = x.length;
  return Float32Array.from({ length: rows }, (_, r) => {
    let s = b[r];
    for (let i = 0; i < k; i++) s += w[r * k + i] * x[i];
    return s;
  });
}

test("bert (random weights): classify = softmax(classifier(tanh(pooler(x[CLS])))) with id2label", () => {
  const c = base("bert");
  const t = tensors(bertSpec(c, { classifier: 3 }), 300);
  const m = new Bert(c, t, "tiny-bert", { labels: ["neg", "neutral", "pos"] });
  const ids = [1, 7, 9, 2];
  const cls = m.encode(ids).subarray(0, D);
  const pooled = affine(f32(t, "pooler.dense.weight"), f32(t, "pooler.dense.bias"), cls, D).map(Math.tanh);
  assert.ok(maxAbsDiff(m.pooled(ids), pooled) < 1e-5);
  const logits = affine(f32(t, "classifier.weight"), f32(t, "classifier.bias"), pooled, 3);
  const z = logits.reduce((a, v) => a + Math.exp(v), 0);
  const got = m.classify(ids);
  assert.deepEqual(
    got.map((g) => g.label),
    ["neg", "neutral", "pos"],
  );
  assert.ok(
    maxAbsDiff(
      got.map((g) => g.probability),
      Array.from(logits, (v) => Math.exp(v) / z),
    ) < 1e-5,
  );
  assert.throws(
    () => new Bert(c, t, "tiny-bert", { labels: ["a", "b"] }),
    /id2label has 2 labels, classifier\.weight has 3 rows/,
  );
});

test("bert (random weights): padding hidden by attentionMask changes nothing; fill-mask head tied to word embeddings", () => {
  const c = base("bert");
  const t = tensors(bertSpec(c, { mlm: true }), 500);
  const m = new Bert(c, t, "tiny-bert");
  const plain = m.embed([1, 7, 9, 2]);
  const padded = m.embed([1, 7, 9, 2, 0, 0], { attentionMask: [1, 1, 1, 1, 0, 0] });
  assert.ok(maxAbsDiff(plain, padded) < 1e-5);
  assert.ok(maxAbsDiff(plain, m.embed([1, 7, 9, 2, 0, 0])) > 1e-3); // unmasked padding does change it
  // Token types: segment B differs from segment A.
  assert.ok(maxAbsDiff(plain, m.embed([1, 7, 9, 2], { tokenTypeIds: [0, 0, 1, 1] })) > 1e-4);
  // Fill-mask logits of position 2 = decoder(LN(gelu(dense x))) with the word embeddings as decoder.
  const ids = [1, 7, 9, 2];
  const x = m.encode(ids).subarray(2 * D, 3 * D);
  const h = affine(
    f32(t, "cls.predictions.transform.dense.weight"),
    f32(t, "cls.predictions.transform.dense.bias"),
    x,
    D,
  );
  const g = h.map((v) => 0.5 * v * (1 + erfSlow(v / Math.SQRT2)));
  const mean = g.reduce((a, v) => a + v, 0) / D;
  const variance = g.reduce((a, v) => a + (v - mean) ** 2, 0) / D;
  const lw = f32(t, "cls.predictions.transform.LayerNorm.weight");
  const lb = f32(t, "cls.predictions.transform.LayerNorm.bias");
  const n = g.map((v, i) => ((v - mean) / Math.sqrt(variance + c.normEps)) * lw[i] + lb[i]);
  const want = affine(f32(t, "embeddings.word_embeddings.weight"), f32(t, "cls.predictions.bias"), n, V);
  const logits = m.fillMask(ids);
  assert.equal(logits.length, ids.length * V);
  assert.ok(maxAbsDiff(logits.subarray(2 * V, 3 * V), want) < 1e-4);
  assert.throws(() => m.classify(ids), /not a sequence-classification checkpoint/);
  assert.throws(() => m.encode(new Array(33).fill(1)), /33 tokens do not fit BERT's 32 positions/);
});

/** erf by its Taylor series (fine for |x| < 3). */
function erfSlow(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

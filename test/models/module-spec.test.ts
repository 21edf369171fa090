/**
 * Each architecture is declared once (its model file's `…Modules(config)`): the loader's shapes, the
 * constructor's reads and `inspect`'s tree must all be that declaration. For a tiny checkpoint of
 * every architecture: what the model read is exactly what its declaration lists (a tied head aside),
 * and the printed tree names every declared module.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { ModelConfig } from "../../src/formats/config.ts";
import { expectedShapes, modulesOf } from "../../src/models/architectures.ts";
import { loadModel, type Model } from "../../src/models/index.ts";
import type { ModuleSpec } from "../../src/models/module-spec.ts";
import { moduleTree, printTree, totals } from "../../src/models/module-tree.ts";
import { writeTinyChatGlmFolder } from "../formats/tiny-chatglm.ts";
import { writeTinyHfBert, writeTinyHfGpt2, writeTinyHfLlama } from "../formats/tiny-hf-models.ts";
import { fixturesMissing } from "../helpers/fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-module-spec-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The tiny ChatGLM3 folder borrows a real SentencePiece vocabulary from the fixtures. */
const chatGlmSkip = fixturesMissing("tokenizers/llama2");

const cases: [string, (d: string) => void][] = [
  ["llama", (d) => writeTinyHfLlama(d, 1, "llama")],
  ["qwen2", (d) => writeTinyHfLlama(d, 1, "qwen2")],
  ["qwen3", (d) => writeTinyHfLlama(d, 1, "qwen3")],
  ["gpt2", (d) => writeTinyHfGpt2(d)],
  ["bert", (d) => writeTinyHfBert(d, 1, { mlm: true })],
  ["chatglm", (d) => writeTinyChatGlmFolder(d, "safetensors")],
];

/** Every module name in a declared tree, with its class, optional heads left out. */
function names(s: ModuleSpec): string[] {
  const optional = s.optional || (s.params.length > 0 && s.params.every((p) => p.optional));
  return optional ? [] : [`${s.name}:${s.type}`, ...s.children.flatMap(names)];
}

describe("one declaration per architecture", () => {
  for (const [arch, write] of cases) {
    const skip = arch === "chatglm" ? chatGlmSkip : false;
    test(`${arch}: the model reads exactly the declared parameters, and inspect prints the declared tree`, {
      skip,
    }, async () => {
      const path = join(dir, arch);
      write(path);
      const m: Model = await loadModel(path);
      assert.equal(m.config.architecture, arch);
      const declared = expectedShapes(m.config);
      const read = [...m.parameters.keys()];
      for (const name of read) assert.ok(declared.has(name), `${arch}: '${name}' is read but not declared`);
      const tied = m.config.tieWordEmbeddings;
      for (const [name, e] of declared) {
        if (e.optional || read.includes(name)) continue;
        assert.ok(tied && /lm_head|output_layer/.test(name), `${arch}: '${name}' is declared but never read`);
      }
      // Shapes the model holds are the declared ones (-1: any size).
      for (const [name, p] of m.parameters) {
        const shape = p instanceof Float32Array ? [p.length] : p.shape;
        const want = declared.get(name)!.shape;
        assert.ok(
          shape.length === want.length && shape.every((d, i) => want[i] === -1 || d === want[i]),
          `${arch}: '${name}' holds [${shape}], declared [${want}]`,
        );
      }
      const tree = moduleTree(m);
      const printed = printTree(tree);
      const spec = modulesOf(m.config, (n) => m.parameters.has(n));
      for (const n of names(spec)) {
        const [name, type] = n.split(":");
        if (/^\d+$/.test(name)) continue; // folded layers print as "(0-1): 2 x …"
        assert.ok(printed.includes(name ? `(${name}): ` : type), `${arch}: ${n} is not printed`);
      }
      // Totals count each stored tensor once: the sum over what the model read, distinct storage.
      const seen = new Set<object>();
      let count = 0;
      for (const p of m.parameters.values()) {
        const key = p instanceof Float32Array ? p : p.data;
        if (seen.has(key)) continue;
        seen.add(key);
        count += p instanceof Float32Array ? p.length : p.shape.reduce((a, b) => a * b, 1);
      }
      assert.equal(totals(tree).parameters, count);
    });
  }

  test("the declarations give the shapes each architecture's files hold", () => {
    const c = (architecture: ModelConfig["architecture"], more: Partial<ModelConfig> = {}): ModelConfig => ({
      architecture,
      vocabSize: 100,
      hiddenSize: 64,
      numLayers: 2,
      numHeads: 4,
      numKvHeads: 2,
      headDim: 16,
      intermediateSize: 96,
      contextLength: 32,
      norm: "rmsnorm",
      normEps: 1e-6,
      positions: "rope",
      ropeTheta: 10000,
      ropeLayout: "neox",
      activation: "silu",
      tieWordEmbeddings: false,
      attentionBias: false,
      qkNorm: false,
      causal: true,
      typeVocabSize: 2,
      eosTokenIds: [],
      ...more,
    });
    const qwen2 = expectedShapes(c("qwen2", { attentionBias: true }));
    assert.deepEqual(qwen2.get("model.layers.1.self_attn.k_proj.weight")?.shape, [32, 64]);
    assert.deepEqual(qwen2.get("model.layers.1.self_attn.k_proj.bias")?.shape, [32]);
    assert.equal(qwen2.get("model.layers.1.self_attn.o_proj.bias"), undefined);
    const qwen3 = expectedShapes(c("qwen3", { qkNorm: true }));
    assert.deepEqual(qwen3.get("model.layers.0.self_attn.q_norm.weight")?.shape, [16]);
    assert.equal(qwen3.get("model.layers.0.self_attn.q_proj.bias"), undefined);
    const glm = expectedShapes(c("chatglm", { attentionBias: true }));
    assert.deepEqual(glm.get("encoder.layers.0.self_attention.query_key_value.weight")?.shape, [128, 64]);
    assert.deepEqual(glm.get("encoder.layers.0.mlp.dense_h_to_4h.weight")?.shape, [192, 64]);
    const gpt2 = expectedShapes(c("gpt2", { numKvHeads: 4 }));
    assert.deepEqual(gpt2.get("h.1.attn.c_attn.weight")?.shape, [192, 64]);
    assert.deepEqual(gpt2.get("wpe.weight")?.shape, [32, 64]);
    const bert = expectedShapes(c("bert"));
    assert.deepEqual(bert.get("classifier.weight"), { shape: [-1, 64], optional: true });
    assert.deepEqual(bert.get("embeddings.token_type_embeddings.weight"), {
      shape: [2, 64],
      optional: false,
    });
    assert.equal(bert.get("pooler.dense.weight")?.optional, true);
    assert.equal(bert.get("encoder.layer.1.output.dense.weight")?.optional, false);
  });
});

// Whatever order a file lists its tensors in, q/k/v and gate/up land back to back in tensor memory,
// so that decoding runs each group as one matmul (src/nn/fused.ts) — with the same logits.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fusionOrder } from "../../src/formats/checkpoint.ts";
import { type Llama, loadCausalLM } from "../../src/models/index.ts";
import { stackRows } from "../../src/nn/fused.ts";
import { writeTinyLlamaGguf } from "../formats/tiny-models.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-fusion-order-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("fusionOrder moves each complete q/k/v and gate/up group together, in the models' order", () => {
  const names = [
    "model.layers.0.mlp.down_proj.weight",
    "model.layers.0.mlp.gate_proj.weight",
    "model.layers.0.post_attention_layernorm.weight",
    "model.layers.0.mlp.up_proj.weight",
    "model.layers.0.self_attn.k_proj.bias",
    "model.layers.0.self_attn.k_proj.weight",
    "model.layers.0.self_attn.o_proj.weight",
    "model.layers.0.self_attn.q_proj.weight",
    "model.layers.0.self_attn.v_proj.weight",
    "model.layers.1.self_attn.q_proj.weight", // its k and v are missing: left alone
  ];
  const order = fusionOrder(names.map((hfName) => ({ hfName }))).map((p) => p.hfName);
  assert.deepEqual(order, [
    "model.layers.0.mlp.down_proj.weight",
    "model.layers.0.mlp.gate_proj.weight",
    "model.layers.0.mlp.up_proj.weight",
    "model.layers.0.post_attention_layernorm.weight",
    "model.layers.0.self_attn.k_proj.bias",
    "model.layers.0.self_attn.q_proj.weight",
    "model.layers.0.self_attn.k_proj.weight",
    "model.layers.0.self_attn.v_proj.weight",
    "model.layers.0.self_attn.o_proj.weight",
    "model.layers.1.self_attn.q_proj.weight",
  ]);
});

test("a GGUF listing its tensors alphabetically loads with q/k/v and gate/up stacked, same logits", async () => {
  const plain = join(dir, "plain.gguf");
  const sorted = join(dir, "sorted.gguf");
  writeTinyLlamaGguf(plain, "q8_0", 4);
  writeTinyLlamaGguf(sorted, "q8_0", 4, true);
  const a = (await loadCausalLM(plain)) as Llama;
  const b = (await loadCausalLM(sorted)) as Llama;
  for (const L of b.layers) {
    const { q, k, v } = L.attn.p;
    assert.ok(stackRows([q!.weight, k!.weight, v!.weight]), "q, k, v back to back");
    assert.ok(stackRows([L.ffn.gate.weight, L.ffn.up.weight]), "gate, up back to back");
  }
  const ids = [1, 260, 261, 270, 5];
  const la = a.newSession().forward(ids, { allPositions: true });
  const lb = b.newSession().forward(ids, { allPositions: true });
  assert.deepEqual(lb, la);
});

// Acceptance: every gguf-tiny fixture reads with the hyper-parameters its manifest lists.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { readGguf } from "../../src/formats/gguf.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const skip = fixturesMissing("gguf-tiny/manifest-tiny.json");
const manifest: Record<string, Record<string, number | string | boolean>> = skip
  ? {}
  : JSON.parse(readFileSync(fixture("gguf-tiny", "manifest-tiny.json"), "utf8"));

for (const [file, m] of Object.entries(manifest)) {
  test(`gguf-tiny ${file}: metadata and tensors match the manifest`, () => {
    const g = readGguf(fixture("gguf-tiny", file));
    const arch = m.arch as string;
    const md = g.metadata;
    assert.equal(g.version, 3);
    assert.equal(md.get("general.architecture"), arch);
    assert.equal(md.get(`${arch}.block_count`), m.n_layer);
    assert.equal(md.get(`${arch}.embedding_length`), m.n_embd);
    assert.equal(md.get(`${arch}.attention.head_count`), m.n_head);
    assert.equal(md.get(`${arch}.attention.head_count_kv`) ?? m.n_head, m.n_head_kv);
    assert.equal(md.get(`${arch}.feed_forward_length`), m.n_ff);
    assert.equal(md.get(`${arch}.context_length`), m.n_ctx);
    assert.equal((md.get("tokenizer.ggml.tokens") as string[]).length, m.n_vocab);
    const eps = (md.get(`${arch}.attention.layer_norm_rms_epsilon`) ??
      md.get(`${arch}.attention.layer_norm_epsilon`)) as number;
    assert.ok(Math.abs(eps - (m.eps as number)) <= (m.eps as number) * 1e-6);
    if (m.rope_theta !== undefined) assert.equal(md.get(`${arch}.rope.freq_base`), m.rope_theta);
    if (m.tied !== undefined) assert.equal(g.tensorInfo("output.weight") === undefined, m.tied);

    const emb = g.tensorInfo("token_embd.weight")!;
    assert.deepEqual(emb.shape, [m.n_vocab, m.n_embd]);
    assert.equal(emb.dtype, m.type);
    // Tensors tile the data section: each starts where the previous ended (rounded up to the alignment).
    const sorted = [...g.tensors].sort((a, b) => a.offset - b.offset);
    for (let i = 1; i < sorted.length; i++) {
      const prevEnd = sorted[i - 1].offset + sorted[i - 1].nbytes;
      assert.equal(sorted[i].offset, Math.ceil(prevEnd / g.alignment) * g.alignment);
    }
    const last = sorted.at(-1)!;
    assert.ok(last.fileOffset + last.nbytes <= g.fileSize);

    // Every tensor loads with the storage its dtype implies.
    const all = g.loadTensors(g.tensors.map((t) => t.name));
    for (const info of g.tensors) {
      const t = all.get(info.name)!;
      assert.deepEqual(t.shape, info.shape);
      assert.equal(t.data.byteLength, info.nbytes, info.name);
    }
    if (emb.dtype === "f32") {
      // Embeddings are N(0,1): the first row has finite values of the right scale.
      const row = (all.get("token_embd.weight")!.data as Float32Array).subarray(0, m.n_embd as number);
      const rms = Math.sqrt(row.reduce((a, x) => a + x * x, 0) / row.length);
      assert.ok(rms > 0.3 && rms < 3, `rms ${rms}`);
    }
  });
}

test("gguf-tiny expected.json metadata agrees with the files", { skip }, () => {
  const expected = JSON.parse(readFileSync(fixture("gguf-tiny", "expected.json"), "utf8"));
  for (const [file, e] of Object.entries(expected.models) as [string, Record<string, unknown>][]) {
    const md = readGguf(fixture("gguf-tiny", file)).metadata;
    // llama.cpp falls back to [CLS]/[SEP] as BOS/EOS for WordPiece vocabularies.
    const bos = md.get("tokenizer.ggml.bos_token_id") ?? md.get("tokenizer.ggml.cls_token_id");
    const eos = md.get("tokenizer.ggml.eos_token_id") ?? md.get("tokenizer.ggml.seperator_token_id");
    assert.equal(bos, e.bos, file);
    if (e.eos !== null) assert.equal(eos, e.eos, file);
  }
});

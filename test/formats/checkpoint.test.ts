// loadCheckpoint: every format → HF names, HF layout, shapes checked against the config.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { toF32 } from "../../src/formats/cast.ts";
import { readGguf } from "../../src/formats/gguf.ts";
import { halvesToInterleaved, interleavedToHalves } from "../../src/formats/names.ts";
import { loadCheckpoint } from "../../src/models/checkpoint.ts";
import type { Tensor } from "../../src/tensor/tensor.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { gaussian } from "./tiny-models.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-ckpt-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const f32 = (t: Tensor) => toF32(t, false).data as Float32Array;

test("RoPE row permutation: halves ← interleaved and back", () => {
  assert.deepEqual([...interleavedToHalves(4, 4)], [0, 2, 1, 3]);
  assert.deepEqual([...interleavedToHalves(8, 4)], [0, 2, 1, 3, 4, 6, 5, 7]);
  assert.deepEqual([...interleavedToHalves(6, 6)], [0, 2, 4, 1, 3, 5]);
  const inv = halvesToInterleaved(16, 8);
  const fwd = interleavedToHalves(16, 8);
  for (let r = 0; r < 16; r++) assert.equal(inv[fwd[r]], r);
});

for (const arch of ["llama", "qwen2", "gpt2", "bert"] as const) {
  test(`gguf-tiny ${arch}: loadCheckpoint gives HF names and shapes`, {
    skip: fixturesMissing("gguf-tiny"),
  }, () => {
    const path = fixture("gguf-tiny", `tiny-${arch}-f32.gguf`);
    const ck = loadCheckpoint(path);
    assert.equal(ck.format, "gguf");
    assert.equal(ck.config.architecture, arch);
    assert.equal(ck.config.numLayers, 2);
    assert.equal(ck.config.hiddenSize, 32);
    assert.equal(ck.config.headDim, 8);
    const g = readGguf(path);
    if (arch === "llama") {
      assert.equal(ck.config.tieWordEmbeddings, false);
      assert.equal(ck.config.numKvHeads, 2);
      assert.equal(ck.config.ropeTheta, 10000);
      // q rows are un-permuted: HF row 1 of head 0 is GGUF row 2 (pair 1, first member).
      const q = f32(ck.tensors.get("model.layers.0.self_attn.q_proj.weight")!);
      const gq = f32(g.loadTensor("blk.0.attn_q.weight"));
      const k = 32;
      for (const [hf, gg] of [
        [0, 0],
        [1, 2],
        [4, 1],
        [5, 3],
        [8, 8],
        [12, 9],
      ]) {
        assert.deepEqual(q.subarray(hf! * k, hf! * k + k), gq.subarray(gg! * k, gg! * k + k), `row ${hf}`);
      }
      // v is not permuted.
      assert.deepEqual(
        f32(ck.tensors.get("model.layers.0.self_attn.v_proj.weight")!),
        f32(g.loadTensor("blk.0.attn_v.weight")),
      );
    }
    if (arch === "qwen2") {
      assert.equal(ck.config.tieWordEmbeddings, true);
      assert.equal(ck.config.attentionBias, true);
      assert.equal(ck.config.ropeTheta, 1e6);
      assert.equal(ck.tensors.get("lm_head.weight"), ck.tensors.get("model.embed_tokens.weight"));
      // qwen2 GGUF is NEOX already: q is byte-identical to the file.
      assert.deepEqual(
        f32(ck.tensors.get("model.layers.1.self_attn.q_proj.weight")!),
        f32(g.loadTensor("blk.1.attn_q.weight")),
      );
      assert.deepEqual(ck.tensors.get("model.layers.0.self_attn.k_proj.bias")!.shape, [16]);
    }
    if (arch === "gpt2") {
      assert.deepEqual(ck.tensors.get("h.0.attn.c_attn.weight")!.shape, [96, 32]);
      assert.deepEqual(ck.tensors.get("wpe.weight")!.shape, [128, 32]);
      assert.equal(ck.config.activation, "gelu_tanh");
    }
    if (arch === "bert") {
      assert.equal(ck.config.causal, false);
      assert.equal(ck.config.typeVocabSize, 2);
      assert.equal(ck.config.pooling, "mean");
      assert.equal(ck.config.normEps, g.metadata.get("bert.attention.layer_norm_epsilon"));
      assert.deepEqual(ck.tensors.get("encoder.layer.1.output.dense.weight")!.shape, [32, 128]);
      assert.equal(ck.tensors.has("lm_head.weight"), false);
    }
  });
}

test("gguf-tiny q8_0 llama: quantized q rows are permuted as whole blocks", {
  skip: fixturesMissing("gguf-tiny"),
}, () => {
  const ckq = loadCheckpoint(fixture("gguf-tiny", "tiny-llama-q8_0.gguf"));
  const ckf = loadCheckpoint(fixture("gguf-tiny", "tiny-llama-f32.gguf"));
  const q8 = ckq.tensors.get("model.layers.1.self_attn.k_proj.weight")!;
  assert.equal(q8.dtype, "q8_0");
  const a = f32(q8);
  const b = f32(ckf.tensors.get("model.layers.1.self_attn.k_proj.weight")!);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  assert.ok(worst < 0.02, `q8_0 vs f32 differ by ${worst}`);
  const all = loadCheckpoint(fixture("gguf-tiny", "tiny-llama-q8_0.gguf"), { dtype: "f32" });
  assert.equal(all.tensors.get("model.embed_tokens.weight")!.dtype, "f32");
});

test("llama2c stories260K: header → config, tensors by HF name", {
  skip: fixturesMissing("llama2c/stories260K.bin"),
}, () => {
  const ck = loadCheckpoint(fixture("llama2c", "stories260K.bin"));
  assert.equal(ck.format, "llama2c");
  assert.deepEqual(ck.llama2c, {
    dim: 64,
    hiddenDim: 172,
    nLayers: 5,
    nHeads: 8,
    nKvHeads: 4,
    vocabSize: 512,
    seqLen: 512,
  });
  const c = ck.config;
  assert.equal(c.hiddenSize, 64);
  assert.equal(c.intermediateSize, 172);
  assert.equal(c.numLayers, 5);
  assert.equal(c.numKvHeads, 4);
  assert.equal(c.vocabSize, 512);
  assert.equal(c.contextLength, 512);
  assert.equal(c.tieWordEmbeddings, true);
  assert.equal(ck.tensors.get("lm_head.weight"), ck.tensors.get("model.embed_tokens.weight"));
  assert.deepEqual(ck.tensors.get("model.layers.4.self_attn.k_proj.weight")!.shape, [32, 64]);
  assert.deepEqual(ck.tensors.get("model.layers.4.mlp.down_proj.weight")!.shape, [64, 172]);
});

test("un-permuted q rows under half-rotation RoPE equal the stored rows under adjacent-pair RoPE", () => {
  const hd = 8;
  const heads = 2;
  const n = 16;
  const g = gaussian(7);
  const rnd = () => g();
  const W = Array.from({ length: heads * hd }, () => Array.from({ length: n }, rnd));
  const x = Array.from({ length: n }, rnd);
  const perm = interleavedToHalves(heads * hd, hd);
  const Whf = Array.from({ length: heads * hd }, (_, r) => W[perm[r]]);
  const matvec = (M: number[][]) => M.map((row) => row.reduce((a, w, j) => a + w * x[j], 0));
  const pos = 5;
  const angle = (i: number) => pos * 10000 ** (-(2 * i) / hd);
  // Meta / llama.cpp "normal": rotate (v[2i], v[2i+1]).
  const interleaved = (v: number[]) => {
    const o = [...v];
    for (let h = 0; h < heads; h++)
      for (let i = 0; i < hd / 2; i++) {
        const a = v[h * hd + 2 * i];
        const b = v[h * hd + 2 * i + 1];
        o[h * hd + 2 * i] = a * Math.cos(angle(i)) - b * Math.sin(angle(i));
        o[h * hd + 2 * i + 1] = a * Math.sin(angle(i)) + b * Math.cos(angle(i));
      }
    return o;
  };
  // Hugging Face: rotate (v[i], v[i + hd/2]).
  const halves = (v: number[]) => {
    const o = [...v];
    for (let h = 0; h < heads; h++)
      for (let i = 0; i < hd / 2; i++) {
        const a = v[h * hd + i];
        const b = v[h * hd + i + hd / 2];
        o[h * hd + i] = a * Math.cos(angle(i)) - b * Math.sin(angle(i));
        o[h * hd + i + hd / 2] = a * Math.sin(angle(i)) + b * Math.cos(angle(i));
      }
    return o;
  };
  const meta = interleaved(matvec(W));
  const hf = halves(matvec(Whf));
  for (let r = 0; r < heads * hd; r++) assert.ok(Math.abs(hf[r] - meta[perm[r]]) < 1e-12);
});

test("llama2c fixtures: the two tokenizer files are what the README lists, and are not checkpoints", {
  skip: fixturesMissing("llama2c/tok512.bin"),
}, async () => {
  const { parseLlama2cTokenizer } = await import("../../src/tokenizers/llama2c-tokenizer.ts");
  const { readFileSync } = await import("node:fs");
  for (const [file, maxLen, size, space] of [
    ["tok512.bin", 7, 512, 410],
    ["tokenizer.bin", 27, 32000, 29871],
  ] as const) {
    const path = fixture("llama2c", file);
    const bytes = readFileSync(path);
    assert.equal(bytes.readInt32LE(0), maxLen, `${file} max_token_length`);
    const tok = parseLlama2cTokenizer(bytes, path);
    assert.equal(tok.vocabSize, size);
    assert.equal(tok.pieces[space], " ");
    assert.deepEqual(tok.pieces.slice(3, 5), ["<0x00>", "<0x01>"]);
    // A tokenizer handed to the checkpoint loader fails by name, not with garbage.
    assert.throws(
      () => loadCheckpoint(path),
      /not a valid llama2\.c checkpoint|implies \d+ bytes, but the file has/,
    );
  }
});

test("loadCheckpoint names what it cannot load", async () => {
  const { gv, writeGguf } = await import("../../src/formats/gguf-writer.ts");
  const { writeFileSync } = await import("node:fs");
  const split = join(dir, "model-00001-of-00002.gguf");
  writeGguf(split, {
    metadata: { "general.architecture": gv.str("llama"), "split.count": gv.u16(2) },
    tensors: [],
  });
  assert.throws(() => loadCheckpoint(split), /split into 2 files, which is not supported yet/);
  const phi = join(dir, "phi.gguf");
  writeGguf(phi, { metadata: { "general.architecture": gv.str("phi3") }, tensors: [] });
  assert.throws(() => loadCheckpoint(phi), /architecture 'phi3' is not supported/);
  const pt = join(dir, "model.pt");
  writeFileSync(pt, "x");
  assert.throws(() => loadCheckpoint(pt), /unknown model format/);
  assert.throws(() => loadCheckpoint(join(dir, "missing.gguf")), /no such file or folder/);
});

// `tongguan convert`: an HF folder → GGUF that llama.cpp runs with the same next-token distribution
// as a float64 reference forward pass over the original (HF-layout) weights.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { readHfConfig } from "../../src/formats/config.ts";
import { readGguf } from "../../src/formats/gguf.ts";
import { loadCheckpoint } from "../../src/models/checkpoint.ts";
import { convertToGguf } from "../../src/models/convert-gguf.ts";
import { type Model, modelFromCheckpoint } from "../../src/models/index.ts";
import { referenceLlamaLogits } from "../../src/models/reference/llama.ts";
import { runCliSync } from "../helpers/cli.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { llamaCpp, peerMissing } from "../helpers/peers.ts";
import { logSoftmax } from "../models/helpers.ts";
import { evaluateWithLlamaCpp } from "./llama-cpp.ts";
import {
  tinyByteLevelTokenizerJson,
  writeTinyHfBert,
  writeTinyHfGpt2,
  writeTinyHfLlama,
} from "./tiny-hf-models.ts";
import { TINY } from "./tiny-models.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-convert-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const prompt = [5, 70, 80, 90, 100, 7];

/** Max |Δ logprob| over the vocabulary, and whether the argmax agrees. */
function compare(ours: Float64Array, probs: Float64Array): { maxDiff: number; sameTop: boolean } {
  const ref = logSoftmax(ours);
  let maxDiff = 0;
  let top = 0;
  let topRef = 0;
  for (let i = 0; i < ref.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(Math.log(probs[i]) - ref[i]));
    if (probs[i] > probs[top]) top = i;
    if (ref[i] > ref[topRef]) topRef = i;
  }
  return { maxDiff, sameTop: top === topRef };
}

for (const arch of ["llama", "qwen2"] as const) {
  const hf = join(dir, `hf-${arch}`);
  writeTinyHfLlama(hf, 21, arch);
  const config = readHfConfig(hf);
  const weights = loadCheckpoint(hf).tensors;
  const reference = referenceLlamaLogits(config, weights, prompt);

  // Tolerances (measured: f32 ~1e-6, f16 ~2e-3, q8_0 ~0.05, q4_0 ~0.7 against the unrounded weights):
  // f32 is exact up to float32 rounding; f16/q8_0/q4_0 also differ because llama.cpp rounds
  // activations to f16 or quantizes them to q8 blocks before each matmul (see gguf-tiny/README).
  const cases = [
    ["f32", 1e-4, 1e-4],
    ["f16", 5e-3, 5e-3],
    ["q8_0", 0.2, 0.15],
    ["q4_0", 1.5, 0.15],
  ] as const;
  for (const [type, tol, tol2] of cases) {
    test(`convert ${arch} → ${type} GGUF: llama.cpp agrees with the reference forward pass`, {
      skip: peerMissing("node-llama-cpp"),
    }, async () => {
      const out = join(dir, `${arch}-${type}.gguf`);
      convertToGguf(hf, out, { type });
      const probs = await evaluateWithLlamaCpp(out, prompt, config.vocabSize);
      const { maxDiff, sameTop } = compare(reference, probs);
      assert.ok(maxDiff < tol, `max |Δ logprob| ${maxDiff} ≥ ${tol}`);
      if (type !== "q4_0") assert.ok(sameTop, "llama.cpp's most likely token differs from the reference");
      // Sharper: the reference over the weights as stored (rounded/quantized), read back with our loader.
      const stored = loadCheckpoint(out, { dtype: "f32" });
      const d2 = compare(referenceLlamaLogits(stored.config, stored.tensors, prompt), probs);
      assert.ok(d2.maxDiff < tol2, `vs stored weights: max |Δ logprob| ${d2.maxDiff} ≥ ${tol2}`);
      // And our own loader reads the converted file back into the same HF layout.
      if (type === "f32") {
        const back = loadCheckpoint(out);
        for (const [name, t] of weights)
          assert.deepEqual([...back.tensors.get(name)!.data], [...t.data], name);
        assert.equal(back.config.numKvHeads, TINY.kvHeads);
      }
    });
  }
}

/** tongguan's own model (src/models) on a checkpoint: the logits after `ids`. */
function tongguanLogits(path: string, ids: number[]): Float32Array {
  const m: Model = modelFromCheckpoint(loadCheckpoint(path));
  if (!("newSession" in m)) throw new Error("not a causal LM");
  return m.newSession({ cacheTypeK: "f32", cacheTypeV: "f32" }).forward(ids); // llama.cpp keeps f32 K/V here
}

for (const arch of ["llama", "qwen2", "qwen3", "gpt2"] as const) {
  test(`convert ${arch}: llama.cpp on our GGUF agrees with tongguan's model on the HF folder`, {
    skip: peerMissing("node-llama-cpp"),
  }, async () => {
    const hf = join(dir, `ours-${arch}`);
    if (arch === "gpt2") writeTinyHfGpt2(hf, 5);
    else writeTinyHfLlama(hf, 31, arch);
    const ours = Float64Array.from(tongguanLogits(hf, prompt));
    for (const [type, tol] of [
      ["f32", 1e-4],
      ["q8_0", 0.15],
    ] as const) {
      const out = join(dir, `ours-${arch}-${type}.gguf`);
      convertToGguf(hf, out, { type });
      const probs = await evaluateWithLlamaCpp(out, prompt, ours.length);
      const { maxDiff, sameTop } = compare(ours, probs);
      // gpt2: llama.cpp evaluates GELU through an f16 table (gguf-tiny/README: ~1e-2 on f32 files), and
      // its q8_0 matmuls quantize the activations too (README: up to ~0.33 on tiny models).
      const limit = arch === "gpt2" ? { f32: 2e-2, q8_0: 0.6 }[type] : tol;
      assert.ok(maxDiff < limit, `${type}: max |Δ logprob| ${maxDiff} ≥ ${limit}`);
      assert.ok(sameTop, `${type}: llama.cpp's most likely token differs from tongguan's`);
    }
  });
}

test("convert llama with Llama 3 RoPE scaling: rope_freqs.weight written, read back as parameters", {
  skip: peerMissing("node-llama-cpp"),
}, async () => {
  const hf = join(dir, "llama3");
  writeTinyHfLlama(hf, 41);
  const cfgPath = join(hf, "config.json");
  const cfg = JSON.parse(readFileSync(cfgPath, "utf8"));
  const scaling = {
    rope_type: "llama3",
    factor: 8,
    low_freq_factor: 1,
    high_freq_factor: 4,
    original_max_position_embeddings: 16,
  };
  writeFileSync(cfgPath, JSON.stringify({ ...cfg, rope_theta: 500000, rope_scaling: scaling }));
  const ours = Float64Array.from(tongguanLogits(hf, prompt));
  const out = join(dir, "llama3.gguf");
  convertToGguf(hf, out, { type: "f32" });
  assert.deepEqual(readGguf(out).tensorInfo("rope_freqs.weight")!.shape, [TINY.dim / TINY.heads / 2]);
  const probs = await evaluateWithLlamaCpp(out, prompt, ours.length);
  const { maxDiff } = compare(ours, probs);
  assert.ok(maxDiff < 1e-4, `max |Δ logprob| ${maxDiff}`);
  // The scaling matters at these positions: without it the distribution is clearly different.
  writeFileSync(cfgPath, JSON.stringify({ ...cfg, rope_theta: 500000 }));
  assert.ok(compare(Float64Array.from(tongguanLogits(hf, prompt)), probs).maxDiff > 1e-2);
  assert.deepEqual(loadCheckpoint(out).config.ropeScaling, {
    type: "llama3",
    factor: 8,
    lowFreqFactor: 1,
    highFreqFactor: 4,
    originalMaxPositionEmbeddings: 16,
  });
});

test("convert bert: llama.cpp's mean-pooled embedding of our GGUF matches tongguan's Bert", {
  skip: peerMissing("node-llama-cpp"),
}, async () => {
  const hf = join(dir, "bert");
  const { vocab } = writeTinyHfBert(hf, 4);
  const ck = loadCheckpoint(hf);
  assert.equal(ck.tensors.has("cls.seq_relationship.weight"), false);
  assert.equal(ck.tensors.has("embeddings.LayerNorm.weight"), true);
  const ids = [2, 5, 6, 7, 8, 5, 9, 3]; // [CLS] the cat sat on the mat [SEP]
  const bert = modelFromCheckpoint(ck);
  if (!("embed" in bert)) throw new Error("not a Bert");
  const ours = bert.embed(ids);
  const out = join(dir, "bert-f32.gguf");
  convertToGguf(hf, out, { type: "f32" });
  const g = readGguf(out);
  assert.equal(g.metadata.get("tokenizer.ggml.model"), "bert");
  assert.deepEqual((g.metadata.get("tokenizer.ggml.tokens") as string[]).slice(4, 7), [
    "[MASK]",
    "▁the",
    "▁cat",
  ]);
  assert.equal((g.metadata.get("tokenizer.ggml.tokens") as string[])[10], "s");
  assert.equal(g.metadata.get("tokenizer.ggml.cls_token_id"), vocab.indexOf("[CLS]"));
  const { getLlama } = await llamaCpp();
  const llama = await getLlama({ build: "never", gpu: false, logLevel: "error" as never });
  const model = await llama.loadModel({ modelPath: out });
  try {
    const ctx = await model.createEmbeddingContext({ contextSize: 64, threads: 1 });
    const theirs = (await ctx.getEmbeddingFor(ids as never)).vector;
    await ctx.dispose();
    assert.equal(theirs.length, ours.length);
    let worst = 0;
    for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
    // llama.cpp's GELU is the tanh form through an f16 table; transformers' BERT uses the erf.
    assert.ok(worst < 2e-2, `max |Δ| ${worst}`);
  } finally {
    await model.dispose();
  }
});

test("converted tokenizer keys: tokens, merges, specials; llama.cpp tokenizes like the BPE", {
  skip: peerMissing("node-llama-cpp"),
}, async () => {
  const hf = join(dir, "hf-llama");
  const out = join(dir, "tok.gguf");
  convertToGguf(hf, out, { type: "f32" });
  const g = readGguf(out);
  const { json, vocabSize } = tinyByteLevelTokenizerJson();
  const vocab = (json as { model: { vocab: Record<string, number> } }).model.vocab;
  const tokens = g.metadata.get("tokenizer.ggml.tokens") as string[];
  assert.equal(tokens.length, vocabSize);
  assert.equal(tokens[vocab.Ġcat!], "Ġcat");
  assert.equal(g.metadata.get("tokenizer.ggml.model"), "gpt2");
  assert.deepEqual((g.metadata.get("tokenizer.ggml.merges") as string[]).slice(0, 2), ["Ġ t", "h e"]);
  assert.equal((g.metadata.get("tokenizer.ggml.token_type") as number[])[vocabSize - 1], 3);
  assert.equal(g.metadata.get("tokenizer.ggml.eos_token_id"), vocabSize - 1);
  const { getLlama } = await llamaCpp();
  const llama = await getLlama({ build: "never", gpu: false, logLevel: "error" as never });
  const model = await llama.loadModel({ modelPath: out, vocabOnly: true });
  try {
    const ids = model.tokenize("the cat sat");
    assert.deepEqual([...ids], [vocab.t, vocab.he, vocab.Ġcat, vocab.Ġsat]);
  } finally {
    await model.dispose();
  }
});

test("tongguan convert CLI writes a GGUF and rejects bad flags", () => {
  const hf = join(dir, "hf-llama");
  const out = join(dir, "cli.gguf");
  const ok = runCliSync(["convert", hf, "--to", "gguf", "--type", "q8_0", "--out", out]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /wrote .*cli\.gguf: llama, 2 layers, q8_0/);
  assert.equal(readGguf(out).tensorInfo("blk.0.attn_q.weight")!.dtype, "q8_0");
  const bad = runCliSync(["convert", hf, "--type", "q5_k", "--out", out]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--type q5_k: expected one of f32, f16, q8_0, q4_0/);
  const missing = runCliSync(["convert", join(dir, "nope"), "--out", out]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /nope: no such file or folder/);
});

test("convert stories260K.bin + tok512.bin → GGUF: llama.cpp reproduces run.c's first-step logits and tokenization", {
  skip: fixturesMissing("llama2c/expected.jsonl") || peerMissing("node-llama-cpp"),
}, async () => {
  const out = join(dir, "stories260K.gguf");
  convertToGguf(fixture("llama2c", "stories260K.bin"), out, {
    type: "f32",
    tokenizer: fixture("llama2c", "tok512.bin"),
  });
  const cases = readFileSync(fixture("llama2c", "expected.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  for (const c of cases.slice(0, 3)) {
    const top5 = c.top5_first_step as [number, number][];
    const probs = await evaluateWithLlamaCpp(out, c.prompt_tokens, 512);
    // logprob differences are logit differences.
    for (const [id, logit] of top5) {
      const want = logit - top5[0][1];
      const got = Math.log(probs[id]) - Math.log(probs[top5[0][0]]);
      assert.ok(
        Math.abs(got - want) < 1e-4,
        `prompt ${JSON.stringify(c.prompt)} token ${id}: ${got} vs ${want}`,
      );
    }
  }
  const { getLlama } = await llamaCpp();
  const llama = await getLlama({ build: "never", gpu: false, logLevel: "error" as never });
  const model = await llama.loadModel({ modelPath: out, vocabOnly: true });
  try {
    assert.deepEqual([...model.tokenize("Lily and Tom")], [317, 269, 274, 287]);
  } finally {
    await model.dispose();
  }
});

test("GGUF → GGUF: re-typing tiny-llama-f32 to f32 and to q8_0 reproduces the fixture files byte for byte", {
  skip: fixturesMissing("gguf-tiny"),
}, async () => {
  const src = fixture("gguf-tiny", "tiny-llama-f32.gguf");
  const out = join(dir, "retyped-llama.gguf");
  convertToGguf(src, out, { type: "f32" });
  const a = readGguf(src);
  const b = readGguf(out);
  assert.deepEqual(b.metadata.get("tokenizer.ggml.tokens"), a.metadata.get("tokenizer.ggml.tokens"));
  assert.deepEqual(b.metadata.get("tokenizer.ggml.scores"), a.metadata.get("tokenizer.ggml.scores"));
  assert.deepEqual(b.tensors.map((t) => t.name).sort(), a.tensors.map((t) => t.name).sort());
  // q/k rows went HF-ward on load and back to llama.cpp's order on write: identical bytes.
  for (const t of a.tensors) assert.deepEqual(b.loadTensor(t.name).data, a.loadTensor(t.name).data, t.name);
  const q8 = join(dir, "retyped-llama-q8_0.gguf");
  convertToGguf(src, q8, { type: "q8_0" });
  assert.equal(readGguf(q8).tensorInfo("blk.1.attn_q.weight")!.dtype, "q8_0");
  // The fixture's own q8_0 file was quantized from the same weights by ggml's reference code.
  const theirs = readGguf(fixture("gguf-tiny", "tiny-llama-q8_0.gguf"));
  const ours = readGguf(q8);
  for (const t of theirs.tensors)
    assert.deepEqual(ours.loadTensor(t.name).data, theirs.loadTensor(t.name).data, t.name);
  if (peerMissing("node-llama-cpp")) return; // the bytes are checked; llama.cpp's view needs the peer
  const tokens = [1, 15043, 3186];
  const pf = await evaluateWithLlamaCpp(src, tokens, 32000);
  const pq = await evaluateWithLlamaCpp(q8, tokens, 32000);
  let worst = 0;
  for (let i = 0; i < 32000; i++) worst = Math.max(worst, Math.abs(Math.log(pf[i]) - Math.log(pq[i])));
  assert.ok(worst < 0.5, `q8_0 vs f32 max |Δ logprob| ${worst}`);
});

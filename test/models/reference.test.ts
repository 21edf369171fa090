// The fast models (src/models/llama.ts, gpt2.ts: wasm kernels, KV cache, fused matmuls) against the
// plain one-function references (src/models/reference/), on tiny random checkpoints and the GGUF
// fixtures: the same next-token logits within 1e-3 (float32 against float64, a few layers deep).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { loadCheckpoint } from "../../src/models/checkpoint.ts";
import type { DecoderLM } from "../../src/models/decoder.ts";
import { modelFromCheckpoint } from "../../src/models/index.ts";
import { referenceGpt2Logits } from "../../src/models/reference/gpt2.ts";
import { referenceLlamaLogits } from "../../src/models/reference/llama.ts";
import { writeTinyHfGpt2, writeTinyHfLlama } from "../formats/tiny-hf-models.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const dir = mkdtempSync(join(tmpdir(), "reference-models-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const ids = [5, 17, 3, 42, 8, 1, 9];

/** Largest |fast − reference| over the next-token logits after each prefix of ids (decoding token by token). */
function maxDiff(path: string, reference: typeof referenceLlamaLogits): number {
  const ckpt = loadCheckpoint(path);
  const model = modelFromCheckpoint(ckpt) as DecoderLM;
  const session = model.newSession({ cacheTypeK: "f32", cacheTypeV: "f32" }); // the references keep f32 K/V
  let worst = 0;
  for (let t = 0; t < ids.length; t++) {
    const fast = session.forward([ids[t]]);
    const want = reference(ckpt.config, ckpt.tensors, ids.slice(0, t + 1));
    assert.equal(fast.length, want.length);
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(fast[i] - want[i]));
  }
  session.release();
  return worst;
}

for (const arch of ["llama", "qwen2", "qwen3"] as const) {
  test(`${arch}: the fast model's logits equal reference/llama.ts within 1e-3 at every position`, () => {
    const path = join(dir, arch);
    writeTinyHfLlama(path, 3, arch);
    const d = maxDiff(path, referenceLlamaLogits);
    assert.ok(d < 1e-3, `max |Δ| = ${d}`);
  });
}

test("gpt2: the fast model's logits equal reference/gpt2.ts within 1e-3 at every position", () => {
  const path = join(dir, "gpt2");
  writeTinyHfGpt2(path, 3);
  const d = maxDiff(path, referenceGpt2Logits);
  assert.ok(d < 1e-3, `max |Δ| = ${d}`);
});

test("the GGUF fixtures (f32): Llama, Qwen2 and GPT-2 equal their references within 1e-3", {
  skip: fixturesMissing("gguf-tiny"),
}, () => {
  for (const [file, reference] of [
    ["tiny-llama-f32.gguf", referenceLlamaLogits],
    ["tiny-qwen2-f32.gguf", referenceLlamaLogits],
    ["tiny-gpt2-f32.gguf", referenceGpt2Logits],
  ] as const) {
    const d = maxDiff(fixture("gguf-tiny", file), reference);
    assert.ok(d < 1e-3, `${file}: max |Δ| = ${d}`);
  }
});

/**
 * Past wasm32's 4 GiB a model's weight matrices spread over several tensor memories (memory.ts,
 * docs/memory.md). Forced here on the tiny GGUF models by lowering the per-memory limit: the logits
 * must be bit-identical to the one-memory path — the same kernels, only in another memory.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { type DecoderLM, type Llama, loadCausalLM } from "../../src/models/index.ts";
import { memoryIndexOf, setMemoryLimitForTests, tensorMemories } from "../../src/tensor/memory.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const skip = fixturesMissing("gguf-tiny/expected.json");

/** Prompt logits (all positions, two prefill chunks) and four greedy decode steps' logits. */
function run(m: DecoderLM): Float32Array[] {
  const s = m.newSession({ contextLength: 128 });
  const prompt = Array.from({ length: 70 }, (_, i) => (i * 7919 + 13) % m.vocabSize);
  const out = [s.forward(prompt, { allPositions: true }).slice()];
  let last = out[0].subarray(out[0].length - m.vocabSize);
  for (let t = 0; t < 4; t++) {
    let best = 0;
    for (let i = 1; i < last.length; i++) if (last[i] > last[best]) best = i;
    last = s.forward([best]).slice();
    out.push(last);
  }
  s.release();
  return out;
}

for (const file of ["tiny-llama-f32.gguf", "tiny-llama-q8_0.gguf", "tiny-qwen2-f16.gguf"]) {
  test(`${file}: weights across several tensor memories give bit-identical logits`, { skip }, async () => {
    const path = fixture("gguf-tiny", file);
    const one = await loadCausalLM(path);
    const want = run(one);
    assert.equal(memoryIndexOf((one as Llama).lmHead.weight.data), 0);
    const before = tensorMemories().length;
    setMemoryLimitForTests(5 << 20);
    let spread: DecoderLM;
    try {
      spread = await loadCausalLM(path);
    } finally {
      setMemoryLimitForTests(undefined);
    }
    assert.ok(tensorMemories().length > before, "the weights opened new memories");
    assert.ok(
      memoryIndexOf((spread as Llama).lmHead.weight.data) > 0,
      "the output head lies outside memory 0",
    );
    const got = run(spread);
    assert.equal(got.length, want.length);
    for (let i = 0; i < got.length; i++) assert.deepEqual(got[i], want[i], `step ${i}: logits differ`);
  });
}

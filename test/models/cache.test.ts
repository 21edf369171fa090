/**
 * Decoding with the KV cache gives the same logits as recomputing the whole sequence, for every model;
 * a full context is an error; truncate rewinds.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { type DecoderLM, loadCausalLM } from "../../src/models/index.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const files: [string, string][] = [
  ["llama2c", "stories260K.bin"],
  ["gguf-tiny", "tiny-llama-q8_0.gguf"],
  ["gguf-tiny", "tiny-qwen2-f16.gguf"],
  ["gguf-tiny", "tiny-gpt2-f32.gguf"],
];

/** 70 ids (more than one prefill chunk of 64) spread over the vocabulary. */
const idsFor = (vocab: number) => Array.from({ length: 70 }, (_, i) => (i * 7919 + 13) % vocab);

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

for (const [dir, file] of files) {
  test(`cache: ${file} decoded token by token equals the whole sequence recomputed`, {
    skip: fixturesMissing(`${dir}/${file}`),
  }, async () => {
    const m: DecoderLM = await loadCausalLM(fixture(dir, file));
    const ids = idsFor(m.vocabSize);
    const V = m.vocabSize;
    const whole = m.newSession().forward(ids, { allPositions: true });
    const s = m.newSession();
    // A prefill of 5, then decoding one token at a time.
    let logits = s.forward(ids.slice(0, 5));
    assert.ok(maxDiff(logits, whole.subarray(4 * V, 5 * V)) < 1e-4, "after prefill");
    for (let t = 5; t < ids.length; t++) {
      logits = s.forward([ids[t]]);
      assert.ok(maxDiff(logits, whole.subarray(t * V, (t + 1) * V)) < 1e-4, `position ${t}`);
    }
    assert.equal(s.position, ids.length);
    // Last-position logits of one call equal the last row of allPositions.
    const last = m.newSession().forward(ids);
    assert.ok(maxDiff(last, whole.subarray((ids.length - 1) * V)) < 1e-5);
    // truncate rewinds: re-running the tail reproduces its logits.
    s.truncate(10);
    assert.equal(s.position, 10);
    logits = s.forward(ids.slice(10, 20));
    assert.ok(maxDiff(logits, whole.subarray(19 * V, 20 * V)) < 1e-4, "after truncate");
  });
}

test("cache: a full context is a clear error and leaves the session usable", {
  skip: fixturesMissing("llama2c/stories260K.bin"),
}, async () => {
  const m = await loadCausalLM(fixture("llama2c", "stories260K.bin"));
  const s = m.newSession({ contextLength: 8 });
  assert.equal(s.contextLength, 8);
  s.forward([1, 2, 3, 4, 5, 6]);
  assert.throws(
    () => s.forward([7, 8, 9]),
    (e: Error) =>
      e instanceof TongguanError &&
      /context is full: 6 tokens .* \+ 3 new > context length 8/.test(e.message),
  );
  assert.equal(s.position, 6);
  s.forward([7, 8]);
  assert.throws(() => s.forward([1]), TongguanError);
  assert.throws(() => m.newSession({ contextLength: 513 }), /1\.\.512/);
  assert.throws(() => m.newSession().forward([512]), /token id 512 is outside the vocabulary 0\.\.511/);
});

test("cache: a released session's KV cache is reused by the next session, which starts empty", {
  skip: fixturesMissing("llama2c/stories260K.bin"),
}, async () => {
  const m = await loadCausalLM(fixture("llama2c", "stories260K.bin"));
  const a = m.newSession({ contextLength: 16 });
  const fresh = m.newSession({ contextLength: 16 }).forward([1, 403, 407]).slice();
  a.forward([1, 9, 9, 9, 9]);
  assert.equal(a.cacheBytes, 2 * 5 * 16 * 32 * 4);
  a.release();
  assert.throws(() => a.forward([1]), /released/);
  const b = m.newSession({ contextLength: 16 });
  assert.equal(b.position, 0);
  assert.deepEqual(Array.from(b.forward([1, 403, 407])), Array.from(fresh));
});

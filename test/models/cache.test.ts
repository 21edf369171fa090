/**
 * Decoding with the KV cache gives the same logits as recomputing the whole sequence, for every model;
 * a full context is an error; truncate rewinds.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { LLAMA3_8B, writeRandomModel } from "../../src/bench/random-model.ts";
import { TongguanError } from "../../src/errors.ts";
import { type DecoderLM, loadCausalLM } from "../../src/models/index.ts";
import type { CacheType } from "../../src/nn/kv-cache.ts";
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

// A llama-shaped random model with 32-wide heads, which a q8_0 cache needs (the fixtures' are 8 wide).
const tmp = mkdtempSync(join(tmpdir(), "tongguan-cache-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const wideHeads = join(tmp, "tiny-llama-hd32.gguf");
writeRandomModel(
  wideHeads,
  {
    ...LLAMA3_8B,
    id: "tiny",
    layers: 2,
    hidden: 128,
    heads: 4,
    kvHeads: 2,
    ffn: 256,
    vocab: 600,
    specials: ["<s>"],
  },
  "q8_0",
);

/**
 * Every cache type. The stored keys and values are rounded once, when their token is computed; a
 * prompt's rows (matrix-matrix kernels) and a decoded token's (matrix-vector) differ in the last f32
 * bits, which an f16 or q8_0 rounding can carry one step of that type further — so decoding equals
 * recomputing within TOLERANCE of the type: f32 as before (1e-4), f16 and q8_0 a few of their steps.
 */
const TOLERANCE: Record<CacheType, number> = { f32: 1e-4, f16: 5e-3, q8_0: 2e-2 };
const runs: [string | undefined, string, CacheType][] = [
  ...files.map(([dir, file]): [string, string, CacheType] => [dir, file, "f32"]),
  ...files.map(([dir, file]): [string, string, CacheType] => [dir, file, "f16"]),
  [undefined, wideHeads, "q8_0"],
  [undefined, wideHeads, "f16"],
];

for (const [dir, file, cacheType] of runs) {
  test(`cache: ${file.split("/").at(-1)} (${cacheType} KV cache) decoded token by token equals the whole sequence recomputed`, {
    skip: dir ? fixturesMissing(`${dir}/${file}`) : false,
  }, async () => {
    const m: DecoderLM = await loadCausalLM(dir ? fixture(dir, file) : file, {
      fit: { cacheTypeK: cacheType, cacheTypeV: cacheType },
    });
    assert.equal(m.memoryPlan?.cacheTypeK, cacheType);
    const ids = idsFor(m.vocabSize);
    const V = m.vocabSize;
    const whole = m.newSession().forward(ids, { allPositions: true });
    const s = m.newSession();
    // A prefill of 5, then decoding one token at a time.
    const tol = TOLERANCE[cacheType];
    let logits = s.forward(ids.slice(0, 5));
    assert.ok(maxDiff(logits, whole.subarray(4 * V, 5 * V)) < tol, "after prefill");
    for (let t = 5; t < ids.length; t++) {
      logits = s.forward([ids[t]]);
      const d = maxDiff(logits, whole.subarray(t * V, (t + 1) * V));
      assert.ok(d < tol, `position ${t}: off by ${d} (tolerance ${tol})`);
    }
    assert.equal(s.position, ids.length);
    // Last-position logits of one call equal the last row of allPositions.
    const last = m.newSession().forward(ids);
    assert.ok(maxDiff(last, whole.subarray((ids.length - 1) * V)) < 1e-5);
    // truncate rewinds: re-running the tail reproduces its logits.
    s.truncate(10);
    assert.equal(s.position, 10);
    logits = s.forward(ids.slice(10, 20));
    assert.ok(maxDiff(logits, whole.subarray(19 * V, 20 * V)) < tol, "after truncate");
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

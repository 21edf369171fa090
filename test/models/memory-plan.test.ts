/**
 * The fit check (models/memory-plan.ts): before anything is allocated, weights + KV cache + scratch
 * against the free memory and WebAssembly memory 0; a default context from what is free; a model
 * that does not fit fails with one line saying what would.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { parseHfConfig } from "../../src/formats/config.ts";
import { cacheBytesPerToken, loadCausalLM, planMemory } from "../../src/models/index.ts";
import { totalAllocatedBytes } from "../../src/tensor/memory.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const GiB = 2 ** 30;
/** Llama-2-7B's shape (config.json of meta-llama/Llama-2-7b-hf). */
const llama2 = parseHfConfig("llama-2-7b", {
  architectures: ["LlamaForCausalLM"],
  model_type: "llama",
  vocab_size: 32000,
  hidden_size: 4096,
  intermediate_size: 11008,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 32,
  max_position_embeddings: 4096,
});
const Q4_0 = 3.56 * GiB;

const oneLine = (re: RegExp) => (e: unknown) =>
  e instanceof TongguanError && !e.message.includes("\n") && re.test(e.message);

test("KV cache bytes: 2 · layers · kvDim · bytes per value", () => {
  assert.equal(cacheBytesPerToken(llama2, "f32", "f32"), 2 * 32 * 4096 * 4);
  assert.equal(cacheBytesPerToken(llama2, "f16", "f16"), 2 * 32 * 4096 * 2);
  assert.equal(cacheBytesPerToken(llama2, "q8_0", "f16"), 32 * 4096 * (34 / 32 + 2));
});

test("a context that fits is taken as asked; without one, the model's when memory allows", () => {
  const asked = planMemory("m", llama2, Q4_0, { contextLength: 1024, freeBytes: 20 * GiB });
  assert.equal(asked.contextLength, 1024);
  assert.equal(asked.contextFrom, "option");
  assert.equal(asked.cacheTypeK, "f16", "f16 by default, as llama.cpp");
  assert.equal(asked.cacheBytes, 1024 * cacheBytesPerToken(llama2, "f16", "f16"));
  assert.equal(asked.note, undefined);
  const f16 = planMemory("m", llama2, Q4_0, { cacheTypeK: "f16", cacheTypeV: "f16", freeBytes: 20 * GiB });
  assert.equal(f16.contextLength, 4096);
  assert.equal(f16.contextFrom, "model");
});

test("the default context is what the free memory holds, with a note saying so", () => {
  const p = planMemory("m", llama2, Q4_0, { cacheTypeK: "f16", cacheTypeV: "f16", freeBytes: 5 * GiB });
  assert.ok(p.contextLength < 4096 && p.contextLength >= 256, `context ${p.contextLength}`);
  assert.equal(p.contextLength % 256, 0);
  assert.equal(p.contextFrom, "memory");
  assert.ok(p.weightBytes + p.cacheBytes + p.scratchBytes <= 5 * GiB);
  assert.match(p.note ?? "", /^context \d+ tokens \(the model's is 4096\): .*--ctx sets it$/);
});

test("an f32 cache of 4096 tokens does not fit beside activations in one 4 GiB wasm memory: --ctx or a smaller cache type is named", () => {
  assert.throws(
    () =>
      planMemory("llama-7b.gguf", llama2, Q4_0, {
        contextLength: 4096,
        cacheTypeK: "f32",
        cacheTypeV: "f32",
        freeBytes: 20 * GiB,
      }),
    oneLine(
      /^llama-7b\.gguf does not fit: .*4 GiB WebAssembly memory; what fits: --ctx \d+, or --cache-type-k q8_0/,
    ),
  );
});

test("too little free memory: a shorter --ctx, or a smaller quantization when even that does not help", () => {
  assert.throws(
    () =>
      planMemory("m", llama2, Q4_0, {
        contextLength: 4096,
        cacheTypeK: "f16",
        cacheTypeV: "f16",
        freeBytes: 5 * GiB,
      }),
    oneLine(/does not fit: it needs .* and 5\.0 GiB of memory is free; what fits: --ctx \d+/),
  );
  const f16Weights = 12.6 * GiB;
  assert.throws(
    () => planMemory("m", llama2, f16Weights, { freeBytes: 8 * GiB }),
    oneLine(/8\.0 GiB of memory is free; what fits: a Q8_0 file \(~6\.\d GiB\)$/),
  );
  assert.throws(
    () => planMemory("m", llama2, Q4_0, { contextLength: 5000 }),
    oneLine(/--ctx: 5000 .*1\.\.4096/),
  );
});

test("a model that does not fit fails before any tensor memory is allocated", {
  skip: fixturesMissing("gguf-tiny/expected.json"),
}, async () => {
  const before = totalAllocatedBytes();
  await assert.rejects(
    loadCausalLM(fixture("gguf-tiny", "tiny-llama-f32.gguf"), { fit: { freeBytes: 4 << 20 } }),
    oneLine(/tiny-llama-f32\.gguf does not fit: it needs .* MiB|does not fit/),
  );
  assert.equal(totalAllocatedBytes(), before);
  const m = await loadCausalLM(fixture("gguf-tiny", "tiny-llama-f32.gguf"), { fit: { contextLength: 100 } });
  const s = m.newSession();
  assert.equal(s.contextLength, 100, "the plan's context is the session default");
});

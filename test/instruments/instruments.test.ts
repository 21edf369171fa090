// The instruments' numbers equal the engine's: attention rows are the model's attn_probs and sum to
// 1, the scores give them back through softmax, the sampling stages are the processors' own output.
import assert from "node:assert/strict";
import { test } from "node:test";
import { generate } from "../../src/generation/generate.ts";
import { buildProcessors } from "../../src/generation/token-sampler.ts";
import { traceAttention } from "../../src/instruments/attention-trace.ts";
import { recordCache } from "../../src/instruments/cache-steps.ts";
import { captureTensors, pickTensor } from "../../src/instruments/capture.ts";
import { probabilities, recordSampling } from "../../src/instruments/sampling-stages.ts";
import { bytesLabel, tokenPieces } from "../../src/instruments/token-pieces.ts";
import type { DecoderLM } from "../../src/models/decoder.ts";
import { loadModel } from "../../src/models/index.ts";
import type { TensorEvent } from "../../src/nn/hooks.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const tiny = fixturesMissing("gguf-tiny/tiny-qwen2-f32.gguf");
const gpt2Tok = fixturesMissing("tokenizers/gpt2");

test("bytesLabel: whole characters as text, loose bytes in hex", () => {
  assert.equal(bytesLabel([0x48, 0x69]), "Hi");
  assert.equal(bytesLabel([0xe9, 0x80]), "<e9 80>");
  assert.equal(bytesLabel([0x20, 0xe9, 0x80, 0x9a]), " 通");
  assert.equal(bytesLabel([0x9a]), "<9a>");
});

test("通关 under GPT-2 is six chips, each a byte piece of a character", { skip: gpt2Tok }, async () => {
  const tok = await loadTokenizer(fixture("tokenizers", "gpt2"));
  const ids = tok.encode("通关").ids;
  const pieces = tokenPieces(tok, ids);
  assert.equal(pieces.length, ids.length);
  assert.ok(
    pieces.every((p) => p.partial && /^<[0-9a-f ]+>$/.test(p.label)),
    JSON.stringify(pieces),
  );
  // the bytes of the chips, joined, are the text's UTF-8
  assert.deepEqual(
    pieces.flatMap((p) => p.bytes),
    [...new TextEncoder().encode("通关")],
  );
});

test("attention trace: rows sum to 1, equal the hook's attn_probs, and softmax(scores) gives them", {
  skip: tiny,
}, async () => {
  const model = (await loadModel(fixture("gguf-tiny", "tiny-qwen2-f32.gguf"))) as DecoderLM;
  const ids = [1, 5, 9, 14, 2, 7];
  const tr = traceAttention(model, ids);
  assert.equal(tr.attention.length, tr.layers);
  // the same run, with a hook of our own
  const direct = new Map<number, Float32Array>();
  const s = model.newSession({ contextLength: ids.length, cacheTypeK: "f32", cacheTypeV: "f32" }); // as a trace runs
  s.forward(ids, {
    hook: (e: TensorEvent) => {
      if (e.name === "attn_probs") direct.set(e.layer, (e.tensor.data as Float32Array).slice());
    },
  });
  s.release();
  const n = ids.length;
  for (const a of tr.attention) {
    const ref = direct.get(a.layer)!;
    for (let h = 0; h < tr.heads; h++)
      for (let i = 0; i < n; i++) {
        const row = a.probs[h][i];
        assert.ok(Math.abs(row.reduce((x, y) => x + y, 0) - 1) < 1e-5, "row sums to 1");
        for (let j = 0; j < n; j++) {
          assert.equal(row[j], ref[(h * n + i) * n + j]);
          if (j > i) assert.equal(a.scores[h][i][j], null, "causal mask");
        }
        const sc = a.scores[h][i].slice(0, i + 1) as number[];
        const max = Math.max(...sc);
        const e = sc.map((x) => Math.exp(x - max));
        const z = e.reduce((x, y) => x + y, 0);
        e.forEach((v, j) => {
          assert.ok(Math.abs(v / z - row[j]) < 1e-4, `softmax(scores) = probs at ${h},${i},${j}`);
        });
      }
  }
  assert.equal(tr.norms.length, tr.layers);
  assert.ok(tr.norms.every((l) => l.residual.length === n && l.residual.every((x) => x > 0)));
});

test("a long text runs in prefill chunks; the captured attention joins them", { skip: tiny }, async () => {
  const model = (await loadModel(fixture("gguf-tiny", "tiny-qwen2-f32.gguf"))) as DecoderLM;
  const ids = Array.from({ length: 70 }, (_, i) => (i * 7) % 50);
  const c = captureTensors(model, ids);
  const p = pickTensor(c, "attn_probs", 1);
  assert.deepEqual(p.shape, [p.shape[0], 70, 70]);
  const n = 70;
  for (const i of [0, 63, 64, 69]) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += p.data[i * n + j];
    assert.ok(Math.abs(sum - 1) < 1e-5, `row ${i} sums to 1 (${sum})`);
  }
  assert.deepEqual(pickTensor(c, "q", 0).shape[0], 70);
  assert.throws(
    () => pickTensor(c, "nope", 0),
    /--tensor: this model names no tensor "nope" \(it names: .*attn_probs/,
  );
});

test("sampling stages are the processors' own output, in their order, and the pick is generate()'s", {
  skip: tiny,
}, async () => {
  const model = (await loadModel(fixture("gguf-tiny", "tiny-qwen2-f32.gguf"))) as DecoderLM;
  const tok = await loadTokenizer(fixture("gguf-tiny", "tiny-qwen2-f32.gguf"));
  const options = {
    temperature: 0.7,
    topK: 20,
    topP: 0.8,
    minP: 0.05,
    repetitionPenalty: 1.3,
    seed: 3,
    maxNewTokens: 4,
  };
  const rec = recordSampling({ top: 50 });
  const r = await generate(model, tok, [1, 2, 3], { ...options, observer: rec.observer, stopTokens: [] });
  const plain = await generate(model, tok, [1, 2, 3], { ...options, stopTokens: [] });
  assert.deepEqual(r.generatedTokens, plain.generatedTokens, "observing changes nothing");
  assert.deepEqual(
    rec.steps.map((s) => s.pick),
    r.generatedTokens,
  );
  assert.deepEqual(
    rec.steps[0].stages.map((s) => s.name),
    ["raw", "repetition_penalty", "temperature", "top_k", "top_p", "min_p"],
  );
  // step 0 by hand: logits of the prompt through the processors
  const s = model.newSession();
  const logits = s.forward([1, 2, 3]).slice();
  const ctx = { tokens: [1, 2, 3], promptLength: 3 };
  const scores = Float32Array.from(logits);
  const stages = rec.steps[0].stages;
  const check = (stage: (typeof stages)[number]) => {
    const p = probabilities(scores);
    for (const t of stage.top) assert.ok(Math.abs(t.p - p[t.id]) < 1e-12, `${stage.name}: p(${t.id})`);
    assert.equal(stage.kept, [...p].filter((x) => x > 0).length);
  };
  check(stages[0]);
  buildProcessors(options).forEach((proc, k) => {
    proc.process(scores, ctx);
    check(stages[k + 1]);
  });
  assert.equal(stages[3].removedCount, stages[2].kept - 20, "top-k removed all but 20");
});

test("no cache: the same tokens as with the cache, every step runs the whole sequence", {
  skip: tiny,
}, async () => {
  const model = (await loadModel(fixture("gguf-tiny", "tiny-qwen2-f32.gguf"))) as DecoderLM;
  const tok = await loadTokenizer(fixture("gguf-tiny", "tiny-qwen2-f32.gguf"));
  const withCache = recordCache({ contextLength: 32 });
  const without = recordCache({ contextLength: 32 });
  const o = { temperature: 0.9, seed: 5, maxNewTokens: 8, stopTokens: [] };
  const a = await generate(model, tok, [1, 2, 3], {
    ...o,
    observer: withCache.observer,
    session: model.newSession({ contextLength: 32 }),
  });
  const b = await generate(model, tok, [1, 2, 3], {
    ...o,
    useCache: false,
    observer: without.observer,
    session: model.newSession({ contextLength: 32 }),
  });
  assert.deepEqual(b.generatedTokens, a.generatedTokens);
  assert.deepEqual(
    withCache.steps.map((s) => s.ran),
    [3, 1, 1, 1, 1, 1, 1, 1],
  );
  assert.deepEqual(
    without.steps.map((s) => s.ran),
    [3, 4, 5, 6, 7, 8, 9, 10],
  );
  assert.deepEqual(
    withCache.steps.map((s) => s.cached),
    [3, 4, 5, 6, 7, 8, 9, 10],
  );
  const perPosition = withCache.steps[0].bytesUsed! / 3;
  assert.ok(perPosition > 0 && withCache.steps[7].bytesUsed === Math.round(perPosition * 10));
});

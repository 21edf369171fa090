/**
 * The examples of the inference, sampling and model-structure chapters (a tiny random Qwen2 built by
 * the engine's own constructor), held to the engine. Also the runner, `npm run example -- NAME`.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { main as kvCache } from "../../examples/kv-cache.ts";
import { TINY_QWEN2 } from "../../examples/lib/common.ts";
import { main as qwen2Block } from "../../examples/qwen2-block.ts";
import { main as qwen2FromScratch } from "../../examples/qwen2-from-scratch.ts";
import { LOGITS, main as sampling } from "../../examples/sampling.ts";
import { main as tokenEmbedding } from "../../examples/token-embedding.ts";
import { softmax } from "../../src/index.ts";
import { repoRoot } from "../helpers/fixtures.ts";

const quiet = () => {};

test("KV cache: decoding with the cache gives the logits of re-running the whole text", () => {
  const r = kvCache(quiet, 6);
  assert.equal(r.position, 8 + 6);
  assert.ok(r.maxDiff < 1e-4, `largest difference ${r.maxDiff}`);
});

test("sampling: each processor's distribution, checked against its definition", () => {
  const r = sampling(quiet);
  for (const [label, p] of Object.entries(r))
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9, label);
  const original = Array.from(softmax(LOGITS));
  const sharp = Array.from(softmax(LOGITS.map((z) => z / 0.5)));
  r["temperature 0.5"].forEach((p, i) => {
    assert.ok(Math.abs(p - sharp[i]) < 1e-6);
  });
  assert.equal(r["top-k 3"].filter((p) => p > 0).length, 3);
  // top-p: the smallest most-likely prefix (LOGITS are sorted) whose mass reaches 0.9.
  let mass = 0;
  let keep = 0;
  while (mass < 0.9) mass += original[keep++];
  assert.equal(r["top-p 0.9"].filter((p) => p > 0).length, keep);
  const kept = original.filter((p) => p >= 0.1 * original[0]).length;
  assert.equal(r["min-p 0.1"].filter((p) => p > 0).length, kept);
  assert.ok(r["repetition 1.5"][2] < original[2], "a seen token loses probability");
});

test("Qwen2 block: every module's output has its diagram's shape", () => {
  const { events, logits } = qwen2Block(quiet);
  const c = TINY_QWEN2;
  const shape = (name: string) => events.find((e) => e.name === name && e.layer <= 0)?.shape;
  assert.deepEqual(shape("embed"), [5, c.hiddenSize]);
  assert.deepEqual(shape("q"), [5, c.numHeads * c.headDim]);
  assert.deepEqual(shape("k"), [5, c.numKvHeads * c.headDim]);
  assert.deepEqual(shape("attn_probs"), [c.numHeads, 5, 5]);
  assert.deepEqual(shape("ffn_gate"), [5, c.intermediateSize]);
  assert.deepEqual(shape("logits"), [5, c.vocabSize]);
  assert.equal(logits.length, 5 * c.vocabSize);
  assert.equal(events.filter((e) => e.name === "l_out").length, c.numLayers);
});

test("token → id → embedding row: a lookup, equal to one-hot · table", async () => {
  const r = await tokenEmbedding(quiet);
  r.ids.forEach((id, i) => {
    assert.deepEqual(
      r.vectors.subarray(i * r.dim, (i + 1) * r.dim),
      r.table.data.subarray(id * r.dim, (id + 1) * r.dim),
    );
  });
  assert.deepEqual(r.oneHot, r.vectors.subarray(0, r.dim));
});

test("npm run example -- NAME runs an example; an unknown name is one clear line", () => {
  const runner = join(repoRoot, "scripts", "run-example.mjs");
  const ok = spawnSync(process.execPath, [runner, "softmax"], { cwd: repoRoot, encoding: "utf8" });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /sum = 1\.000000/);
  const bad = spawnSync(process.execPath, [runner, "nope"], { cwd: repoRoot, encoding: "utf8" });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^tongguan: no example "nope" \(examples: .*softmax/);
});

test("Qwen2 from scratch: each of the 7 steps equals the engine's model on the same weights", () => {
  const { diffs, ours, engine } = qwen2FromScratch(quiet, 4);
  for (const key of ["embed", "q", "k", "attn_out", "l_out", "logits", "decode"]) {
    assert.ok(diffs[key] !== undefined && diffs[key] < 1e-4, `${key}: ${diffs[key]}`);
  }
  assert.deepEqual(ours, engine);
});

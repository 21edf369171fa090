/**
 * Memory under a stream of requests: a random-weight model with Qwen2's 151,936-token vocabulary
 * (so a per-request logits buffer, 0.6 MB, would show at once), thousands of requests through the
 * HTTP server, and the tensor memory's high-water mark must not move after the first requests.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type BenchShape, writeRandomModel } from "../../src/bench/random-model.ts";
import { openModel } from "../../src/generation/open-model.ts";
import { createApiServer } from "../../src/server/app.ts";
import { createEngine } from "../../src/server/engine-from-model.ts";
import { allocatedBytes } from "../../src/tensor/memory.ts";

const SHAPE: BenchShape = {
  id: "soak",
  name: "soak",
  arch: "qwen2",
  layers: 1,
  hidden: 32,
  heads: 2,
  kvHeads: 1,
  ffn: 64,
  vocab: 151_936,
  ctx: 64,
  ropeTheta: 1e6,
  specials: ["<|endoftext|>"],
};

const dir = mkdtempSync(join(tmpdir(), "tongguan-soak-"));
let url = "";
let model: Awaited<ReturnType<typeof openModel>>["model"];
let close: () => Promise<void> = async () => {};

before(async () => {
  const path = join(dir, "soak.gguf");
  writeRandomModel(path, SHAPE, "q8_0");
  const opened = await openModel(path);
  model = opened.model;
  const engine = createEngine({
    modelId: "soak",
    model: opened.model,
    tokenizer: opened.tokenizer,
    contextLength: 32,
    parallel: 2,
  });
  const server = createApiServer({ engine, parallel: 2, log: () => {} });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((r) => server.close(() => r()));
});
after(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

async function complete(i: number): Promise<number> {
  const r = await fetch(`${url}/v1/completions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ prompt: `a${i % 7}`, max_tokens: 1, temperature: 0 }),
  });
  await r.arrayBuffer();
  return r.status;
}

test("2,000 requests with a 151,936-token vocabulary: tensor memory stays flat", async () => {
  for (let i = 0; i < 20; i++) assert.equal(await complete(i), 200); // warm up: scratch, caches
  const before = allocatedBytes();
  let ok = 0;
  for (let i = 0; i < 1000; i++) {
    const pair = await Promise.all([complete(2 * i), complete(2 * i + 1)]);
    ok += pair.filter((s) => s === 200).length;
  }
  assert.equal(ok, 2000);
  const grown = allocatedBytes() - before;
  assert.equal(grown, 0, `tensor memory grew ${(grown / 2 ** 20).toFixed(1)} MiB over 2,000 requests`);
});

test("a model's sessions, made and released 1,000 times: tensor memory stays flat", () => {
  const warm = model.newSession({ contextLength: 16 });
  warm.forward([1, 2]); // the first forward pass sizes the shared scratch
  warm.release?.();
  const before = allocatedBytes();
  for (let i = 0; i < 1000; i++) {
    const session = model.newSession({ contextLength: 16 });
    session.forward([1, 2]);
    session.release?.();
  }
  assert.equal(allocatedBytes() - before, 0);
});

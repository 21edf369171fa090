/**
 * /v1/embeddings with a BERT (the tiny BERT of the shared fixtures), through the official client and
 * through `tongguan serve`: each embedding equals the model's own `embed` of the text's ids.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import OpenAI from "openai";
import { loadEncoder } from "../../src/models/index.ts";
import { createEmbeddingEngine } from "../../src/server/embedding-engine.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { spawnCli } from "../helpers/cli.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { listen } from "./reverse-engine.ts";

const skip = fixturesMissing("gguf-tiny/tiny-bert-f32.gguf");

test("/v1/embeddings: one vector per input, equal to the model's embed", { skip }, async () => {
  const path = fixture("gguf-tiny", "tiny-bert-f32.gguf");
  const model = await loadEncoder(path);
  const tokenizer = await loadTokenizer(path);
  const s = await listen({ engine: createEmbeddingEngine({ modelId: "tiny-bert", model, tokenizer }) });
  try {
    const client = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: "x", maxRetries: 0 });
    const texts = ["hello world", "the cat sat"];
    const r = await client.embeddings.create({ model: "tiny-bert", input: texts, encoding_format: "float" });
    assert.equal(r.data.length, 2);
    texts.forEach((text, i) => {
      const expected = model.embed(tokenizer.encode(text, { addSpecialTokens: true }).ids);
      assert.equal(r.data[i].embedding.length, expected.length);
      for (const [j, v] of r.data[i].embedding.entries()) assert.ok(Math.abs(v - expected[j]) < 1e-6);
    });
    const chat = await fetch(`${s.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }),
    });
    assert.equal(chat.status, 400);
    assert.match(await chat.text(), /is an encoder/);
  } finally {
    await s.close();
  }
});

test("tongguan serve with a BERT serves /v1/embeddings", { skip }, async () => {
  const child = spawnCli(["serve", fixture("gguf-tiny", "tiny-bert-f32.gguf"), "--port", "0"]);
  try {
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        const m = /on (http:\/\/\S+)\/v1/.exec(stderr);
        if (m) resolve(m[1]);
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
    const r = await fetch(`${url}/v1/embeddings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ input: "hello" }),
    });
    assert.equal(r.status, 200);
    const body = (await r.json()) as { data: { embedding: number[] }[] };
    assert.ok(body.data[0].embedding.length > 0);
  } finally {
    child.kill("SIGTERM");
  }
});

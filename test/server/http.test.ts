/**
 * The HTTP layer of the OpenAI-compatible server, driven by the official `openai` client and by raw
 * fetch for malformed requests. The engine here is a test double whose replies are a function of
 * the prompt (so a mixed-up reply is detectable); the real-model tests are in serve-model.test.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import OpenAI from "openai";
import { JSON_TYPE, listen, reverseEngine } from "./reverse-engine.ts";

describe("server: OpenAI shapes", () => {
  const engine = reverseEngine();
  let s: Awaited<ReturnType<typeof listen>>;
  let client: OpenAI;
  before(async () => {
    s = await listen({ engine });
    client = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: "unused", maxRetries: 0 });
  });
  after(() => s.close());

  test("chat completion, not streamed", async () => {
    const r = await client.chat.completions.create({
      model: "reverse",
      messages: [{ role: "user", content: "abc" }],
    });
    assert.equal(r.choices[0].message.content, "cba");
    assert.equal(r.choices[0].finish_reason, "stop");
    assert.deepEqual(r.usage, { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 });
  });

  test("chat completion, streamed, ends with [DONE]", async () => {
    const stream = await client.chat.completions.create({
      model: "reverse",
      messages: [{ role: "user", content: "hello" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let finish: string | null = null;
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, "olleh");
    assert.equal(finish, "stop");
    assert.deepEqual(usage, { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 });
    const raw = await fetch(`${s.url}/v1/chat/completions`, {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({ messages: [{ role: "user", content: "ab" }], stream: true }),
    });
    assert.match(await raw.text(), /data: \[DONE\]\n\n$/);
  });

  test("completions with max_tokens and logprobs", async () => {
    const r = await client.completions.create({
      model: "reverse",
      prompt: "abcdef",
      max_tokens: 2,
      logprobs: 1,
    });
    assert.equal(r.choices[0].text, "fe");
    assert.equal(r.choices[0].finish_reason, "length");
    assert.deepEqual(r.choices[0].logprobs?.tokens, ["f", "e"]);
    assert.deepEqual(r.choices[0].logprobs?.top_logprobs, [{ x: -1 }, { x: -1 }]);
  });

  test("models, health, tokenize, detokenize", async () => {
    const models = await client.models.list();
    assert.deepEqual(
      models.data.map((m) => m.id),
      ["reverse"],
    );
    assert.deepEqual(await (await fetch(`${s.url}/health`)).json(), { status: "ok" });
    const tok = await fetch(`${s.url}/tokenize`, {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({ content: "hi", with_pieces: true }),
    });
    assert.deepEqual(await tok.json(), {
      tokens: [
        { id: 104, piece: "h" },
        { id: 105, piece: "i" },
      ],
    });
    const detok = await fetch(`${s.url}/detokenize`, {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({ tokens: [104, 105] }),
    });
    assert.deepEqual(await detok.json(), { content: "hi" });
  });

  const bad: [string, unknown, number, RegExp][] = [
    ["not JSON", "{oops", 400, /not valid JSON/],
    [
      "wrong type",
      { messages: [{ role: "user", content: "a" }], temperature: "hot" },
      400,
      /'temperature' must be a number/,
    ],
    ["out of range", { messages: [{ role: "user", content: "a" }], top_p: 0 }, 400, /'top_p' must be in/],
    ["n > 1", { messages: [{ role: "user", content: "a" }], n: 2 }, 400, /'n' must be 1/],
    ["unknown field", { messages: [{ role: "user", content: "a" }], best_of_luck: 1 }, 400, /best_of_luck/],
    ["no messages", { messages: [] }, 400, /'messages' must be a non-empty array/],
    ["prompt too long", { messages: [{ role: "user", content: "x".repeat(80) }] }, 400, /context holds 64/],
  ];
  for (const [name, body, status, message] of bad) {
    test(`bad body: ${name} → ${status} in OpenAI's error shape`, async () => {
      const r = await fetch(`${s.url}/v1/chat/completions`, {
        method: "POST",
        headers: JSON_TYPE,
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      assert.equal(r.status, status);
      const json = (await r.json()) as { error: { message: string; type: string } };
      assert.match(json.error.message, message);
      assert.equal(typeof json.error.type, "string");
    });
  }

  test("the openai client raises BadRequestError for a bad parameter", async () => {
    await assert.rejects(
      client.chat.completions.create({
        model: "reverse",
        messages: [{ role: "user", content: "a" }],
        temperature: 5,
      }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && /temperature/.test(err.message),
    );
  });

  test("unknown route 404, oversized body 413", async () => {
    assert.equal((await fetch(`${s.url}/v1/nothing`)).status, 404);
    const huge = JSON.stringify({ messages: [{ role: "user", content: "a".repeat(2 << 20) }] });
    const r = await fetch(`${s.url}/v1/chat/completions`, { method: "POST", headers: JSON_TYPE, body: huge });
    assert.equal(r.status, 413);
  });
});

describe("server: API key", () => {
  test("every route but /health needs the key", async () => {
    const s = await listen({ engine: reverseEngine(), apiKey: "sekret" });
    try {
      assert.equal((await fetch(`${s.url}/health`)).status, 200);
      assert.equal((await fetch(`${s.url}/v1/models`)).status, 401);
      const ok = await fetch(`${s.url}/v1/models`, { headers: { Authorization: "Bearer sekret" } });
      assert.equal(ok.status, 200);
      const client = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: "wrong", maxRetries: 0 });
      await assert.rejects(client.models.list(), (e: unknown) => e instanceof OpenAI.AuthenticationError);
    } finally {
      await s.close();
    }
  });
});

describe("server: concurrency", () => {
  test("16 concurrent requests with parallel 2: each answered with its own reply or cleanly refused", async () => {
    const engine = reverseEngine(2);
    const s = await listen({ engine, parallel: 2, queueSize: 8 });
    try {
      const client = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: "x", maxRetries: 0 });
      const prompts = Array.from({ length: 16 }, (_, i) => `request-${i}-${"z".repeat(i)}`);
      const results = await Promise.allSettled(
        prompts.map((p) =>
          client.chat.completions.create({ model: "reverse", messages: [{ role: "user", content: p }] }),
        ),
      );
      let answered = 0;
      let refused = 0;
      results.forEach((r, i) => {
        if (r.status === "fulfilled") {
          answered++;
          assert.equal(r.value.choices[0].message.content, [...prompts[i]].reverse().join(""));
        } else {
          refused++;
          assert.ok(r.reason instanceof OpenAI.RateLimitError, `request ${i}: ${r.reason}`);
        }
      });
      assert.equal(answered + refused, 16);
      assert.ok(answered >= 10, `2 running + 8 queued must be answered, got ${answered}`);
      assert.ok(refused >= 1, "a full queue must refuse");
    } finally {
      await s.close();
    }
  });

  test("a client that disconnects mid-stream frees its slot at once", async () => {
    const engine = reverseEngine(20);
    const s = await listen({ engine, parallel: 1, queueSize: 0 });
    try {
      const controller = new AbortController();
      const r = await fetch(`${s.url}/v1/chat/completions`, {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify({ messages: [{ role: "user", content: "x".repeat(50) }], stream: true }),
        signal: controller.signal,
      });
      const reader = r.body!.getReader();
      await reader.read();
      assert.equal(engine.live, 1);
      controller.abort();
      const deadline = Date.now() + 2000;
      while (engine.live > 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 10));
      assert.equal(engine.live, 0, "generation must stop when the client goes away");
      const next = await fetch(`${s.url}/v1/chat/completions`, {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify({ messages: [{ role: "user", content: "ok" }] }),
      });
      assert.equal(next.status, 200, "the slot is free again");
    } finally {
      await s.close();
    }
  });
});

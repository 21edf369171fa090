/**
 * The server in front of a real model (stories260K, llama2.c's tiny story model, from the shared
 * fixtures), called with the official `openai` client: the replies must be exactly what the
 * generation loop produces, stop strings must cut, seeds must reproduce, logprobs must be a
 * distribution.
 */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import OpenAI from "openai";
import { generate } from "../../src/generation/generate.ts";
import { type OpenedModel, openModel } from "../../src/generation/open-model.ts";
import { createApiServer } from "../../src/server/app.ts";
import { createEngine } from "../../src/server/engine-from-model.ts";
import { spawnCli } from "../helpers/cli.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const skip = fixturesMissing("llama2c/stories260K.bin");

describe("server with stories260K", { skip }, () => {
  let opened: OpenedModel;
  let client: OpenAI;
  let close: () => Promise<void>;
  const logs: string[] = [];

  before(async () => {
    opened = await openModel(fixture("llama2c", "stories260K.bin"), {
      tokenizer: fixture("llama2c", "tok512.bin"),
    });
    const engine = createEngine({
      modelId: "stories260K",
      model: opened.model,
      tokenizer: opened.tokenizer,
      stopTokens: opened.stopTokens,
      contextLength: 256,
      chatTemplate: "{% for m in messages %}{{ m.content }}{% endfor %}",
    });
    const server = createApiServer({ engine, parallel: 2, log: (l) => logs.push(l) });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: "none", maxRetries: 0 });
    close = () => new Promise((r) => server.close(() => r()));
  });
  after(() => close?.());

  test("greedy completion equals the generation loop's output", async () => {
    const prompt = "Once upon a time";
    const r = await client.completions.create({
      model: "stories260K",
      prompt,
      max_tokens: 30,
      temperature: 0,
    });
    const ids = opened.tokenizer.encode(prompt, { addSpecialTokens: true }).ids;
    const expected = await generate(opened.model, opened.tokenizer, ids, {
      temperature: 0,
      maxNewTokens: 30,
      stopTokens: opened.stopTokens,
    });
    assert.ok(expected.text.length > 0);
    assert.equal(r.choices[0].text, expected.text);
    assert.equal(r.usage?.completion_tokens, expected.generatedTokens.length);
    assert.equal(r.usage?.prompt_tokens, ids.length);
    assert.ok(
      logs.some((l) => /^POST \/v1\/completions 200 \d+\+\d+ tok \d+ ms$/.test(l)),
      logs.join("\n"),
    );
  });

  test("streamed chat equals the same chat not streamed", async () => {
    const messages = [{ role: "user" as const, content: "Lily saw a big dog." }];
    const whole = await client.chat.completions.create({
      model: "stories260K",
      messages,
      max_tokens: 25,
      temperature: 0,
    });
    const stream = await client.chat.completions.create({
      model: "stories260K",
      messages,
      max_tokens: 25,
      temperature: 0,
      stream: true,
    });
    let text = "";
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.ok(text.length > 0);
    assert.equal(text, whole.choices[0].message.content);
    assert.equal(finish, whole.choices[0].finish_reason);
  });

  test("a stop string cuts the reply before it", async () => {
    const full = await client.completions.create({
      model: "stories260K",
      prompt: "Once",
      max_tokens: 40,
      temperature: 0,
    });
    const text = full.choices[0].text;
    const words = text.trim().split(/\s+/);
    assert.ok(words.length > 4, `need a longer reply: ${text}`);
    const stop = ` ${words[3]}`;
    const cut = await client.completions.create({
      model: "stories260K",
      prompt: "Once",
      max_tokens: 40,
      temperature: 0,
      stop,
    });
    assert.equal(cut.choices[0].text, text.slice(0, text.indexOf(stop)));
    assert.equal(cut.choices[0].finish_reason, "stop");
  });

  test("the same seed gives the same sampled reply; another seed may differ", async () => {
    const ask = (seed: number) =>
      client.completions.create({
        model: "stories260K",
        prompt: "The cat",
        max_tokens: 30,
        temperature: 1,
        seed,
      });
    const a = await ask(7);
    const b = await ask(7);
    assert.equal(a.choices[0].text, b.choices[0].text);
    const others = await Promise.all([ask(8), ask(9), ask(10)]);
    assert.ok(
      others.some((o) => o.choices[0].text !== a.choices[0].text),
      "different seeds never differ",
    );
  });

  test("logprobs: the chosen token's log-probability and the top alternatives", async () => {
    const r = await client.chat.completions.create({
      model: "stories260K",
      messages: [{ role: "user", content: "Tom" }],
      max_tokens: 5,
      temperature: 0,
      logprobs: true,
      top_logprobs: 3,
    });
    const content = r.choices[0].logprobs!.content!;
    assert.equal(content.length, r.usage!.completion_tokens);
    for (const entry of content) {
      assert.ok(entry.logprob <= 0);
      assert.equal(entry.top_logprobs.length, 3);
      // greedy: the chosen token is the most likely one
      assert.equal(entry.token, entry.top_logprobs[0].token);
      assert.ok(Math.abs(entry.logprob - entry.top_logprobs[0].logprob) < 1e-9);
      const p = entry.top_logprobs.reduce((s, t) => s + Math.exp(t.logprob), 0);
      assert.ok(p <= 1 + 1e-6);
      for (let i = 1; i < 3; i++)
        assert.ok(entry.top_logprobs[i].logprob <= entry.top_logprobs[i - 1].logprob);
    }
  });
});

describe("tongguan serve (the CLI)", { skip }, () => {
  test("starts on a free port, answers, and stops on SIGTERM", async () => {
    const child = spawnCli([
      "serve",
      fixture("llama2c", "stories260K.bin"),
      "--tokenizer",
      fixture("llama2c", "tok512.bin"),
      "--port",
      "0",
      "--api-key",
      "k",
    ]);
    try {
      let stderr = "";
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line: ${stderr}`)), 30000);
        child.stderr.on("data", (d: Buffer) => {
          stderr += d.toString();
          const m = /serving '.*' on (http:\/\/\S+)\/v1/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
      });
      assert.equal((await fetch(`${url}/health`)).status, 200);
      const c = new OpenAI({ baseURL: `${url}/v1`, apiKey: "k", maxRetries: 0 });
      const r = await c.completions.create({
        model: "stories260K.bin",
        prompt: "Once",
        max_tokens: 5,
        temperature: 0,
      });
      assert.ok(r.choices[0].text.length > 0);
      const exited = new Promise<number | null>((r) => child.once("exit", r));
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

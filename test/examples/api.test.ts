/**
 * The examples of the course's first chapter (chat with the shipped model, the OpenAI-compatible
 * API in-process, the hub through a mirror), held to the generation loop and the hub client.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { main as chat, SAMPLING } from "../../examples/chat.ts";
import { main as hubMirror } from "../../examples/hub-mirror.ts";
import { main as openaiApi } from "../../examples/openai-api.ts";
import { generate } from "../../src/index.ts";

const quiet = () => {};

test("chat: two turns equal generate() on the same prompts and seeds; the second reuses the cache", async () => {
  const { turns, messages, model, tokenizer } = await chat(quiet);
  assert.deepEqual(
    messages.map((m) => m.role),
    ["user", "assistant", "user", "assistant"],
  );
  for (const [k, turn] of turns.entries()) {
    // a fresh session, no cache: the whole prompt run at once, with the seed of turn k
    const expected = await generate(model, tokenizer, turn.promptTokens, {
      ...SAMPLING,
      seed: SAMPLING.seed + k,
      maxNewTokens: 12,
    });
    assert.equal(turn.reply, expected.text);
    assert.deepEqual(turn.generated, expected.generatedTokens);
    assert.ok(turn.generated.length > 0);
  }
  const [first, second] = turns;
  // The second prompt starts with the whole first conversation, so only the new part is prefilled.
  assert.deepEqual(second.promptTokens.slice(0, first.promptTokens.length), first.promptTokens);
  assert.ok(second.prefilled < second.promptTokens.length, `prefilled ${second.prefilled}`);
  assert.equal(first.prefilled, first.promptTokens.length);
});

test("openai-api: the server's greedy chat reply equals generate() on the chat's first prompt", async () => {
  const api = await openaiApi(quiet);
  const { turns, model, tokenizer } = await chat(quiet);
  const greedy = await generate(model, tokenizer, turns[0].promptTokens, {
    temperature: 0,
    maxNewTokens: 12,
  });
  assert.equal(api.status, 200);
  assert.deepEqual(
    api.models.data.map((m) => m.id),
    ["tongguan-default"],
  );
  const choice = api.body.choices[0];
  assert.equal(choice.message.role, "assistant");
  assert.equal(choice.message.content, greedy.text);
  assert.equal(api.body.usage.prompt_tokens, turns[0].promptTokens.length);
  assert.equal(api.body.usage.completion_tokens, greedy.generatedTokens.length);
  assert.equal(api.body.usage.total_tokens, api.body.usage.prompt_tokens + api.body.usage.completion_tokens);
});

test("hub-mirror: HF_ENDPOINT moves every URL to the mirror, paths unchanged; a bad one is one line", () => {
  const { urls, error, repo, files } = hubMirror(quiet);
  const hub = urls["https://huggingface.co"];
  const mirror = urls["https://hf-mirror.com"];
  assert.equal(hub.length, files.length + 1);
  assert.deepEqual(
    mirror,
    hub.map((u) => u.replace("https://huggingface.co", "https://hf-mirror.com")),
  );
  assert.equal(hub[0], `https://huggingface.co/api/models/${repo}/revision/main?blobs=true`);
  assert.equal(mirror[1], `https://hf-mirror.com/${repo}/resolve/main/config.json`);
  assert.match(error, /^HF_ENDPOINT: "hf-mirror\.com" is not an http\(s\) URL/);
  assert.ok(!error.includes("\n"));
});

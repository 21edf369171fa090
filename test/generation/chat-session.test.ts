import assert from "node:assert/strict";
import { test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { ChatSession } from "../../src/generation/chat-session.ts";
import { ChatTemplate } from "../../src/generation/chat-template.ts";
import { FakeTokenizer, prefer, TableModel } from "./fakes.ts";

// A template in the spirit of ChatML: messages end with "\n"; an assistant turn starts with "c".
// (Fake vocabulary: 2 "a", 3 "b", 5 "c", 9 "\n", 0 <eos>.)
const TEMPLATE =
  "{% for m in messages %}{% if m.role == 'assistant' %}c{% endif %}{{ m.content }}\n{% endfor %}" +
  "{% if add_generation_prompt %}c{% endif %}";

test("a chat keeps the history through the template and reuses the KV cache across turns", async () => {
  // after "c" the model says "a", then "b", then <eos>
  const model = new TableModel({ 5: prefer(2), 2: prefer(3), 3: prefer(0), 9: prefer(5) });
  const tok = new FakeTokenizer(TEMPLATE);
  const chat = new ChatSession(model, tok, { sampling: { temperature: 0 } });

  const first = chat.reply("a");
  let streamed = "";
  for await (const c of first) streamed += c.text;
  const r1 = await first.result;
  // prompt "a\nc" = [2, 9, 5]; reply "ab" then <eos>
  assert.deepEqual(r1.promptTokens, [2, 9, 5]);
  assert.equal(streamed, "ab");
  assert.deepEqual(chat.messages, [
    { role: "user", content: "a" },
    { role: "assistant", content: "ab" },
  ]);

  model.calls.length = 0;
  const r2 = await chat.reply("b").result;
  // prompt "a\n" + "cab\n" + "b\n" + "c" = [2,9,5,2,3,9,3,9,5]; the cache holds [2,9,5,2,3]
  // (the prompt, "a" and "b"; <eos> is never fed), so only [9,3,9,5] is prefilled
  assert.deepEqual(r2.promptTokens, [2, 9, 5, 2, 3, 9, 3, 9, 5]);
  assert.deepEqual(model.calls[0], [9, 3, 9, 5]);
  assert.equal(r2.timings.prefillTokens, 4);
  assert.equal(chat.messages.length, 4);
});

test("reset forgets the conversation but keeps the system message", async () => {
  const model = new TableModel({ 5: prefer(2), 2: prefer(0), 9: prefer(5) });
  const chat = new ChatSession(model, new FakeTokenizer(TEMPLATE), {
    system: "b",
    sampling: { temperature: 0 },
  });
  await chat.reply("a").result;
  assert.equal(chat.messages.length, 3);
  chat.reset();
  assert.deepEqual(chat.messages, [{ role: "system", content: "b" }]);
  model.calls.length = 0;
  const r = await chat.reply("c").result;
  // "b\n" + "c\n" + "c" = [3, 9, 5, 9, 5]; the cached "b\na\n…" shares [3, 9] → 3 tokens prefilled
  assert.deepEqual(r.promptTokens, [3, 9, 5, 9, 5]);
  assert.deepEqual(model.calls[0], [5, 9, 5]);
});

test("a failed turn is taken back: the history is unchanged", async () => {
  const model = new TableModel({ 5: prefer(2), 2: prefer(0) }, 4);
  const chat = new ChatSession(model, new FakeTokenizer(TEMPLATE), { sampling: { temperature: 0 } });
  // "aaaa\nc" is 6 tokens: more than the context of 4
  await assert.rejects(chat.reply("aaaa").result, TongguanError);
  assert.deepEqual(chat.messages, []);
  const r = await chat.reply("a").result; // [2, 9, 5] fits
  assert.deepEqual(r.generatedTokens, [2]);
});

test("an explicit template replaces a missing one; bad sampling options are refused", () => {
  const model = new TableModel({});
  assert.throws(() => new ChatSession(model, new FakeTokenizer()), /no chat_template/);
  new ChatSession(model, new FakeTokenizer(), { template: new ChatTemplate(TEMPLATE) });
  assert.throws(
    () => new ChatSession(model, new FakeTokenizer(TEMPLATE), { sampling: { topP: 0 } }),
    TongguanError,
  );
});

test("a reply abandoned half-way (break) leaves the chat usable and the history unchanged", async () => {
  const model = new TableModel({ 5: prefer(2), 2: prefer(3), 3: prefer(0) });
  const chat = new ChatSession(model, new FakeTokenizer(TEMPLATE), { sampling: { temperature: 0 } });
  const stream = chat.reply("a");
  for await (const _ of stream) break;
  await assert.rejects(stream.result, /stopped before it ended/);
  assert.deepEqual(chat.messages, []);
  const r = await chat.reply("a").result;
  assert.equal(r.text, "ab");
});

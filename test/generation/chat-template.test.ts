import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { ChatSession } from "../../src/generation/chat-session.ts";
import { ChatTemplate, chatTemplateFor } from "../../src/generation/chat-template.ts";
import { strftime } from "../../src/generation/strftime.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { FakeTokenizer, TableModel } from "./fakes.ts";

test("a ChatML-like template with add_generation_prompt, bos_token and loops", () => {
  const t = new ChatTemplate(
    "{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{% if not loop.last %}|{% endif %}{% endfor %}" +
      "{% if add_generation_prompt %}[assistant]{% endif %}",
  );
  const msgs = [
    { role: "user", content: "hi" },
    { role: "assistant", content: "yo" },
  ];
  assert.equal(t.render(msgs, { bosToken: "<s>" }), "<s>[user]hi|[assistant]yo[assistant]");
  assert.equal(t.render(msgs, { bosToken: "<s>", addGenerationPrompt: false }), "<s>[user]hi|[assistant]yo");
});

test("raise_exception becomes a TongguanError with the template's message", () => {
  const t = new ChatTemplate(
    "{% if messages[0].role != 'user' %}{{ raise_exception('Conversations must start with a user turn') }}{% endif %}ok",
  );
  assert.equal(t.render([{ role: "user", content: "x" }]), "ok");
  assert.throws(
    () => t.render([{ role: "assistant", content: "x" }]),
    (e: unknown) => e instanceof TongguanError && /must start with a user turn/.test(e.message),
  );
});

test("strftime_now formats the current date with C-locale names", () => {
  const t = new ChatTemplate('{{ strftime_now("%d %b %Y") }}');
  assert.equal(t.render([], { now: () => new Date(2024, 6, 26, 9, 5, 3) }), "26 Jul 2024");
  assert.equal(
    strftime(new Date(2024, 0, 2, 13, 4, 5), "%A %B %e %H:%M:%S %I%p %j %%"),
    "Tuesday January  2 13:04:05 01PM 002 %",
  );
});

test("a tokenizer without a template is a clear error; a broken template too", () => {
  assert.throws(() => chatTemplateFor(new FakeTokenizer()), /no chat_template/);
  assert.throws(() => new ChatTemplate("{% for %}"), TongguanError);
});

test("the Qwen2 chat template renders every chat_template_cases.jsonl case exactly", {
  skip: fixturesMissing("tokenizers/qwen2/chat_template_cases.jsonl"),
}, () => {
  const config = JSON.parse(readFileSync(fixture("tokenizers/qwen2/tokenizer_config.json"), "utf8"));
  const template = new ChatTemplate(config.chat_template);
  const cases = readFileSync(fixture("tokenizers/qwen2/chat_template_cases.jsonl"), "utf8")
    .trim()
    .split("\n");
  assert.ok(cases.length >= 8);
  for (const line of cases) {
    const c = JSON.parse(line);
    const rendered = template.render(c.messages, {
      addGenerationPrompt: c.add_generation_prompt,
      eosToken: config.eos_token,
    });
    assert.equal(rendered, c.rendered);
  }
});

test("the llama.cpp sample templates (Qwen2.5, Llama 3.1/3.2, Qwen2) render", {
  skip: fixturesMissing("chat-templates"),
}, () => {
  const dir = fixture("chat-templates");
  const files = readdirSync(dir).filter((f) => f.endsWith(".jinja"));
  assert.ok(files.length >= 4);
  const messages = [
    { role: "system", content: "Be brief." },
    { role: "user", content: "What is a KV cache?" },
    { role: "assistant", content: "Stored keys and values." },
    { role: "user", content: "Why?" },
  ];
  for (const f of files) {
    const t = new ChatTemplate(readFileSync(`${dir}/${f}`, "utf8"));
    const out = t.render(messages, {
      bosToken: "<|begin_of_text|>",
      eosToken: "<|eot_id|>",
      now: () => new Date(2024, 6, 26),
    });
    // every message's content appears, in order, and the generation prompt comes last
    let at = 0;
    for (const m of messages) {
      const i = out.indexOf(m.content, at);
      assert.ok(i >= at, `${f}: "${m.content}" missing or out of order`);
      at = i + m.content.length;
    }
    assert.match(out.slice(at), /assistant/, `${f}: no assistant header at the end`);
    if (f.includes("Llama-3.2")) assert.match(out, /Today Date: 26 Jul 2024/);
  }
});

test("a Qwen2 chat turns into the case's token ids (template, then special tokens kept as one id each)", {
  skip: fixturesMissing("tokenizers/qwen2/chat_template_cases.jsonl"),
}, async () => {
  const tokenizer = await loadTokenizer(fixture("tokenizers/qwen2"));
  const model = new TableModel({});
  const cases = readFileSync(fixture("tokenizers/qwen2/chat_template_cases.jsonl"), "utf8")
    .trim()
    .split("\n");
  for (const line of cases) {
    const c = JSON.parse(line);
    if (!c.add_generation_prompt) continue;
    const chat = new ChatSession(model, tokenizer);
    chat.messages.push(...c.messages);
    assert.deepEqual(chat.promptIds(), c.ids, JSON.stringify(c.messages).slice(0, 60));
  }
});

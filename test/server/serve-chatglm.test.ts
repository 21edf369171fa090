/**
 * The server in front of a tiny ChatGLM3 folder (sharded pytorch_model .bin files, tokenizer.model,
 * no chat_template of its own), called with the official `openai` client: a chat completion is the
 * generation loop's output on ChatGLM3's chat layout, and stops at the next role token.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import OpenAI from "openai";
import { ChatTemplate } from "../../src/generation/chat-template.ts";
import { generate } from "../../src/generation/generate.ts";
import { type OpenedModel, openModel } from "../../src/generation/open-model.ts";
import { createApiServer } from "../../src/server/app.ts";
import { createEngine } from "../../src/server/engine-from-model.ts";
import { writeTinyChatGlmFolder } from "../formats/tiny-chatglm.ts";
import { fixturesMissing } from "../helpers/fixtures.ts";

describe("server with a ChatGLM3 folder", {
  skip: fixturesMissing("tokenizers/llama2/tokenizer.model"),
}, () => {
  const dir = mkdtempSync(join(tmpdir(), "tongguan-serve-chatglm-"));
  let opened: OpenedModel;
  let client: OpenAI;
  let close: () => Promise<void>;

  before(async () => {
    writeTinyChatGlmFolder(dir, "sharded-bin");
    opened = await openModel(dir);
    const engine = createEngine({
      modelId: "tiny-chatglm3",
      model: opened.model,
      tokenizer: opened.tokenizer,
      stopTokens: opened.stopTokens,
      contextLength: 64,
    });
    const server = createApiServer({ engine, parallel: 1, log: () => {} });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: "none", maxRetries: 0 });
    close = () => new Promise((r) => server.close(() => r()));
  });
  after(async () => {
    await close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a greedy chat completion equals the generation loop on [gMASK]sop<|user|>\\n …<|assistant|>", async () => {
    const messages = [{ role: "user" as const, content: "Hello there" }];
    const r = await client.chat.completions.create({
      model: "tiny-chatglm3",
      messages,
      max_tokens: 6,
      temperature: 0,
    });
    const t = opened.tokenizer;
    const prompt = new ChatTemplate(t.chatTemplate!).render(messages);
    assert.equal(prompt, "[gMASK]sop<|user|>\n Hello there<|assistant|>");
    const ids = t.encode(prompt, { addSpecialTokens: false }).ids;
    assert.equal(r.usage?.prompt_tokens, ids.length);
    const expected = await generate(opened.model, t, ids, {
      temperature: 0,
      maxNewTokens: 6,
      stopTokens: opened.stopTokens,
    });
    assert.ok(expected.text.length > 0);
    assert.equal(r.choices[0].message.content, expected.text);
    // The model's turn ends where it writes the next role token.
    assert.ok(opened.stopTokens.includes(t.tokenToId("<|user|>")!));
  });
});

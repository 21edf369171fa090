// `tongguan run` and `tongguan chat` with a ChatGLM3 folder (pytorch_model-0000N-of-00002.bin + index,
// tokenizer.model, no chat_template): the [gMASK] sop prefix and the built-in chat layout.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { tinyChatGlmVocab, writeTinyChatGlmFolder } from "../formats/tiny-chatglm.ts";
import { runCli } from "../helpers/cli.ts";
import { fixturesMissing } from "../helpers/fixtures.ts";

describe("tongguan with a ChatGLM3 folder", {
  skip: fixturesMissing("tokenizers/llama2/tokenizer.model"),
}, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "tongguan-chatglm-cli-"));
    writeTinyChatGlmFolder(dir, "sharded-bin");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("run: the prompt starts with [gMASK] sop", async () => {
    const r = await runCli(["run", dir, "Hello", "--temperature", "0", "--max-tokens", "3", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const sp = tinyChatGlmVocab().spCount;
    assert.deepEqual(out.prompt_tokens.slice(0, 2), [sp + 1, sp + 3]);
    assert.equal(out.generated_tokens.length, 3);
  });

  test("chat: each turn is <|user|>\\n message<|assistant|> after [gMASK]sop", async () => {
    const r = await runCli(["chat", dir, "--temperature", "0", "--max-tokens", "2"], {
      input: "Hello there\nAgain\n/exit\n",
    });
    assert.equal(r.code, 0, r.stderr);
    const prefills = [...r.stdout.matchAll(/\[prefill (\d+) tok/g)].map((m) => Number(m[1]));
    // [gMASK] sop <|user|> ▁ <0x0A> ▁Hello ▁there <|assistant|>
    assert.equal(prefills[0], 8, r.stdout);
    assert.equal(prefills.length, 2, r.stdout);
  });
});

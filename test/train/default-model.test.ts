/**
 * The model tongguan ships (assets/default-model, `npm run train:default`): its size, that it learned
 * its corpus (a KJV passage costs far fewer nats per token than a uniform guess), and that `run`
 * uses it when no model is named.
 */
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DEFAULT_MODEL, modelAndPrompt } from "../../src/cli/default-model.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { noGrad } from "../../src/train/autograd/index.ts";
import { loadTrainable } from "../../src/train/checkpoint.ts";
import { runCliSync } from "../helpers/cli.ts";

const GENESIS = `In the beginning God created the heaven and the earth.
And the earth was without form, and void; and darkness was upon the face of the deep. And the Spirit of God moved upon the face of the waters.
And God said, Let there be light: and there was light.
`;

test("1–10 M parameters, at most 20 MB on disk", () => {
  const { model } = loadTrainable(DEFAULT_MODEL);
  assert.ok(
    model.parameterCount >= 1e6 && model.parameterCount <= 10e6,
    `${model.parameterCount} parameters`,
  );
  const bytes = readdirSync(DEFAULT_MODEL).reduce((s, f) => s + statSync(join(DEFAULT_MODEL, f)).size, 0);
  assert.ok(bytes <= 20e6, `${bytes} bytes`);
});

test("it learned its corpus: Genesis 1:1–3 costs less than 5.5 nats a token (uniform: ln 2048 = 7.6)", async () => {
  const { model } = loadTrainable(DEFAULT_MODEL);
  const tokenizer = await loadTokenizer(DEFAULT_MODEL);
  const ids = tokenizer.encode(GENESIS).ids.slice(0, model.config.contextLength + 1);
  const inputs = Int32Array.from(ids.slice(0, -1));
  const targets = Int32Array.from(ids.slice(1));
  const loss = noGrad(() => model.loss(inputs, targets, 1, inputs.length)).item();
  assert.ok(loss < 5.5, `loss ${loss}`);
});

test("run with no model: the shipped one", () => {
  const r = runCliSync(["run", "And God said", "--max-tokens", "8", "--temperature", "0"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^And God said\S*\s+\S+/);
});

test("run's arguments: one word is a model when it names a path or a hub id, else the prompt", () => {
  assert.deepEqual(modelAndPrompt(undefined, undefined), { model: DEFAULT_MODEL, prompt: "" });
  assert.deepEqual(modelAndPrompt("And God said", undefined), {
    model: DEFAULT_MODEL,
    prompt: "And God said",
  });
  assert.deepEqual(modelAndPrompt("Qwen/Qwen2-0.5B", undefined), { model: "Qwen/Qwen2-0.5B", prompt: "" });
  assert.deepEqual(modelAndPrompt(DEFAULT_MODEL, "Hi"), { model: DEFAULT_MODEL, prompt: "Hi" });
});

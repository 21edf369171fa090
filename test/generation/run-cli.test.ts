// `tongguan run` and `tongguan chat` as a user runs them: child processes, real fixture models.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runCli } from "../helpers/cli.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const stories = fixturesMissing("llama2c/stories260K.bin");

const tongguan = (args: string[], input?: string) => runCli(args, { input });

const storyArgs = () => [
  fixture("llama2c", "stories260K.bin"),
  "--tokenizer",
  fixture("llama2c", "tok512.bin"),
];

test("bad flags end with exit code 1 and one line naming the flag, before any model is loaded", async () => {
  for (const [flags, mention] of [
    [["--top-p", "1.5"], /--top-p: 1.5 is not in \(0, 1\]/],
    [["--temperature", "-1"], /--temperature/],
    [["--llama2c-rng", "--top-k", "5"], /--top-k: is not supported with --llama2c-rng/],
    [["--max-tokens", "0"], /--max-tokens/],
  ] as const) {
    const r = await tongguan(["run", "no-such-model.bin", "hi", ...flags]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, mention);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  }
});

test("a llama2.c model with the wrong tokenizer is a clear error", { skip: stories }, async () => {
  // tokenizer.bin beside stories260K.bin is the 32000-token Llama 2 vocabulary, not its tok512.bin
  const r = await tongguan(["run", fixture("llama2c", "stories260K.bin"), "Hi", "-n", "2"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /32000 tokens but the model only 512.*tok512\.bin/);
});

test("--stop cuts the text before the stop string, and streaming prints prompt + the same text", {
  skip: stories,
}, async () => {
  const base = [...storyArgs(), "--temperature", "0", "-n", "60"];
  const full = JSON.parse(
    (await tongguan(["run", base[0], "Once upon a time", ...base.slice(1), "--json"])).stdout,
  );
  const at = full.text.indexOf("park");
  assert.ok(at > 0, "the greedy story mentions a park");
  const cut = JSON.parse(
    (await tongguan(["run", base[0], "Once upon a time", ...base.slice(1), "--stop", "park", "--json"]))
      .stdout,
  );
  assert.equal(cut.stop, "stop_string");
  assert.equal(cut.text, full.text.slice(0, at));
  assert.deepEqual(cut.generated_tokens, full.generated_tokens.slice(0, cut.generated_tokens.length));
  const streamed = await tongguan(["run", base[0], "Once upon a time", ...base.slice(1), "--stop", "park"]);
  assert.equal(streamed.code, 0, streamed.stderr);
  assert.equal(streamed.stdout, `Once upon a time${cut.text}\n`);
  assert.match(streamed.stderr, /prefill [\d.]+ tok\/s, decode [\d.]+ tok\/s/);
});

test("tongguan chat: streamed replies through a chat template, /reset, /exit, speed shown", {
  skip: fixturesMissing("gguf-tiny/tiny-llama-f32.gguf") || fixturesMissing("chat-templates"),
}, async () => {
  const r = await tongguan(
    [
      "chat",
      fixture("gguf-tiny", "tiny-llama-f32.gguf"),
      "--chat-template",
      fixture("chat-templates", "meta-llama-Llama-3.1-8B-Instruct.jinja"),
      "--system",
      "Be brief.",
      "--temperature",
      "0",
      "--max-tokens",
      "4",
    ],
    "Hello there\n/reset\nWho are you?\n/exit\nnever read\n",
  );
  assert.equal(r.code, 0, r.stderr);
  const stats = [
    ...r.stdout.matchAll(/\[prefill (\d+) tok at [\d.]+ tok\/s · decode (\d+) tok at [\d.]+ tok\/s/g),
  ];
  assert.equal(stats.length, 2, r.stdout);
  assert.match(r.stdout, /\(conversation reset\)/);
  assert.doesNotMatch(r.stdout, /never read/);
  // after /reset the system prompt is still in the KV cache: the second turn prefills fewer tokens
  assert.ok(Number(stats[1][1]) < Number(stats[0][1]) - 20, `${stats[0][1]} then ${stats[1][1]}`);
});

test("tongguan chat with a model without a chat template uses the plain transcript, and says so", {
  skip: fixturesMissing("gguf-tiny/tiny-llama-f32.gguf"),
}, async () => {
  const r = await tongguan(["chat", fixture("gguf-tiny", "tiny-llama-f32.gguf"), "-n", "2"], "Hello\n");
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /llama has no chat template: using tongguan's plain/);
  assert.match(r.stdout, /\[prefill \d+ tok/);
});

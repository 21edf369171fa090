// `tongguan logits | embed | classify | inspect` as a user runs them: child processes, fixture models.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { runCli } from "../helpers/cli.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const tongguan = (args: string[]) => runCli(args);

const stories = fixturesMissing("llama2c/stories260K.bin");
const tiny = fixturesMissing("gguf-tiny/expected.json");

test("logits --json: run.c's first-step top 5 of the empty prompt, with log-probabilities", {
  skip: stories,
}, async () => {
  const first = JSON.parse(readFileSync(fixture("llama2c", "expected.jsonl"), "utf8").split("\n")[0]);
  assert.equal(first.prompt, "");
  const r = await tongguan([
    "logits",
    fixture("llama2c", "stories260K.bin"),
    "--ids",
    "1",
    "--top",
    "5",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { top: [number, number, number][] };
  assert.equal(out.top.length, 5);
  out.top.forEach(([id, logit, logprob], i) => {
    assert.equal(id, first.top5_first_step[i][0]);
    assert.ok(Math.abs(logit - first.top5_first_step[i][1]) < 1e-4);
    assert.ok(logprob < 0 && logprob > logit - 40);
  });
  // logit − logprob is the same logsumexp for every entry.
  const lse = out.top.map(([, l, lp]) => l - lp);
  assert.ok(Math.max(...lse) - Math.min(...lse) < 1e-4);
});

test("logits --all-positions --json: one top list per position, the last equals top", {
  skip: tiny,
}, async () => {
  const spec = JSON.parse(readFileSync(fixture("gguf-tiny", "expected.json"), "utf8")).models[
    "tiny-qwen2-f32.gguf"
  ];
  const p = spec.prompts[0];
  const r = await tongguan([
    "logits",
    fixture("gguf-tiny", "tiny-qwen2-f32.gguf"),
    "--ids",
    p.tokens.join(","),
    "--top",
    "5",
    "--all-positions",
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    top: [number, number, number][];
    positions: [number, number, number][][];
  };
  assert.equal(out.positions.length, p.tokens.length);
  assert.deepEqual(out.positions.at(-1), out.top);
  out.positions.forEach((pos, i) => {
    assert.deepEqual(
      pos.map(([id]) => id),
      p.positions[i].map(([id]: [number]) => id),
    );
    pos.forEach(([, , lp], j) => {
      assert.ok(Math.abs(lp - p.positions[i][j][1]) < 1e-3);
    });
  });
});

test("logits: bad ids and a BERT model are one-line errors with exit code 1", { skip: tiny }, async () => {
  const bad = await tongguan(["logits", fixture("gguf-tiny", "tiny-llama-f32.gguf"), "--ids", "1,abc"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--ids: 'abc' is not a token id/);
  const range = await tongguan(["logits", fixture("gguf-tiny", "tiny-llama-f32.gguf"), "--ids", "1,32000"]);
  assert.equal(range.code, 1);
  assert.match(range.stderr, /token id 32000 is outside the vocabulary 0\.\.31999/);
  const bert = await tongguan(["logits", fixture("gguf-tiny", "tiny-bert-f32.gguf"), "--ids", "101"]);
  assert.equal(bert.code, 1);
  assert.match(bert.stderr, /BERT encoder cannot generate/);
  assert.doesNotMatch(bert.stderr, /at .*\.ts:\d+/); // no stack trace
});

test("embed: text and --ids give llama.cpp's pooled embedding within 1e-3", { skip: tiny }, async () => {
  const spec = JSON.parse(readFileSync(fixture("gguf-tiny", "expected.json"), "utf8")).models[
    "tiny-bert-f32.gguf"
  ];
  const hello = spec.prompts.find((p: { name: string }) => p.name === "hello");
  const model = fixture("gguf-tiny", "tiny-bert-f32.gguf");
  for (const args of [[hello.text as string], ["--ids", hello.tokens.join(",")]]) {
    const r = await tongguan(["embed", model, ...args, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const e = JSON.parse(r.stdout).embedding as number[];
    assert.equal(e.length, hello.embedding.length);
    e.forEach((v, i) => {
      assert.ok(Math.abs(v - hello.embedding[i]) < 1e-3, `dim ${i}`);
    });
  }
  const causal = await tongguan(["embed", fixture("gguf-tiny", "tiny-gpt2-f32.gguf"), "--ids", "1"]);
  assert.equal(causal.code, 1);
  assert.match(causal.stderr, /not a BERT encoder/);
});

test("classify: a checkpoint without a classifier head is a clear error", { skip: tiny }, async () => {
  const r = await tongguan(["classify", fixture("gguf-tiny", "tiny-bert-f32.gguf"), "Hello world"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /not a sequence-classification checkpoint \(classifier\.weight is missing\)/);
});

test("inspect: PyTorch-style tree with per-module and total parameter counts", {
  skip: stories,
}, async () => {
  const r = await tongguan(["inspect", fixture("llama2c", "stories260K.bin")]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^LlamaForCausalLM\(/);
  assert.match(r.stdout, /\(0-4\): 5 x LlamaDecoderLayer\(/);
  assert.match(
    r.stdout,
    /\(k_proj\): Linear\(in_features=64, out_features=32, bias=False\)\s+# 2\.0K params {2}f32 {2}8\.0 KiB/,
  );
  assert.match(r.stdout, /\(input_layernorm\): LlamaRMSNorm\(\(64,\), eps=1e-05\)/);
  // 512·64 embedding (tied head counted once) + 5 layers + final norm = the file's 264,128 floats minus RoPE tables.
  const perLayer = 64 + 64 * 64 + 2 * 32 * 64 + 64 * 64 + 64 + 3 * 172 * 64;
  const total = 512 * 64 + 5 * perLayer + 64;
  assert.match(r.stdout, new RegExp(`parameters: .*\\(${total.toLocaleString("en-US")};`));
  assert.match(r.stdout, /KV cache \(f32\): 1\.3 KiB per token/);
});

test("inspect: a quantized GGUF shows its dtypes and memory", { skip: tiny }, async () => {
  const r = await tongguan(["inspect", fixture("gguf-tiny", "tiny-gpt2-q8_0.gguf"), "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.architecture, "gpt2");
  assert.ok(j.byDtype.q8_0.parameters > 0 && j.byDtype.f32.parameters > 0);
  // q8_0: 34 bytes per 32 weights.
  assert.equal(j.byDtype.q8_0.bytes, (j.byDtype.q8_0.parameters / 32) * 34);
});

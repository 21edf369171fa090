// The instrument commands as a user runs them: the numbers they print are the engine's, and bad
// input is one line naming the argument.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { softmax } from "../../src/generation/distribution.ts";
import type { Bert } from "../../src/models/bert.ts";
import { loadModel } from "../../src/models/index.ts";
import { writeTinyHfBert } from "../formats/tiny-hf-models.ts";
import { runCli } from "../helpers/cli.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const stories = fixturesMissing("llama2c/stories260K.bin");
const tiny = fixturesMissing("gguf-tiny/tiny-qwen2-f32.gguf");
const toks = fixturesMissing("tokenizers/gpt2");
const tmp = mkdtempSync(join(tmpdir(), "tongguan-instruments-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const story = () => [fixture("llama2c", "stories260K.bin"), "--tokenizer", fixture("llama2c", "tok512.bin")];

async function ok(args: string[]) {
  const r = await runCli(args);
  assert.equal(r.code, 0, `${args.join(" ")}\n${r.stderr}`);
  return r.stdout;
}

async function oneLineError(args: string[], pattern: RegExp) {
  const r = await runCli(args);
  assert.equal(r.code, 1, `${args.join(" ")} should fail\n${r.stdout}`);
  assert.match(r.stderr, pattern);
  assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
}

test("trace: the heatmap's rows sum to 1 and equal the attn_probs tensor; the text view draws them", {
  skip: stories,
}, async () => {
  const [json, tensor, text] = await Promise.all([
    ok(["trace", story()[0], "Once upon a time", ...story().slice(1), "--layer", "2", "--json"]),
    ok([
      "trace",
      story()[0],
      "Once upon a time",
      ...story().slice(1),
      "--tensor",
      "attn_probs",
      "--layer",
      "2",
    ]),
    ok(["trace", story()[0], "Once upon a time", ...story().slice(1), "--layer", "2", "--head", "3"]),
  ]);
  const tr = JSON.parse(json);
  const t = JSON.parse(tensor);
  assert.equal(tr.attention[0].layer, 2);
  assert.deepEqual(t.shape, [tr.heads, tr.ids.length, tr.ids.length]);
  assert.deepEqual(tr.attention[0].probs, t.data);
  for (const head of tr.attention[0].probs)
    head.forEach((row: number[], i: number) => {
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
      row.forEach((p, j) => {
        if (j > i) assert.equal(p, 0, "causal");
      });
    });
  assert.equal(tr.norms.length, tr.layers);
  assert.match(text, /layer 2, head 3/);
  assert.match(text, /·Once/);
  assert.match(text, /head 7/); // small multiples of all heads
  assert.match(text, /layer 4 +‖x‖/);
});

test("trace: unknown tensor, layer or head out of range are one-line errors naming the flag", {
  skip: stories,
}, async () => {
  await Promise.all([
    oneLineError(
      ["trace", story()[0], "Once", ...story().slice(1), "--tensor", "nope"],
      /--tensor: this model names no tensor "nope" \(it names: .*attn_probs/,
    ),
    oneLineError(
      ["trace", story()[0], "Once", ...story().slice(1), "--layer", "9"],
      /--layer: 9 is outside 0\.\.4 \(the model has 5 layers\)/,
    ),
    oneLineError(
      ["trace", story()[0], "Once", ...story().slice(1), "--head", "8"],
      /--head: 8 is outside 0\.\.7/,
    ),
  ]);
});

test("run --show-probs --json: stages in processor order, the last stage's probabilities give the pick; --no-cache = cache", {
  skip: stories,
}, async () => {
  const base = [
    "run",
    ...story(),
    "Once upon",
    "-n",
    "5",
    "--temperature",
    "0.9",
    "--top-k",
    "8",
    "--top-p",
    "0.9",
    "--seed",
    "7",
    "--json",
  ];
  const [probs, cached, uncached] = await Promise.all([
    ok([...base, "--show-probs", "--show-cache"]),
    ok(base),
    ok([...base, "--no-cache", "--show-cache"]),
  ]);
  const p = JSON.parse(probs);
  const c = JSON.parse(cached);
  const u = JSON.parse(uncached);
  assert.deepEqual(p.generated_tokens, c.generated_tokens, "observing changes nothing");
  assert.deepEqual(u.generated_tokens, c.generated_tokens, "--no-cache gives the same tokens");
  assert.deepEqual(
    p.steps.map((s: { pick: number }) => s.pick).slice(0, c.generated_tokens.length),
    c.generated_tokens,
  );
  for (const s of p.steps) {
    assert.deepEqual(
      s.stages.map((x: { name: string }) => x.name),
      ["raw", "temperature", "top_k", "top_p"],
    );
    assert.ok(s.stages[2].kept <= 8, "top-k kept at most 8");
    const last = s.stages[3];
    const total = last.top.reduce((a: number, t: { p: number }) => a + t.p, 0);
    assert.ok(Math.abs(total - 1) < 1e-9, "top-p's survivors are all listed and sum to 1");
    assert.ok(last.top.some((t: { id: number; p: number }) => t.id === s.pick && t.p === s.pick_probability));
  }
  assert.deepEqual(p.cache_steps.map((s: { ran: number }) => s.ran).slice(0, 3), [3, 1, 1]);
  assert.deepEqual(u.cache_steps.map((s: { ran: number }) => s.ran).slice(0, 3), [3, 4, 5]);
});

test("run --show-probs prints the tokens as text; --ctx shorter than the prompt is a one-line error", {
  skip: stories,
}, async () => {
  const [text] = await Promise.all([
    ok(["run", ...story(), "Once upon", "-n", "2", "--temperature", "0", "--show-probs"]),
    oneLineError(
      ["run", ...story(), "Once upon a time there was", "--ctx", "4"],
      /--ctx: the prompt has 7 tokens, more than --ctx 4/,
    ),
    oneLineError(["run", ...story(), "Once", "--ctx", "100000"], /--ctx: 100000 .*512/),
  ]);
  assert.match(text, /step 0: pick " a"/);
  assert.match(text, /raw +512 tokens left/);
});

test("logits takes text and prints token strings, the same numbers as --ids", { skip: stories }, async () => {
  const [byText, byIds] = await Promise.all([
    ok(["logits", ...story(), "Once upon a", "--top", "3", "--json"]),
    ok(["logits", ...story(), "--ids", "1,403,407,261", "--top", "3", "--json"]),
  ]);
  const a = JSON.parse(byText);
  const b = JSON.parse(byIds);
  assert.deepEqual(a.ids, [1, 403, 407, 261]);
  assert.deepEqual(a.top, b.top);
  assert.equal(a.top_tokens[0], " time");
});

test("tokenize --compare: one chip per token with counts; an unavailable name is a clear error", {
  skip: toks,
}, async () => {
  const out = JSON.parse(
    await ok([
      "tokenize",
      "--compare",
      `gpt2,cl100k_base,${fixture("tokenizers", "qwen2")},${fixture("tokenizers", "bert-base-uncased")}`,
      "通关 hello",
      "--json",
    ]),
  );
  const [gpt2, cl100k, qwen2, bert] = out.tokenizers;
  assert.deepEqual(gpt2.chips, ["<e9 80>", "<9a>", "<e5 85>", "<b3>", " hello"]);
  assert.equal(gpt2.count, 5);
  assert.deepEqual(cl100k.chips, ["通", "关", " hello"]);
  assert.equal(qwen2.name, "qwen2");
  assert.equal(bert.count, bert.chips.length);
  await Promise.all([
    oneLineError(
      ["tokenize", "--compare", "gpt2,no-such-tokenizer", "hi"],
      /--compare: "no-such-tokenizer" is neither a file nor a tokenizer name/,
    ),
    oneLineError(
      ["tokenize", "--compare", "gpt2,qwen2", "hi"],
      /--compare: "qwen2" needs the tokenizer files of Qwen\/Qwen2\.5-0\.5B/,
    ).catch(() => {
      // a machine that has downloaded Qwen2.5 answers instead
    }),
  ]);
});

test("tokenize --trace: merges as readable text or bytes, ending in the tokenizer's own tokens", {
  skip: toks,
}, async () => {
  const tr = JSON.parse(
    await ok(["tokenize", "-t", fixture("tokenizers", "gpt2"), "--trace", "--json", "lower 通"]),
  );
  const word = tr.words[1];
  assert.equal(word.word, " 通");
  assert.deepEqual(word.start, [" ", "<e9>", "<80>", "<9a>"]);
  assert.ok(
    word.merges.every((m: { symbols: string[] }) => m.symbols.every((s) => !/[ĠÃé]/.test(s))),
    "no byte-level mojibake",
  );
  assert.deepEqual(word.merges.at(-1).symbols, word.pieces);
  const bert = await ok([
    "tokenize",
    "-t",
    fixture("tokenizers", "bert-base-uncased"),
    "--trace",
    "unaffable",
  ]);
  assert.match(bert, /longest match una {2}\(tried unaffable/);
});

test("template and chat --print-prompt: the rendered prompt and its ids; no chat template is a one-line error", {
  skip: tiny,
}, async () => {
  const qwen = fixture("tokenizers", "qwen2");
  const t = JSON.parse(await ok(["template", qwen, "--system", "Be brief.", "--user", "Hi", "--json"]));
  assert.equal(
    t.prompt,
    "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
  );
  assert.equal(t.ids[0], 151644);
  assert.equal(t.ids.length, t.tokens.length);
  const tinyModel = fixture("gguf-tiny", "tiny-qwen2-f32.gguf");
  const template = fixture("chat-templates", "Qwen-Qwen2.5-7B-Instruct.jinja");
  const chat = await ok(["chat", tinyModel, "--print-prompt", "--chat-template", template, "--user", "Hi"]);
  assert.match(chat, /<\|im_start\|>user\nHi<\|im_end\|>/);
  assert.match(chat, /── \d+ tokens ──/);
  await oneLineError(
    ["template", fixture("gguf-tiny", "tiny-llama-f32.gguf")],
    /has no chat_template.*--chat-template FILE/,
  );
});

test("fill-mask: the fillers' probabilities are softmax of the masked-LM logits; no [MASK] is an error", async () => {
  const dir = join(tmp, "bert-mlm");
  writeTinyHfBert(dir, 3, { mlm: true });
  const out = JSON.parse(await ok(["fill-mask", dir, "the cat sat on the [MASK]", "--top", "3", "--json"]));
  const model = (await loadModel(dir)) as Bert;
  const V = model.vocabSize;
  const logits = model.fillMask(out.ids);
  const m = out.masks[0];
  assert.equal(out.ids[m.position], 4);
  const p = softmax(logits.subarray(m.position * V, (m.position + 1) * V));
  const best = [...p.keys()].sort((a, b) => p[b] - p[a]).slice(0, 3);
  assert.deepEqual(
    m.fillers.map((f: { id: number }) => f.id),
    best,
  );
  m.fillers.forEach((f: { id: number; p: number }) => {
    assert.ok(Math.abs(f.p - p[f.id]) < 1e-12);
  });
  await oneLineError(["fill-mask", dir, "the cat sat"], /text: it has no \[MASK\] to fill/);
});

test("embed --tokens: the embedding-table rows of the tokens", { skip: stories }, async () => {
  const out = JSON.parse(await ok(["embed", ...story(), "--tokens", "Once upon", "--json"]));
  assert.deepEqual(out.shape, [512, 64]);
  assert.deepEqual(
    out.tokens.map((t: { id: number }) => t.id),
    [403, 407],
  );
  const model = await loadModel(fixture("llama2c", "stories260K.bin"));
  const row = new Float32Array(64);
  (
    model as unknown as { embedTokens: { forward(o: Float32Array, ids: number[]): void } }
  ).embedTokens.forward(row, [407]);
  assert.deepEqual(out.tokens[1].values, Array.from(row));
  assert.ok(Math.abs(out.tokens[1].norm - Math.hypot(...row)) < 1e-9);
});

test("vectors show and project --svg (written whole, labelled)", async () => {
  const svg = join(tmp, "words.svg");
  const [show] = await Promise.all([
    ok(["vectors", "show", "king", "--json", "--limit", "5000"]),
    ok(["vectors", "project", "king", "queen", "man", "woman", "--svg", svg, "--limit", "5000"]),
  ]);
  const s = JSON.parse(show);
  assert.equal(s.dim, 100);
  assert.ok(Math.abs(s.norm - Math.hypot(...s.vector)) < 1e-9);
  assert.ok(existsSync(svg));
  const text = readFileSync(svg, "utf8");
  assert.match(text, /^<svg /);
  for (const w of ["king", "queen", "man", "woman"]) assert.match(text, new RegExp(`>${w}</text>`));
  assert.equal(text.match(/<circle /g)?.length, 4);
  await oneLineError(
    ["vectors", "project", "king", "queen", "--dims", "3", "--svg", svg],
    /--svg draws 2-D points/,
  );
});

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DEFAULT_TOKENIZER } from "../../src/cli/commands/tokenize.ts";
import { runCliSync } from "../helpers/cli.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { peerMissing, rustTokenizers } from "../helpers/peers.ts";

const tongguan = (args: string[], input?: string) => runCliSync(args, { input });

async function rustEncode(path: string, text: string): Promise<{ ids: number[]; tokens: string[] }> {
  const { Tokenizer } = await rustTokenizers();
  const e = await Tokenizer.fromFile(path).encode(text, null, { addSpecialTokens: false });
  return { ids: e.getIds(), tokens: e.getTokens() };
}

const texts = [
  "Hello world",
  "你好，世界！👍🏽",
  "const x = 1;\n\treturn x;",
  "<|endoftext|> and <|im_end|>",
  "  spaces  ",
];

test("tokenize --json with the default tokenizer prints the ids Hugging Face's tokenizers give", {
  skip: peerMissing("@anush008/tokenizers"),
}, async () => {
  const r = tongguan(["tokenize", "--json", "const tokenizer = await loadTokenizer(path);"]);
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout);
  assert.deepEqual(got, await rustEncode(DEFAULT_TOKENIZER, "const tokenizer = await loadTokenizer(path);"));
  // Text on standard input works the same way.
  const fromStdin = tongguan(["tokenize", "--json"], "const tokenizer = await loadTokenizer(path);");
  assert.deepEqual(JSON.parse(fromStdin.stdout), got);
});

test("tokenize --jsonl answers every line, in order", {
  skip: peerMissing("@anush008/tokenizers"),
}, async () => {
  const r = tongguan(["tokenize", "--jsonl"], `${texts.map((t) => JSON.stringify(t)).join("\n")}\n`);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines.length, texts.length);
  for (const [i, text] of texts.entries()) {
    assert.deepEqual(JSON.parse(lines[i]), await rustEncode(DEFAULT_TOKENIZER, text), text);
  }
  // Special tokens written in the text are matched as such.
  assert.ok(JSON.parse(lines[3]).tokens.includes("<|endoftext|>"));

  const bad = tongguan(["tokenize", "--jsonl"], '"ok"\nnot json\n');
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /line 2: expected a JSON string/);
});

test("tokenize --decode turns ids (arguments or standard input) back into the text", () => {
  const text = "Decode me: 你好 👍🏽\n";
  const { ids } = JSON.parse(tongguan(["tokenize", "--json", text]).stdout);
  const fromArgs = tongguan(["tokenize", "--decode", ...ids.map(String)]);
  assert.equal(fromArgs.status, 0, fromArgs.stderr);
  assert.equal(fromArgs.stdout, `${text}\n`);
  const fromStdin = tongguan(["tokenize", "--decode"], `[${ids.join(", ")}]`);
  assert.equal(fromStdin.stdout, `${text}\n`);
  const bad = tongguan(["tokenize", "--decode", "12", "x7"]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /"x7" is not a token id/);
});

test("tokenize shows tokens with visible whitespace, then the ids and the count", () => {
  const r = tongguan(["tokenize", "--no-color", "a b\tc\nd"]);
  assert.equal(r.status, 0, r.stderr);
  const [shown, , idsLine, countLine] = r.stdout.split("\n").slice(1);
  assert.equal(r.stdout.split("\n")[0].replaceAll("│", ""), "a·b→c↵");
  assert.equal(shown.replaceAll("│", ""), "d");
  const ids = JSON.parse(idsLine.replace(/^ids: /, ""));
  assert.equal(countLine, `${ids.length} tokens, 7 characters`);
});

test("a truncated, malformed or missing tokenizer file is one clear error line, exit code 1, no stack", () => {
  const dir = mkdtempSync(join(tmpdir(), "tongguan-cli-"));
  try {
    const truncated = join(dir, "tokenizer.json");
    const full = readFileSync(DEFAULT_TOKENIZER, "utf8");
    writeFileSync(truncated, full.slice(0, full.length / 2));
    const malformed = join(dir, "malformed.json");
    writeFileSync(malformed, '{"model": {"type": "BPE"}}');
    for (const path of [truncated, malformed, join(dir, "missing.json")]) {
      const r = tongguan(["tokenize", "--tokenizer", path, "hello"]);
      assert.equal(r.status, 1);
      assert.equal(r.stdout, "");
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.ok(lines[0].includes(path), lines[0]);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("GPT-2 and BERT from the fixtures: ids as the cases, --add-special adds [CLS] … [SEP]", {
  skip: fixturesMissing("tokenizers/gpt2") || fixturesMissing("tokenizers/bert-base-uncased"),
}, () => {
  const gpt2 = fixture("tokenizers", "gpt2");
  const cases = readFileSync(join(gpt2, "cases.jsonl"), "utf8")
    .trim()
    .split("\n")
    .slice(0, 40)
    .map((l) => JSON.parse(l));
  const r = tongguan(
    ["tokenize", "--tokenizer", gpt2, "--jsonl"],
    cases.map((c) => JSON.stringify(c.text)).join("\n"),
  );
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines.length, cases.length);
  cases.forEach((c, i) => {
    assert.deepEqual(JSON.parse(lines[i]), { ids: c.ids, tokens: c.tokens }, JSON.stringify(c.text));
  });

  const bert = fixture("tokenizers", "bert-base-uncased");
  const plain = JSON.parse(tongguan(["tokenize", "--tokenizer", bert, "--json", "Hello world"]).stdout);
  const special = JSON.parse(
    tongguan(["tokenize", "--tokenizer", bert, "--json", "--add-special", "Hello world"]).stdout,
  );
  assert.deepEqual(special.tokens, ["[CLS]", ...plain.tokens, "[SEP]"]);
  const shown = tongguan(["tokenize", "--tokenizer", bert, "--no-color", "--add-special", "Hello world"]);
  assert.equal(shown.stdout.split("\n")[0], "⟨[CLS]⟩Hello│·│world⟨[SEP]⟩");
});

// OpenAI's encodings by name (cl100k_base, o200k_base, gpt2), built by tongguan from js-tiktoken's
// rank files, give js-tiktoken's own ids on every tokenizer test string of the fixtures (and on a
// few built-in ones when the fixtures are absent), and decode back to the text.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { getEncoding } from "js-tiktoken";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const builtIn = [
  "Hello world",
  "通关：Transformer 一步一步",
  "  leading spaces\n\n\ttabs and newlines\r\n",
  "numbers 1234567 3.14159 and emoji 👍🏽👨‍👩‍👧",
  "it's they're we've I'm you'll he'd DON'T",
  "<|endoftext|> is a special token",
];

function testStrings(): string[] {
  const out = [...builtIn];
  if (fixturesMissing("tokenizers")) return out;
  for (const name of readdirSync(fixture("tokenizers"))) {
    let text: string;
    try {
      text = readFileSync(join(fixture("tokenizers"), name, "cases.jsonl"), "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) if (line.trim()) out.push(JSON.parse(line).text);
  }
  return [...new Set(out)];
}

for (const name of ["cl100k_base", "o200k_base", "gpt2"] as const) {
  test(`${name}: ids equal js-tiktoken's on every test string`, async () => {
    const ours = await loadTokenizer(name);
    const ref = getEncoding(name);
    const strings = testStrings();
    assert.ok(strings.length >= builtIn.length);
    for (const text of strings) {
      const ids = ours.encode(text).ids;
      assert.deepEqual(ids, ref.encode(text, "all"), JSON.stringify(text));
      if (!text.includes("\uFFFD")) assert.equal(ours.decode(ids), text);
    }
  });
}

test("a tiktoken name never shadows a file of that name, and an unknown name is a file error", async () => {
  await assert.rejects(loadTokenizer("cl100k_basex"), /cl100k_basex: no such file or folder/);
});

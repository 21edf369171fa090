// Tokenizer files made to hurt: ids outside the vocabulary, a null decoder in a Sequence, a split
// pattern that backtracks exponentially. Each is refused at load with one line naming the file.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { tempDir, tinyJson, writeFile } from "./tiny-helpers.ts";

async function refused(json: unknown, problem: RegExp): Promise<void> {
  const path = writeFile(tempDir(), "tokenizer.json", JSON.stringify(json));
  await assert.rejects(loadTokenizer(path), (e: unknown) => {
    assert.ok(e instanceof TongguanError, `expected a TongguanError, got ${String(e)}`);
    assert.ok(e.message.includes(path), `names the file: ${e.message}`);
    assert.match(e.message, problem);
    assert.doesNotMatch(e.message, /\n/);
    return true;
  });
}

const unigram = (unk_id: unknown) => ({
  type: "Unigram",
  vocab: [
    ["a", -1],
    ["b", -2],
  ],
  unk_id,
});
const wordLevel = { type: "WordLevel", vocab: { a: 0, b: 1 }, unk_token: "a" };
const added = (id: number) => ({
  id,
  content: "<x>",
  special: true,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
});

test("a Unigram unk_id outside its pieces", async () => {
  await refused(tinyJson(unigram(99)), /unk_id 99 is not an id of the 2 pieces/);
  await refused(tinyJson(unigram(-1)), /unk_id -1/);
  await refused(tinyJson(unigram(0.5)), /unk_id 0.5/);
});

test("added tokens with ids no vocabulary has (2^40, -5, 1.5)", async () => {
  for (const id of [2 ** 40, -5, 1.5]) {
    await refused(
      tinyJson(wordLevel, { added_tokens: [added(id)] }),
      /added_tokens\[0\]\.id .* is not a token id/,
    );
  }
});

test("a decoder Sequence holding null", async () => {
  await refused(
    tinyJson(wordLevel, { decoder: { type: "Sequence", decoders: [{ type: "Fuse" }, null] } }),
    /decoders\[1\] is null, not a decoder/,
  );
});

test("a split pattern that backtracks exponentially is refused before it runs", async () => {
  const t0 = performance.now();
  await refused(
    tinyJson(wordLevel, {
      pre_tokenizer: { type: "Split", pattern: { Regex: "^(a+)+$" }, behavior: "Isolated", invert: false },
    }),
    /exponential time/,
  );
  assert.ok(performance.now() - t0 < 2000);
});

// GGUF tokenizer metadata written by the tests (with the formats area's GGUF writer): the three
// `tokenizer.ggml.model` kinds, special-token parsing, and the ids BOS/EOS come from.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { gv, writeGguf } from "../../src/formats/gguf-writer.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { BYTE_TO_CHAR } from "../../src/tokenizers/unicode.ts";
import { tempDir } from "./tiny-helpers.ts";

function write(metadata: Record<string, ReturnType<typeof gv.str>>): string {
  const path = join(tempDir(), "vocab.gguf");
  writeGguf(path, { metadata: { "general.architecture": gv.str("test"), ...metadata }, tensors: [] });
  return path;
}

test("llama (SentencePiece) vocabulary: scores, dummy prefix after each special token, byte fallback", async () => {
  const bytes = Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
  const tokens = ["<unk>", "<s>", "</s>", ...bytes, "▁", "a", "b", "▁a", "▁ab"];
  const types = [2, 3, 3, ...bytes.map(() => 6), 1, 1, 1, 1, 1];
  const scores = tokens.map((_, i) => (i < 259 ? 0 : -i));
  const tok = await loadTokenizer(
    write({
      "tokenizer.ggml.model": gv.str("llama"),
      "tokenizer.ggml.tokens": gv.strings(tokens),
      "tokenizer.ggml.scores": gv.f32s(scores),
      "tokenizer.ggml.token_type": gv.i32s(types),
      "tokenizer.ggml.bos_token_id": gv.u32(1),
      "tokenizer.ggml.eos_token_id": gv.u32(2),
    }),
  );
  assert.deepEqual(tok.encode("ab<s>a").tokens, ["▁ab", "<s>", "▁a"]);
  const plain = tok.encode("ab<s>", { parseSpecial: false } as never).tokens;
  assert.deepEqual(plain.slice(0, 2), ["▁ab", "<0x3C>"]);
  assert.deepEqual(tok.encode("ab", { addSpecialTokens: true }).ids, [1, 263]);
  assert.deepEqual(tok.specialTokens, { unk: 0, bos: 1, eos: 2, eosIds: [2] });
  assert.equal(tok.decode(tok.encode("ab\n").ids), "ab\n");
});

test("gpt2 vocabulary: byte-level BPE with the `pre` regexes (qwen2: digits one by one)", async () => {
  const tokens = [...BYTE_TO_CHAR, "12", "<|end|>"];
  const tok = await loadTokenizer(
    write({
      "tokenizer.ggml.model": gv.str("gpt2"),
      "tokenizer.ggml.pre": gv.str("qwen2"),
      "tokenizer.ggml.tokens": gv.strings(tokens),
      "tokenizer.ggml.token_type": gv.i32s(tokens.map((t) => (t === "<|end|>" ? 3 : 1))),
      "tokenizer.ggml.merges": gv.strings(["1 2"]),
      "tokenizer.ggml.eos_token_id": gv.u32(257),
    }),
  );
  // qwen2's regex isolates each digit, so the merge "1 2" never applies.
  assert.deepEqual(tok.encode("12").ids, [49, 50]);
  assert.deepEqual(tok.encode("x<|end|>").ids, [120, 257]);
  assert.equal(tok.decode([120, 257], { skipSpecialTokens: true }), "x");
  assert.deepEqual(tok.specialTokens.eosIds, [257]);
});

test("an unknown `pre` type is refused by name", async () => {
  const path = write({
    "tokenizer.ggml.model": gv.str("gpt2"),
    "tokenizer.ggml.pre": gv.str("martian"),
    "tokenizer.ggml.tokens": gv.strings(["a"]),
    "tokenizer.ggml.merges": gv.strings([]),
  });
  await assert.rejects(loadTokenizer(path), /vocab\.gguf: tokenizer\.ggml\.pre "martian" is not supported/);
});

test("bert vocabulary: llama.cpp's ▁ word starts become WordPiece's ## continuations", async () => {
  const tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "▁un", "aff", "able", "▁hello"];
  const tok = await loadTokenizer(
    write({
      "tokenizer.ggml.model": gv.str("bert"),
      "tokenizer.ggml.tokens": gv.strings(tokens),
      "tokenizer.ggml.token_type": gv.i32s([3, 2, 3, 3, 1, 1, 1, 1]),
      "tokenizer.ggml.bos_token_id": gv.u32(2),
      "tokenizer.ggml.eos_token_id": gv.u32(3),
      "tokenizer.ggml.unknown_token_id": gv.u32(1),
    }),
  );
  assert.deepEqual(tok.encode("Unaffable HELLO!", { addSpecialTokens: true }).ids, [2, 4, 5, 6, 7, 1, 3]);
  assert.equal(tok.decode([4, 5, 6, 7]), "unaffable hello");
});

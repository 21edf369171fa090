// Missing, truncated and malformed tokenizer files give a TongguanError naming the file and the problem.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { tempDir, tinyJson, writeFile } from "./tiny-helpers.ts";

async function rejects(path: string, problem: RegExp, named = path): Promise<void> {
  await assert.rejects(loadTokenizer(path), (e: unknown) => {
    assert.ok(e instanceof TongguanError, `expected a TongguanError, got ${String(e)}`);
    assert.ok(e.message.includes(named), `message should name ${named}: ${e.message}`);
    assert.match(e.message, problem);
    return true;
  });
}

test("a missing path", async () => {
  await rejects(join(tempDir(), "nope", "tokenizer.json"), /no such file/);
});

test("a folder without tokenizer files", async () => {
  await rejects(tempDir(), /no tokenizer found/);
});

test("truncated tokenizer.json", async () => {
  const text = JSON.stringify(tinyJson({ type: "WordLevel", vocab: { a: 0 }, unk_token: "a" }));
  await rejects(
    writeFile(tempDir(), "tokenizer.json", text.slice(0, text.length / 2)),
    /not valid JSON.*truncated/,
  );
});

test("tokenizer.json without a model, with a bad merge, with an unknown type", async () => {
  const dir = tempDir();
  await rejects(writeFile(dir, "a.json", "{}"), /"model" is missing/);
  const badMerge = tinyJson({ type: "BPE", vocab: { a: 0, b: 1 }, merges: ["a b"] });
  await rejects(
    writeFile(dir, "b.json", JSON.stringify(badMerge)),
    /merge 0 "a b".*missing from the vocabulary/,
  );
  const oddMerge = tinyJson({ type: "BPE", vocab: { a: 0 }, merges: ["a b c"] });
  await rejects(writeFile(dir, "c.json", JSON.stringify(oddMerge)), /merges\[0\]/);
  const odd = tinyJson({ type: "WordLevel", vocab: { a: 0 } }, { normalizer: { type: "Shout" } });
  await rejects(writeFile(dir, "d.json", JSON.stringify(odd)), /normalizer type "Shout" is not supported/);
});

test("vocab.json without merges.txt", async () => {
  const dir = tempDir();
  writeFile(dir, "vocab.json", JSON.stringify({ a: 0 }));
  await rejects(
    join(dir, "vocab.json"),
    /no such file \(vocab\.json needs merges\.txt/,
    join(dir, "merges.txt"),
  );
});

test("a malformed merges.txt line and an empty vocab.txt", async () => {
  const dir = tempDir();
  writeFile(dir, "vocab.json", JSON.stringify({ a: 0, b: 1, ab: 2 }));
  const merges = writeFile(dir, "merges.txt", "#version: 0.2\na b\na b c\n");
  await rejects(join(dir, "vocab.json"), /line 3 is "a b c", expected two tokens/, merges);
  await rejects(writeFile(tempDir(), "vocab.txt", ""), /is empty/);
});

test("a truncated tokenizer.model", { skip: fixturesMissing("tokenizers/llama2") }, async () => {
  const data = readFileSync(fixture("tokenizers/llama2/tokenizer.model"));
  const path = writeFile(tempDir(), "tokenizer.model", data.subarray(0, 1000));
  await rejects(path, /SentencePiece model.*runs past the end/);
});

test("a truncated or foreign llama2.c tokenizer.bin", { skip: fixturesMissing("llama2c") }, async () => {
  const data = readFileSync(fixture("llama2c/tok512.bin"));
  const dir = tempDir();
  await rejects(writeFile(dir, "cut.bin", data.subarray(0, data.length - 3)), /truncated: token 511/);
  await rejects(writeFile(dir, "tiny.bin", Uint8Array.of(1, 2)), /too short/);
  await rejects(
    writeFile(dir, "text.bin", new TextEncoder().encode("hello world, not a tokenizer")),
    /max_token_length/,
  );
});

test("a GGUF without tokenizer metadata", async () => {
  // GGUF v3, 0 tensors, 1 key: general.architecture = "llama".
  const enc = new TextEncoder();
  const key = enc.encode("general.architecture");
  const val = enc.encode("llama");
  const buf = new ArrayBuffer(4 + 4 + 8 + 8 + 8 + key.length + 4 + 8 + val.length);
  const v = new DataView(buf);
  const u8 = new Uint8Array(buf);
  let o = 0;
  u8.set(enc.encode("GGUF"), o);
  o += 4;
  v.setUint32(o, 3, true);
  o += 4;
  v.setBigUint64(o, 0n, true);
  o += 8;
  v.setBigUint64(o, 1n, true);
  o += 8;
  v.setBigUint64(o, BigInt(key.length), true);
  o += 8;
  u8.set(key, o);
  o += key.length;
  v.setUint32(o, 8, true); // string
  o += 4;
  v.setBigUint64(o, BigInt(val.length), true);
  o += 8;
  u8.set(val, o);
  const dir = tempDir();
  await rejects(writeFile(dir, "model.gguf", u8), /tokenizer\.ggml\.model' is missing/);
  await rejects(writeFile(dir, "cut.gguf", u8.subarray(0, 30)), /./);
});

test("an unknown file", async () => {
  const dir = tempDir();
  mkdirSync(join(dir, "sub"));
  await rejects(writeFile(dir, "weights.xyz", "\u0000\u0001binary"), /not a tokenizer file/);
});

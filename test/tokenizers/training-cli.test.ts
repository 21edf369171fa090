import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { bytesLabel } from "../../src/instruments/token-pieces.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { trainBpePlain } from "../../src/tokenizers/training/index.ts";
import { runCliSync } from "../helpers/cli.ts";
import { repoRoot } from "../helpers/fixtures.ts";
import { mixedCorpus } from "./training-corpus.ts";

const tongguan = (args: string[]) => runCliSync(args);

test("tokenizer train writes a tokenizer.json and --verbose prints every merge", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tongguan-train-cli-"));
  try {
    const corpus = join(dir, "corpus.txt");
    const text = mixedCorpus(20_000, 21);
    writeFileSync(corpus, text);
    const out = join(dir, "bpe");
    const r = tongguan([
      "tokenizer",
      "train",
      corpus,
      "--vocab-size",
      "400",
      "--out",
      out,
      "--special",
      "<|endoftext|>",
      "--special",
      "<|pad|>",
      "--verbose",
    ]);
    assert.equal(r.status, 0, r.stderr);
    const merges = r.stdout.split("\n").filter((l) => l.startsWith("merge "));
    const expected = trainBpePlain(text, { vocabSize: 400, specialTokens: ["<|endoftext|>", "<|pad|>"] });
    assert.equal(merges.length, expected.merges.length);
    const m = expected.merges[0];
    // merges print as text, or as <bytes> where a token is not whole characters — never byte-level mojibake
    const show = (id: number) => JSON.stringify(bytesLabel([...expected.tokenBytes[id]]));
    assert.equal(
      merges[0],
      `merge 1/142: ${show(m.left)} + ${show(m.right)} -> ${show(m.id)} (id ${m.id}, count ${m.count})`,
    );
    assert.match(r.stdout, /wrote .*tokenizer\.json: 400 tokens \(256 bytes \+ 142 merged \+ 2 special\)/);

    const tokenizer = await loadTokenizer(out);
    assert.equal(tokenizer.vocabSize, 400);
    const { Tokenizer } = await import("@anush008/tokenizers");
    const rust = Tokenizer.fromFile(join(out, "tokenizer.json"));
    const sample = `${text.slice(0, 2000)}<|pad|>`;
    const rustIds = (await rust.encode(sample, null, { addSpecialTokens: false })).getIds();
    assert.deepEqual(tokenizer.encode(sample).ids, rustIds);
    assert.equal(rustIds[rustIds.length - 1], 399);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("tokenizer train refuses a missing corpus and a vocabulary too small, naming them", () => {
  const missing = tongguan([
    "tokenizer",
    "train",
    "/nonexistent/corpus.txt",
    "--vocab-size",
    "300",
    "--out",
    tmpdir(),
  ]);
  assert.equal(missing.status, 1);
  assert.equal(missing.stderr, "tongguan: /nonexistent/corpus.txt: no such file\n");
  const small = tongguan([
    "tokenizer",
    "train",
    join(repoRoot, "package.json"),
    "--vocab-size",
    "100",
    "--out",
    tmpdir(),
  ]);
  assert.equal(small.status, 1);
  assert.match(small.stderr, /^tongguan: --vocab-size 100: must be an integer from 256/);
});

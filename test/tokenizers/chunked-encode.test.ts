// Encoding window by window gives exactly the ids of encoding the whole text, for every kind of
// tokenizer (byte-level BPE with GPT-2's, Llama 3's and Qwen2's regexes, the OpenAI rank files,
// WordPiece, SentencePiece from tokenizer.model and as tokenizer.json), on text built to put the
// window edges in the hard places: runs of spaces, \r\n, CJK, emoji sequences, combining marks,
// digit runs, words longer than the overlap, and special tokens cut in two by a window edge.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { getEncoding } from "js-tiktoken";
import { LARGE_TEXT } from "../../src/tokenizers/chunked-encode.ts";
import { encodeIds, encodeStream } from "../../src/tokenizers/encode-stream.ts";
import { IdBuffer } from "../../src/tokenizers/id-buffer.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import type { Tokenizer } from "../../src/tokenizers/types.ts";
import { fixture, fixturesMissing, repoRoot } from "../helpers/fixtures.ts";

const POOL = [
  "hello",
  " World",
  "don't",
  " they're",
  " ",
  "   ",
  " ".repeat(40),
  "\t",
  "\n",
  "\n\n\n",
  "\r\n",
  " \r\n ",
  "1234567",
  " 3.14159",
  "通关",
  "一步一步地学习",
  "，",
  "。\n",
  "日本語",
  "한국어",
  "🦙",
  "👨‍👩‍👧",
  "👍🏽",
  "e\u0301",
  "Ｆｕｌｌ",
  "Héllo",
  "...",
  "?!",
  "<|endoftext|>",
  "<|im_start|>",
  "[CLS]",
  "[SEP]",
  "[MASK]",
  "<s>",
  "</s>",
  "a".repeat(300),
  "超长的中文句子没有任何空格".repeat(20),
];

/** A deterministic mixture of the pool, about `chars` UTF-16 units long. */
function trickyText(chars: number, seed = 1): string {
  let x = seed >>> 0;
  let out = "";
  while (out.length < chars) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out += POOL[x % POOL.length];
  }
  return out;
}

const WINDOWS = [
  { windowChars: 64, overlapChars: 16 },
  { windowChars: 256, overlapChars: 64 },
  { windowChars: 2048, overlapChars: 256 },
];

interface Case {
  name: string;
  skip: false | string;
  load: () => Promise<Tokenizer>;
}

const cases: Case[] = [
  {
    name: "tongguan-demo (assets, byte-level BPE)",
    skip: false,
    load: () => loadTokenizer(join(repoRoot, "assets", "tokenizers", "tongguan-demo", "tokenizer.json")),
  },
  { name: "cl100k_base (js-tiktoken ranks)", skip: false, load: () => loadTokenizer("cl100k_base") },
  { name: "o200k_base (js-tiktoken ranks)", skip: false, load: () => loadTokenizer("o200k_base") },
  ...[
    ["gpt2", "tokenizers/gpt2/tokenizer.json"],
    ["qwen2 (vocab.json + merges.txt)", "tokenizers/qwen2"],
    ["llama3", "tokenizers/llama3/tokenizer.json"],
    ["bert-base-uncased (WordPiece)", "tokenizers/bert-base-uncased/tokenizer.json"],
    ["bert-base-chinese (WordPiece)", "tokenizers/bert-base-chinese/tokenizer.json"],
    ["llama2 tokenizer.model (SentencePiece)", "tokenizers/llama2/tokenizer.model"],
    ["llama2 tokenizer.json (Metaspace BPE)", "tokenizers/llama2/tokenizer.json"],
  ].map(([name, path]) => ({
    name,
    skip: fixturesMissing(path),
    load: () => loadTokenizer(fixture(path)),
  })),
];

for (const c of cases) {
  describe(`chunked encode: ${c.name}`, { skip: c.skip }, () => {
    test("the same ids as the whole text, for several window sizes", async () => {
      const tok = await c.load();
      const text = trickyText(6000);
      const whole = tok.encode(text).ids;
      for (const w of WINDOWS) {
        assert.deepEqual(
          [...encodeIds(tok, text, w)],
          whole,
          `windows of ${w.windowChars}/${w.overlapChars}`,
        );
      }
    });

    test("special-token text read as plain text, and the post-processor's tokens, the same way", async () => {
      const tok = await c.load();
      const text = trickyText(3000, 7);
      const plain = tok.encode(text, { parseSpecial: false }).ids;
      assert.deepEqual([...encodeIds(tok, text, { ...WINDOWS[1], parseSpecial: false })], plain);
      const framed = tok.encode(text, { addSpecialTokens: true }).ids;
      assert.deepEqual([...encodeIds(tok, text, { ...WINDOWS[1], addSpecialTokens: true })], framed);
    });

    test("a stream of pieces of any length gives the same ids", async () => {
      const tok = await c.load();
      const text = trickyText(4000, 3);
      const pieces: string[] = [];
      for (let i = 0, n = 1; i < text.length; i += n, n = (n * 7 + 3) % 97) pieces.push(text.slice(i, i + n));
      let reports = 0;
      const ids = await encodeStream(tok, pieces, { ...WINDOWS[0], onIds: () => reports++ });
      assert.deepEqual([...ids], tok.encode(text).ids);
      assert.ok(reports > 1, "ids are committed while the text still arrives");
    });
  });
}

describe("chunked encode: window edges", () => {
  test("a special token just before the first window's nominal edge, at every offset", async () => {
    const tok = await loadTokenizer("cl100k_base");
    for (let n = 40; n < 70; n++) {
      const text = `${"x".repeat(n)}<|endoftext|>${"y".repeat(30)} z<|endoftext|>`;
      assert.deepEqual([...encodeIds(tok, text, WINDOWS[0])], tok.encode(text).ids, `at ${n}`);
    }
  });

  test("a word far longer than the overlap (the window grows) keeps the ids exact", async () => {
    const tok = await loadTokenizer("cl100k_base");
    const text = `start ${"ab".repeat(2000)} end\n${"x".repeat(3000)}`;
    assert.deepEqual([...encodeIds(tok, text, WINDOWS[0])], tok.encode(text).ids);
  });

  test("empty text, and text shorter than one window", async () => {
    const tok = await loadTokenizer("cl100k_base");
    assert.deepEqual([...encodeIds(tok, "")], []);
    assert.deepEqual([...encodeIds(tok, "hi 通关")], tok.encode("hi 通关").ids);
  });

  test("windows must be at least 4 overlaps long", async () => {
    const tok = await loadTokenizer("cl100k_base");
    assert.throws(() => encodeIds(tok, "x", { windowChars: 100, overlapChars: 64 }), /windowChars/);
  });
});

describe("encode on a text past LARGE_TEXT goes window by window", () => {
  test("cl100k_base: ids equal js-tiktoken's on a text of LARGE_TEXT + 40k code units", async () => {
    const tok = await loadTokenizer("cl100k_base");
    // Prose (js-tiktoken is quadratic on long words): the READMEs in English and Chinese, repeated.
    const seed = ["README.md", "README.zh-CN.md"]
      .map((f) => readFileSync(join(repoRoot, f), "utf8"))
      .join("\r\n");
    let text = "";
    while (text.length < LARGE_TEXT + 40_000) text += `${seed}\n`;
    text = text.replaceAll("<|endoftext|>", "<|x|>");
    const ours = tok.encode(text);
    assert.deepEqual(ours.ids, getEncoding("cl100k_base").encode(text));
    // Offsets still point into the whole text.
    assert.equal(ours.offsets.at(-1)![1], text.length);
  });
});

describe("IdBuffer", () => {
  test("grows past its capacity and keeps every id in order", () => {
    const b = new IdBuffer(16);
    for (let i = 0; i < 1000; i++) b.push(i * 3);
    b.pushAll([7, 8, 9]);
    const a = b.toArray();
    assert.equal(a.length, 1003);
    assert.equal(a[999], 2997);
    assert.deepEqual([...a.subarray(1000)], [7, 8, 9]);
  });
});

// Differential check against Hugging Face's Rust tokenizers (@anush008/tokenizers) on generated
// strings mixing scripts, whitespace, emoji, combining marks, control characters and special-token
// strings: ids, offsets and both decodes must agree.
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { peerMissing, rustTokenizers } from "../helpers/peers.ts";

const POOL = [
  "hello",
  "World",
  " ",
  "   ",
  "\t",
  "\n\n",
  "\r\n",
  "4567890",
  "3.14",
  "'s",
  "'RE",
  "don't",
  "?!",
  "...",
  "你好",
  "日本語",
  "한국어",
  "مرحبا",
  "नमस्ते",
  "Привет",
  "🦙",
  "👨‍👩‍👧",
  "❤️",
  "e\u0301",
  "ß",
  "İ",
  "ﬁ",
  "Ｆｕｌｌ",
  "\ufeff",
  "\u0085",
  "\u00a0",
  "\u200b",
  "\u0000",
  "\u001b",
  "𠀀",
  "<|endoftext|>",
  "<s>",
  "[MASK]",
  "__init__",
  "`",
  "Cửa",
  "x".repeat(120),
];

/** Deterministic strings of 1–8 pool pieces (a linear congruential generator, so runs repeat). */
function strings(n: number): string[] {
  let seed = 20240611;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return Array.from({ length: n }, () => {
    let s = "";
    for (let k = 1 + Math.floor(next() * 8); k > 0; k--) s += POOL[Math.floor(next() * POOL.length)];
    return s;
  });
}

/** Rust (through the binding) counts offsets in code points; ours are UTF-16 code units. */
function toUtf16(text: string, offsets: number[][]): [number, number][] {
  const at: number[] = [];
  let u = 0;
  for (const ch of text) {
    at.push(u);
    u += ch.length;
  }
  at.push(u);
  return offsets.map(([a, b]) => [at[a], at[b]]);
}

for (const name of ["gpt2", "bert-base-chinese", "llama2"]) {
  test(`${name}: ids, offsets and decode agree with Rust tokenizers`, {
    skip: fixturesMissing(`tokenizers/${name}`) || peerMissing("@anush008/tokenizers"),
  }, async () => {
    const { Tokenizer: RustTokenizer } = await rustTokenizers();
    const rust = RustTokenizer.fromFile(fixture("tokenizers", name, "tokenizer.json"));
    const ours = await loadTokenizer(fixture("tokenizers", name, "tokenizer.json"));
    let agree = 0;
    const texts = strings(120);
    for (const text of texts) {
      const r = await rust.encode(text, null, { addSpecialTokens: false });
      const ids = Array.from(r.getIds());
      const e = ours.encode(text);
      assert.deepEqual(e.ids, ids, `ids of ${JSON.stringify(text)}`);
      assert.deepEqual(e.offsets, toUtf16(text, r.getOffsets()), `offsets of ${JSON.stringify(text)}`);
      assert.equal(ours.decode(ids), await rust.decode(ids, false), `decode of ${JSON.stringify(text)}`);
      assert.equal(ours.decode(ids, { skipSpecialTokens: true }), await rust.decode(ids, true));
      agree++;
    }
    console.log(`# ${name} differential: ${agree}/${texts.length}`);
  });
}

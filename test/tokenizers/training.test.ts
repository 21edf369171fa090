import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import {
  TrainedBpe,
  TrainedBpeEncoder,
  trainBpeFast,
  trainBpePlain,
  writeTokenizerJson,
} from "../../src/tokenizers/training/index.ts";
import { PairHeap } from "../../src/tokenizers/training/pair-heap.ts";
import { bestPair, countPairs, mergePair, pairKey } from "../../src/tokenizers/training/pairs.ts";
import { compileSplitPattern, GPT4_SPLIT_PATTERN } from "../../src/tokenizers/training/split.ts";
import { hfTokenizers, peerMissing, rustTokenizers } from "../helpers/peers.ts";
import { mixedCorpus } from "./training-corpus.ts";

/** Merges as readable strings: "aa+a=257(3)". */
function describe(model: TrainedBpe): string[] {
  return model.merges.map(
    (m) =>
      `${model.tokenString(m.left)}+${model.tokenString(m.right)}=${model.tokenString(m.id)}(${m.count})`,
  );
}

test("countPairs and mergePair do minbpe's worked examples", () => {
  const counts = countPairs([1, 2, 3, 1, 2]);
  assert.deepEqual(
    [...counts].sort((a, b) => a[0] - b[0]),
    [
      [pairKey(1, 2), 2],
      [pairKey(2, 3), 1],
      [pairKey(3, 1), 1],
    ],
  );
  assert.equal(countPairs([5, 5, 5]).get(pairKey(5, 5)), 2);
  assert.deepEqual(mergePair([1, 2, 3, 1, 2], 1, 2, 4), [4, 3, 4]);
  assert.deepEqual(mergePair([5, 5, 5], 5, 5, 6), [6, 5]);
  assert.deepEqual(
    bestPair(
      new Map([
        [pairKey(2, 3), 2],
        [pairKey(1, 2), 2],
        [pairKey(3, 1), 1],
      ]),
    ),
    {
      key: pairKey(1, 2),
      count: 2,
    },
  );
});

test("PairHeap pops the highest count first, then the smallest pair", () => {
  const heap = new PairHeap();
  const entries: [number, number][] = [
    [3, pairKey(1, 1)],
    [5, pairKey(9, 2)],
    [5, pairKey(0, 7)],
    [1, pairKey(0, 0)],
    [5, pairKey(9, 1)],
  ];
  for (const [c, k] of entries) heap.push(c, k);
  const popped = [];
  for (let e = heap.pop(); e; e = heap.pop()) popped.push([e.count, e.key]);
  assert.deepEqual(popped, [
    [5, pairKey(0, 7)],
    [5, pairKey(9, 1)],
    [5, pairKey(9, 2)],
    [3, pairKey(1, 1)],
    [1, pairKey(0, 0)],
  ]);
});

test("both trainers learn the hand-computed merges of a tiny corpus", () => {
  // "aaab ab" splits into "aaab" and " ab" (the space joins the word after it).
  //   pairs (a,a):2 (a,b):2 (" ",a):1 -> tie, (a,a) has the smaller pair -> "aa"
  //   [aa,a,b] [" ",a,b]: (a,b):2 wins -> "ab"
  //   [aa,ab] [" ",ab]: ("aa",ab):1 and (" ",ab):1 tie; " " (32) < "aa" (256) -> "Ġab"
  //   [aa,ab] -> "aaab"
  const expected = ["a+a=aa(2)", "a+b=ab(2)", "Ġ+ab=Ġab(1)", "aa+ab=aaab(1)"];
  for (const train of [trainBpePlain, trainBpeFast]) {
    const model = train("aaab ab", { vocabSize: 256 + 4 });
    assert.deepEqual(describe(model), expected, train.name);
    assert.deepEqual(
      model.merges.map((m) => m.id),
      [256, 257, 258, 259],
    );
    // Asking for more tokens than the corpus has pairs stops when every chunk is one token.
    assert.deepEqual(describe(train("aaab ab", { vocabSize: 1000 })), expected, train.name);
  }
});

test("the split regex keeps merges inside words, numbers and punctuation runs", () => {
  const re = compileSplitPattern(GPT4_SPLIT_PATTERN);
  assert.deepEqual("Hello world!! don't 12345\n\n  x".match(re), [
    "Hello",
    " world",
    "!!",
    " don",
    "'t",
    " ",
    "123",
    "45",
    "\n\n",
    " ",
    " x",
  ]);
  // Oniguruma's \s is Unicode White_Space: U+0085 is a space, U+FEFF is not.
  assert.deepEqual("a\u0085b\ufeffc".match(re), ["a", "\u0085b", "\ufeffc"]);
});

test("special tokens are cut out of the training text and numbered after the BPE tokens", () => {
  const text = "ab<|endoftext|>ab<|endoftext|>ba";
  const model = trainBpeFast(text, { vocabSize: 256 + 3 + 2, specialTokens: ["<|endoftext|>", "<|pad|>"] });
  // "ab" twice is the only pair that occurs twice; '>' never joins 'a': the special was cut out.
  assert.deepEqual(describe(model).slice(0, 1), ["a+b=ab(2)"]);
  assert.ok(describe(model).every((m) => !m.includes(">")));
  assert.deepEqual(model.specialTokens, [
    { content: "<|endoftext|>", id: model.size },
    { content: "<|pad|>", id: model.size + 1 },
  ]);
  const encoder = new TrainedBpeEncoder(model);
  assert.deepEqual(encoder.tokens(encoder.encode("ab<|endoftext|>")), ["ab", "<|endoftext|>"]);
});

test("a merge that spells an existing token reuses its id", () => {
  const model = new TrainedBpe(GPT4_SPLIT_PATTERN);
  const ab = model.addMerge(97, 98, 5).id; // "ab"
  const bc = model.addMerge(98, 99, 4).id; // "bc"
  const abc1 = model.addMerge(ab, 99, 3).id; // "ab" + "c"
  const abc2 = model.addMerge(97, bc, 2).id; // "a" + "bc": the same bytes
  assert.equal(abc2, abc1);
  assert.equal(model.size, 256 + 3);
  assert.equal(model.tokenString(abc1), "abc");
});

test("vocab sizes that cannot hold the bytes and the special tokens are refused", () => {
  assert.throws(() => trainBpeFast("abc", { vocabSize: 256, specialTokens: ["<s>"] }), TongguanError);
  assert.throws(() => trainBpePlain("abc", { vocabSize: 300.5 }), /--vocab-size 300.5/);
});

test("the fast trainer learns exactly the plain trainer's merges on a generated corpus", () => {
  const text = mixedCorpus(30_000, 7);
  const options = { vocabSize: 256 + 600 + 1, specialTokens: ["<|endoftext|>"] };
  const plain = trainBpePlain(text, options);
  const fast = trainBpeFast(text, options);
  assert.equal(plain.merges.length, 600);
  assert.deepEqual(fast.merges, plain.merges);
  assert.deepEqual(fast.specialTokens, plain.specialTokens);
  // A second corpus trained to exhaustion (more vocab than pairs) must also agree.
  const small = mixedCorpus(2_000, 11);
  assert.deepEqual(
    trainBpeFast(small, { vocabSize: 5000 }).merges,
    trainBpePlain(small, { vocabSize: 5000 }).merges,
  );
});

const probes = [
  "Hello world<|endoftext|>don't stop, I'LL go!",
  "你好，世界！这是一个测试。",
  "emoji 😀👍🏽👨‍👩‍👧🇨🇳 split across bytes",
  "function add(a, b) {\n\treturn a + b;\n}\r\n\n   spaces   before\u0085and\u3000after\ufeff",
  "numbers 1234567 3.14159 and café naïve Ünïcödé",
  "",
];

test("the written tokenizer.json loads in Hugging Face's tokenizers and encodes as the trainer does", {
  skip: peerMissing("@anush008/tokenizers") || peerMissing("@huggingface/tokenizers"),
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "tongguan-train-"));
  try {
    const text = mixedCorpus(40_000, 3);
    const model = trainBpeFast(text, { vocabSize: 1200, specialTokens: ["<|endoftext|>", "<|im_end|>"] });
    const path = writeTokenizerJson(dir, model);
    const json = JSON.parse(readFileSync(path, "utf8"));
    assert.equal(Object.keys(json.model.vocab).length + json.added_tokens.length, 1200);

    const { Tokenizer: RustTokenizer } = await rustTokenizers();
    const { Tokenizer: JsTokenizer } = await hfTokenizers();
    const rust = RustTokenizer.fromFile(path);
    const js = new JsTokenizer(json, {});
    const ours = new TrainedBpeEncoder(model);
    for (const s of [...probes, text.slice(0, 5000), mixedCorpus(3000, 99)]) {
      const ids = ours.encode(s);
      const rustEncoding = await rust.encode(s, null, { addSpecialTokens: false });
      assert.deepEqual(rustEncoding.getIds(), ids, `Rust tokenizers on ${JSON.stringify(s.slice(0, 40))}`);
      assert.deepEqual(rustEncoding.getTokens(), ours.tokens(ids));
      assert.deepEqual(
        js.encode(s, { add_special_tokens: false }).ids,
        ids,
        `tokenizers.js on ${JSON.stringify(s.slice(0, 40))}`,
      );
      assert.equal(await rust.decode(ids, false), s);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("tongguan's loadTokenizer encodes and decodes the written tokenizer.json as Hugging Face does", {
  skip: peerMissing("@anush008/tokenizers") || peerMissing("@huggingface/tokenizers"),
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "tongguan-train-"));
  try {
    const model = trainBpeFast(mixedCorpus(40_000, 5), { vocabSize: 1000, specialTokens: ["<|endoftext|>"] });
    const path = writeTokenizerJson(dir, model);
    const tokenizer = await loadTokenizer(path);
    const { Tokenizer: RustTokenizer } = await rustTokenizers();
    const rust = RustTokenizer.fromFile(path);
    for (const s of [...probes, mixedCorpus(5000, 123)]) {
      const expected = await rust.encode(s, null, { addSpecialTokens: false });
      const got = tokenizer.encode(s);
      assert.deepEqual(got.ids, expected.getIds(), JSON.stringify(s.slice(0, 40)));
      assert.deepEqual(got.tokens, expected.getTokens());
      assert.equal(tokenizer.decode(got.ids), s);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * The examples of the tokens and word-embedding chapters (WordPiece, a vector's features, Word2Vec
 * in English and in Chinese), held to independent computations.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { main as vectorFeatures } from "../../examples/vector-features.ts";
import { main as word2vec } from "../../examples/word2vec.ts";
import { TOPICS_ZH, main as word2vecChinese } from "../../examples/word2vec-chinese.ts";
import { VOCAB, main as wordpiece } from "../../examples/wordpiece.ts";

const quiet = () => {};

/** WordPiece's greedy longest match, written again for the test. */
function longestMatch(word: string, vocab: Set<string>): string[] {
  const out: string[] = [];
  const chars = [...word];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let piece: string | undefined;
    for (; end > start; end--) {
      const sub = (start > 0 ? "##" : "") + chars.slice(start, end).join("");
      if (vocab.has(sub)) {
        piece = sub;
        break;
      }
    }
    if (piece === undefined) return ["[UNK]"];
    out.push(piece);
    start = end;
  }
  return out;
}

test("wordpiece: lowercase, 汉字 split, greedy longest match, [UNK] for a word with no match", () => {
  const text = "Unaffable tokenizers, playing! 我爱北京 xyz";
  const { encoding, trace, tokenizer } = wordpiece(quiet, text);
  const vocab = new Set(VOCAB);
  // BERT's pre-tokenization, by hand: lowercase, spaces around CJK characters and punctuation.
  const words = text
    .toLowerCase()
    .replace(/([\p{Script=Han}\p{P}])/gu, " $1 ")
    .trim()
    .split(/\s+/);
  assert.deepEqual(
    trace.words.map((w) => w.word),
    words,
  );
  const expected = ["[CLS]", ...words.flatMap((w) => longestMatch(w, vocab)), "[SEP]"];
  assert.deepEqual(encoding.tokens, expected);
  assert.deepEqual(
    encoding.ids,
    expected.map((t) => VOCAB.indexOf(t)),
  );
  assert.ok(expected.includes("##aff") && expected.includes("[UNK]"));
  assert.equal(tokenizer.decode(encoding.ids, { skipSpecialTokens: true }).includes("unaffable"), true);
});

test("vector-features: every held-out pair falls in order on the gender axis, far more apart than neutral pairs", () => {
  const { pairs, neutral, gendered, unrelated } = vectorFeatures(quiet);
  for (const p of pairs) assert.ok(p.femaleFeature > p.maleFeature, `${p.female} vs ${p.male}`);
  assert.equal(neutral.length, 4);
  assert.ok(gendered > 3 * unrelated, `mean gap ${gendered} vs ${unrelated}`);
});

test("word2vec: trained neighbours come from the word's own topic far above chance", async () => {
  const { sameTopic, shown, segmented } = await word2vec(quiet);
  assert.equal(segmented, false);
  assert.equal(shown, 15 * 3);
  // Chance: 4 of a word's 14 fellow topic words share its topic (29%).
  assert.ok(sameTopic / shown > 0.8, `${sameTopic}/${shown}`);
});

test("word2vec-chinese: the text is segmented into the topic words, then trained as well as English", async () => {
  const { sameTopic, shown, segmented, kv } = await word2vecChinese(quiet);
  assert.equal(segmented, true);
  for (const t of TOPICS_ZH)
    for (const w of t.words) assert.ok(kv.has(w), `${w} is a word of the vocabulary`);
  assert.ok(sameTopic / shown > 0.8, `${sameTopic}/${shown}`);
});

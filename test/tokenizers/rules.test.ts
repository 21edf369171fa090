// Each rule of the tokenizer pipeline, shown on a hand-made tiny vocabulary.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { ScoredMerger } from "../../src/tokenizers/models/scored-bpe.ts";
import { UnigramModel } from "../../src/tokenizers/models/unigram.ts";
import { pieceOf } from "../../src/tokenizers/piece.ts";
import { Digits, Metaspace, Split } from "../../src/tokenizers/pre-tokenizers.ts";
import { onigToJs } from "../../src/tokenizers/regex.ts";
import { byteLevelJson, fromJson, sentencePieceModel, tempDir, tinyJson, writeFile } from "./tiny-helpers.ts";

const texts = (pieces: { text: string }[]) => pieces.map((p) => p.text);

describe("BPE", () => {
  const vocab = { l: 0, o: 1, w: 2, e: 3, r: 4, lo: 5, low: 6, er: 7, ow: 8 };
  test("applies merges in rank order: l o → lo, lo w → low, e r → er", () => {
    const tok = fromJson(tinyJson({ type: "BPE", vocab, merges: ["l o", "lo w", "e r"] }));
    assert.deepEqual(tok.encode("lower").tokens, ["low", "er"]);
  });
  test("a different merge order gives different tokens: o w first blocks l o", () => {
    const tok = fromJson(tinyJson({ type: "BPE", vocab, merges: ["o w", "l o", "lo w"] }));
    assert.deepEqual(tok.encode("low").tokens, ["l", "ow"]);
  });
  test("merges as [a, b] pairs (newer files) work like 'a b' strings", () => {
    const tok = fromJson(
      tinyJson({
        type: "BPE",
        vocab,
        merges: [
          ["l", "o"],
          ["lo", "w"],
        ],
      }),
    );
    assert.deepEqual(tok.encode("low").ids, [6]);
  });
  test("ignore_merges emits a word that is in the vocabulary whole", () => {
    // "low" needs merges to be built, but with ignore_merges it is looked up directly.
    const model = { type: "BPE", vocab, merges: [], ignore_merges: true };
    assert.deepEqual(fromJson(tinyJson(model)).encode("low").tokens, ["low"]);
    assert.deepEqual(fromJson(tinyJson({ ...model, ignore_merges: false })).encode("low").tokens, [
      "l",
      "o",
      "w",
    ]);
  });
  test("byte fallback spells an unknown character as <0xNN> pieces, and the decoder puts it back", () => {
    const json = tinyJson(
      {
        type: "BPE",
        vocab: { "<unk>": 0, a: 1, "<0xE4>": 2, "<0xBD>": 3, "<0xA0>": 4 },
        merges: [],
        unk_token: "<unk>",
        byte_fallback: true,
      },
      { decoder: { type: "Sequence", decoders: [{ type: "ByteFallback" }, { type: "Fuse" }] } },
    );
    const tok = fromJson(json);
    const e = tok.encode("a你");
    assert.deepEqual(e.tokens, ["a", "<0xE4>", "<0xBD>", "<0xA0>"]);
    assert.equal(tok.decode(e.ids), "a你");
    // Bytes that are not valid UTF-8 on their own become one U+FFFD each.
    assert.equal(tok.decode([2, 3]), "\ufffd\ufffd");
  });
  test("without byte pieces an unknown character is <unk>; fuse_unk joins a run of them", () => {
    const model = {
      type: "BPE",
      vocab: { "<unk>": 0, a: 1 },
      merges: [],
      unk_token: "<unk>",
      fuse_unk: true,
    };
    assert.deepEqual(fromJson(tinyJson(model)).encode("xya").ids, [0, 1]);
    assert.deepEqual(fromJson(tinyJson({ ...model, fuse_unk: false })).encode("xya").ids, [0, 0, 1]);
  });
  test("byte-level: GPT-2's regex splits ' world' into its own word and spaces become Ġ", () => {
    const tok = fromJson(
      byteLevelJson([
        ["Ġ", "w"],
        ["Ġw", "o"],
      ]),
    );
    const e = tok.encode("hi wo");
    assert.deepEqual(e.tokens, ["h", "i", "Ġwo"]);
    assert.equal(tok.decode(e.ids), "hi wo");
    assert.deepEqual(e.offsets, [
      [0, 1],
      [1, 2],
      [2, 5],
    ]);
  });
});

describe("WordPiece", () => {
  const vocab = { "[UNK]": 0, un: 1, "##aff": 2, "##able": 3, "##a": 4, hello: 5, "[CLS]": 6, "[SEP]": 7 };
  const json = tinyJson(
    {
      type: "WordPiece",
      vocab,
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 12,
    },
    {
      normalizer: { type: "BertNormalizer", lowercase: true },
      pre_tokenizer: { type: "BertPreTokenizer" },
      decoder: { type: "WordPiece", prefix: "##", cleanup: true },
      post_processor: { type: "BertProcessing", cls: ["[CLS]", 6], sep: ["[SEP]", 7] },
    },
  );
  test("greedy longest match with ## continuations: unaffable → un ##aff ##able", () => {
    assert.deepEqual(fromJson(json).encode("unaffable").tokens, ["un", "##aff", "##able"]);
  });
  test("a word with an unmatched rest is one [UNK]; so is a word longer than max_input_chars_per_word", () => {
    const tok = fromJson(json);
    assert.deepEqual(tok.encode("unx hello").tokens, ["[UNK]", "hello"]);
    assert.deepEqual(tok.encode("unaffableaaaa").tokens, ["[UNK]"]); // 13 characters > 12
  });
  test("BERT normalizer lowercases and strips accents; offsets point into the original text", () => {
    const e = fromJson(json).encode("  HÉLLO");
    assert.deepEqual(e.tokens, ["hello"]);
    assert.deepEqual(e.offsets, [[2, 7]]);
  });
  test("post-processor adds [CLS] … [SEP]; the decoder glues ## pieces and can skip specials", () => {
    const specials = [6, 7].map((id) => ({
      id,
      content: id === 6 ? "[CLS]" : "[SEP]",
      special: true,
      normalized: false,
    }));
    const tok = fromJson({ ...json, added_tokens: specials });
    const e = tok.encode("unaffable hello", { addSpecialTokens: true });
    assert.deepEqual(e.ids, [6, 1, 2, 3, 5, 7]);
    assert.equal(tok.decode(e.ids), "[CLS] unaffable hello [SEP]");
    assert.equal(tok.decode(e.ids, { skipSpecialTokens: true }), "unaffable hello");
    // Ids outside the vocabulary are skipped, as Hugging Face's decode does.
    assert.equal(tok.decode([5, 999, 1]), "hello un");
  });
});

describe("added and special tokens", () => {
  const base = { type: "WordLevel", vocab: { a: 0, b: 1, "[UNK]": 2 }, unk_token: "[UNK]" };
  const added = (flags: Record<string, boolean>) => [
    {
      id: 3,
      content: "<sep>",
      special: true,
      lstrip: false,
      rstrip: false,
      normalized: false,
      single_word: false,
      ...flags,
    },
  ];
  const ws = { pre_tokenizer: { type: "WhitespaceSplit" } };
  test("a special token written inside the text is matched before the model runs", () => {
    const tok = fromJson(tinyJson(base, { ...ws, added_tokens: added({}) }));
    assert.deepEqual(tok.encode("a<sep>b").ids, [0, 3, 1]);
    assert.equal(tok.decode([0, 3, 1], { skipSpecialTokens: true }), "a b");
    assert.equal(tok.decode([0, 3, 1]), "a <sep> b");
  });
  test("lstrip / rstrip make the token swallow the spaces beside it", () => {
    const plain = fromJson(tinyJson(base, { ...ws, added_tokens: added({}) })).encode("a  <sep>  b");
    const both = fromJson(
      tinyJson(base, { ...ws, added_tokens: added({ lstrip: true, rstrip: true }) }),
    ).encode("a  <sep>  b");
    assert.deepEqual(plain.ids, both.ids);
    assert.deepEqual(plain.offsets[1], [3, 8]);
    assert.deepEqual(both.offsets[1], [1, 10]);
  });
  test("single_word only matches the token as a whole word", () => {
    const tok = fromJson(tinyJson(base, { ...ws, added_tokens: added({ single_word: true }) }));
    assert.deepEqual(tok.encode("a <sep> b").ids, [0, 3, 1]);
    assert.deepEqual(tok.encode("a<sep>b").ids, [2]); // not matched: the whole word is unknown
  });
  test("the longest added token wins at a position", () => {
    const tokens = [
      { id: 3, content: "<s>", special: true },
      { id: 4, content: "<s><s>", special: true },
    ];
    assert.deepEqual(
      fromJson(tinyJson(base, { ...ws, added_tokens: tokens })).encode("<s><s><s>").ids,
      [4, 3],
    );
  });
  test("parseSpecial: false leaves special strings to the model", () => {
    const tok = fromJson(tinyJson(base, { ...ws, added_tokens: added({}) }));
    assert.deepEqual(tok.encode("a<sep>", { parseSpecial: false }).ids, [2]);
  });
});

describe("pre-tokenizers and normalizers", () => {
  test("Split behaviors on 'a,b' with the match ','", () => {
    const cut = (behavior: "Removed" | "Isolated" | "MergedWithPrevious" | "MergedWithNext") =>
      texts(new Split({ String: "," }, behavior).preTokenize(pieceOf("a,b")));
    assert.deepEqual(cut("Removed"), ["a", "b"]);
    assert.deepEqual(cut("Isolated"), ["a", ",", "b"]);
    assert.deepEqual(cut("MergedWithPrevious"), ["a,", "b"]);
    assert.deepEqual(cut("MergedWithNext"), ["a", ",b"]);
    assert.deepEqual(texts(new Split({ String: "," }, "Removed", true).preTokenize(pieceOf("a,b"))), [","]);
  });
  test("Digits: one by one, or as runs", () => {
    assert.deepEqual(texts(new Digits(true).preTokenize(pieceOf("ab123"))), ["ab", "1", "2", "3"]);
    assert.deepEqual(texts(new Digits(false).preTokenize(pieceOf("ab123c"))), ["ab", "123", "c"]);
  });
  test("Metaspace: spaces become ▁, a ▁ in front, words start at each ▁", () => {
    assert.deepEqual(texts(new Metaspace("▁", "always", true).preTokenize(pieceOf("Hey you"))), [
      "▁Hey",
      "▁you",
    ]);
  });
  test("Oniguruma (?i:…) and \\s are translated for JavaScript", () => {
    const re = new RegExp(onigToJs("(?i:'s|'ll)|\\s+"), "gu");
    assert.deepEqual("it'S we'LL\u0085".match(re), ["'S", " ", "'LL", "\u0085"]);
  });
  test("NFKC folds compatibility characters; Sequence runs normalizers in order", () => {
    const tok = fromJson(
      tinyJson(
        { type: "WordLevel", vocab: { fi: 0, "[UNK]": 1 }, unk_token: "[UNK]" },
        { normalizer: { type: "Sequence", normalizers: [{ type: "NFKC" }, { type: "Lowercase" }] } },
      ),
    );
    assert.deepEqual(tok.encode("\ufb01").ids, [0]); // the ligature ﬁ
    assert.deepEqual(tok.encode("FI").ids, [0]);
  });
  test("NFC normalizer composes e + combining acute before the model (Qwen-style)", () => {
    const tok = fromJson(
      tinyJson(
        { type: "WordLevel", vocab: { é: 0, "[UNK]": 1 }, unk_token: "[UNK]" },
        { normalizer: { type: "NFC" } },
      ),
    );
    assert.deepEqual(tok.encode("e\u0301").ids, [0]);
    // As tokenizers aligns it: the composed é spans the "e" it replaced, the accent vanished.
    assert.deepEqual(tok.encode("e\u0301").offsets, [[0, 1]]);
  });
});

describe("score-based models", () => {
  test("SentencePiece BPE merges the highest-scoring piece first, the leftmost on a tie", () => {
    const merge = (pieces: string[], scores: number[]) =>
      new ScoredMerger(pieces, scores, new Map(pieces.map((p, i) => [p, i])))
        .merge([0, 1, 0].map((id, i) => ({ id, start: i, end: i + 1 })))
        .map((s) => pieces[s.id]);
    const two = ["a", "b", "ab", "ba"];
    assert.deepEqual(merge(two, [0, 0, -1, -2]), ["ab", "a"]); // ab beats ba
    assert.deepEqual(merge(two, [0, 0, -2, -1]), ["a", "ba"]); // ba beats ab
    assert.deepEqual(merge(two, [0, 0, -1, -1]), ["ab", "a"]); // tie: leftmost
    // Merging goes on while any neighbours spell a piece, whatever its score: ab + a → aba.
    assert.deepEqual(merge([...two, "aba"], [0, 0, -1, -2, -100]), ["aba"]);
  });
  test("Unigram (Viterbi) picks the split with the best total score", () => {
    const m = new UnigramModel(
      [
        ["<unk>", 0],
        ["▁he", -2],
        ["llo", -3],
        ["▁hel", -4],
        ["lo", -2],
        ["▁hello", -9],
      ],
      0,
    );
    assert.deepEqual(
      m.tokenize("▁hello").map((t) => t.id),
      [1, 2],
    );
    assert.deepEqual(
      m.tokenize("▁hez").map((t) => t.id),
      [1, 0],
    ); // z is unknown
  });
  test("Unigram from tokenizer.json with Metaspace: ▁ for spaces, Viterbi split, decode back", () => {
    const tok = fromJson(
      tinyJson(
        {
          type: "Unigram",
          unk_id: 0,
          vocab: [
            ["<unk>", 0],
            ["▁he", -2],
            ["llo", -3],
            ["▁hel", -4],
            ["lo", -2],
            ["▁", -1],
            ["x", -1],
          ],
        },
        {
          pre_tokenizer: { type: "Metaspace", replacement: "▁", prepend_scheme: "always", split: true },
          decoder: { type: "Metaspace", replacement: "▁", prepend_scheme: "always" },
        },
      ),
    );
    const e = tok.encode("hello x");
    assert.deepEqual(e.tokens, ["▁he", "llo", "▁", "x"]);
    assert.equal(tok.decode(e.ids), "hello x");
  });
  test("a hand-written SentencePiece tokenizer.model: dummy prefix, merges by score, byte fallback", async () => {
    const bytes = Array.from({ length: 256 }, (_, b): [string, number, number] => [
      `<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`,
      0,
      6,
    ]);
    const model = sentencePieceModel(
      [
        ["<unk>", 0, 2],
        ["<s>", 0, 3],
        ["</s>", 0, 3],
        ...bytes,
        ["▁", -1, 1],
        ["a", -2, 1],
        ["b", -3, 1],
        ["▁a", -4, 1],
        ["▁ab", -5, 1],
      ],
      { 3: 2, 35: 1 }, // model_type BPE, byte_fallback
      { name: "identity", addDummyPrefix: true, removeExtraWhitespaces: false },
    );
    const dir = tempDir();
    const tok = await loadTokenizer(writeFile(dir, "tokenizer.model", model));
    const e = tok.encode("ab b\n", { addSpecialTokens: true });
    assert.deepEqual(e.tokens, ["<s>", "▁ab", "▁", "b", "<0x0A>"]);
    assert.equal(tok.decode(e.ids, { skipSpecialTokens: true }), "ab b\n");
    assert.deepEqual(tok.specialTokens, { unk: 0, bos: 1, eos: 2, eosIds: [2] });
  });
});

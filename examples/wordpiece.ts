/**
 * Tokenizing with BERT: WordPiece, greedy longest match.
 *
 * BERT lowercases, puts spaces around every Chinese character and punctuation mark, splits on
 * whitespace, then cuts each word into the longest vocabulary entries it starts with; a piece inside
 * a word carries `##`. A word with a rest that matches nothing becomes [UNK] as a whole.
 *
 *   vocab: un, ##aff, ##able        "unaffable" → un ##aff ##able
 *
 * The vocabulary is built here (23 entries) in the shape of bert-base's tokenizer.json; the real
 * one has 30,522 (bert-base-uncased) or 21,128 (bert-base-chinese, one token per 汉字).
 * Run: npm run example -- wordpiece
 */
import { tokenizerFromJson, traceTokenizer } from "tongguan";
import { isMain } from "./lib/common.ts";

export const SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
export const VOCAB = [
  ...SPECIALS,
  ...["un", "##aff", "##able", "##a", "token", "##ize", "##r", "##s", "play", "##ing", "the"],
  ...["我", "爱", "北", "京", "!", ","],
];

/** A BERT tokenizer.json (what `tokenizer.json` of bert-base-uncased holds, with a tiny vocabulary). */
export function bertTokenizerJson() {
  return {
    version: "1.0",
    added_tokens: SPECIALS.map((content, id) => ({
      id,
      content,
      special: true,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
    })),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: { type: "BertProcessing", cls: ["[CLS]", 2], sep: ["[SEP]", 3] },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(VOCAB.map((t, i) => [t, i])),
    },
  };
}

export function main(
  print: (line: string) => void = console.log,
  text = "Unaffable tokenizers, playing! 我爱北京 xyz",
) {
  const tokenizer = tokenizerFromJson(bertTokenizerJson(), "tiny-bert/tokenizer.json");
  const trace = traceTokenizer(tokenizer, text);
  print(`text: ${JSON.stringify(text)}`);
  print(
    `normalized and pre-tokenized (lowercase; 汉字 and punctuation stand alone): ${trace.words.map((w) => w.word).join(" | ")}`,
  );
  for (const w of trace.words) {
    const steps = (w.wordpiece ?? []).map(
      (s) => `${s.piece}${s.triedCount ? ` (after ${s.triedCount} longer misses)` : ""}`,
    );
    const wide = [...w.word].filter((c) => /\p{Script=Han}/u.test(c)).length; // a 汉字 takes two columns
    print(`  ${w.word.padEnd(10 - wide)} → ${steps.join(", ")}`);
  }
  const encoding = tokenizer.encode(text, { addSpecialTokens: true });
  print(`tokens: ${encoding.tokens.join(" ")}`);
  print(`ids:    ${encoding.ids.join(" ")}`);
  print(`decode: ${JSON.stringify(tokenizer.decode(encoding.ids, { skipSpecialTokens: true }))}`);
  return { trace, encoding, tokenizer };
}

if (isMain(import.meta.url)) main();

/**
 * Word segmentation for Word2Vec on Chinese text. Word2Vec learns one vector per *word*, and reads a
 * sentence as words separated by spaces; Chinese (and Japanese) is written without spaces, so a line
 * of it would be one "word". ICU's dictionary-based segmenter, built into Node as
 * `Intl.Segmenter("zh", { granularity: "word" })`, splits it first:
 *
 *   我爱北京天安门。 → 我 / 爱 / 北京 / 天安门        (punctuation dropped: it is not word-like)
 *
 * "auto" segments when the text is mostly CJK (more than half of its non-space characters are Han or
 * kana); English text keeps the whitespace split word2vec.c and gensim use.
 */

export type SegmentMode = "auto" | "always" | "never";

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const SPACE = /\s/u;

/** The share of non-space characters that are Han or kana: "我爱 NLP" → 2 / 5 = 0.4. */
export function cjkShare(text: string): number {
  let cjk = 0;
  let all = 0;
  for (const ch of text) {
    if (SPACE.test(ch)) continue;
    all++;
    if (CJK.test(ch)) cjk++;
  }
  return all === 0 ? 0 : cjk / all;
}

/** True when more than half of the text's non-space characters are CJK. */
export function isMostlyCjk(text: string): boolean {
  return cjkShare(text) > 0.5;
}

let segmenter: Intl.Segmenter | undefined;

/** The words of one line by Intl.Segmenter: "我爱北京" → ["我", "爱", "北京"]; punctuation and spaces dropped. */
export function segmentWords(line: string): string[] {
  segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
  const words: string[] = [];
  for (const s of segmenter.segment(line)) if (s.isWordLike) words.push(s.segment);
  return words;
}

/** The words of one line split on whitespace (word2vec.c's reading). */
export function whitespaceWords(line: string): string[] {
  const t = line.trim();
  return t.length === 0 ? [] : t.split(/\s+/);
}

/** Whether to segment, given the mode and a sample of the text (its first lines). */
export function shouldSegment(mode: SegmentMode, sample: string): boolean {
  return mode === "always" || (mode === "auto" && isMostlyCjk(sample));
}

/** Lines → sentences of words, segmented or not as `mode` and the text decide. */
export function sentencesFromLines(
  lines: readonly string[],
  mode: SegmentMode = "auto",
): { sentences: string[][]; segmented: boolean } {
  const segmented = shouldSegment(mode, lines.slice(0, 1000).join("\n"));
  const split = segmented ? segmentWords : whitespaceWords;
  return { sentences: lines.map(split), segmented };
}

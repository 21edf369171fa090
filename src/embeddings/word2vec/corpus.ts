/**
 * The training corpus for Word2Vec: a vocabulary (words sorted by count, rare ones dropped) and the
 * text as one Int32Array of word ids, sentences separated by -1.
 *
 * One line of the corpus file is one sentence (gensim's `LineSentence`); words are separated by
 * whitespace, or, in Chinese text, found by Intl.Segmenter (segment.ts). Words below `minCount`
 * are removed before windows are formed, as word2vec.c and gensim do, so they neither train nor
 * take up window positions.
 */
import { fileError } from "../../errors.ts";
import { ChunkedFile } from "../../formats/chunked-file.ts";
import { t as tr } from "../../messages/index.ts";
import { type SegmentMode, segmentWords, shouldSegment, whitespaceWords } from "./segment.ts";

/** Sentences longer than this are cut, as gensim's MAX_WORDS_IN_BATCH does. */
export const MAX_SENTENCE_WORDS = 10000;
export const SENTENCE_END = -1;

export interface Vocabulary {
  /** Words by descending count. */
  words: string[];
  /** counts[i] = occurrences of words[i]. */
  counts: Float64Array;
  index: Map<string, number>;
}

export interface Corpus {
  vocab: Vocabulary;
  /** Word ids; SENTENCE_END (-1) after each sentence. */
  tokens: Int32Array;
  /** Number of in-vocabulary words in `tokens` (the -1 markers not counted). */
  wordCount: number;
  /** True when the lines were split into words by Intl.Segmenter (Chinese text), not on whitespace. */
  segmented?: boolean;
}

/** Lines of the file read to decide whether "auto" segments it. */
const SAMPLE_LINES = 1000;

/** Counts words and keeps those seen at least `minCount` times, most frequent first. */
export function buildVocabulary(counts: Map<string, number>, minCount: number): Vocabulary {
  const kept = [...counts].filter(([, c]) => c >= minCount);
  kept.sort((a, b) => b[1] - a[1]); // stable: equal counts keep first-seen order, as in gensim
  const words = kept.map(([w]) => w);
  return {
    words,
    counts: Float64Array.from(kept, ([, c]) => c),
    index: new Map(words.map((w, i) => [w, i])),
  };
}

/** Encodes sentences into ids with the vocabulary, dropping out-of-vocabulary words. */
function encode(sentences: Iterable<string[]>, vocab: Vocabulary): { tokens: Int32Array; wordCount: number } {
  let tokens = new Int32Array(1 << 16);
  let n = 0;
  let wordCount = 0;
  const push = (id: number) => {
    if (n === tokens.length) {
      const grown = new Int32Array(tokens.length * 2);
      grown.set(tokens);
      tokens = grown;
    }
    tokens[n++] = id;
  };
  for (const sentence of sentences) {
    let inSentence = 0;
    for (const w of sentence) {
      const id = vocab.index.get(w);
      if (id === undefined) continue;
      push(id);
      wordCount++;
      if (++inSentence === MAX_SENTENCE_WORDS) {
        push(SENTENCE_END);
        inSentence = 0;
      }
    }
    if (inSentence > 0) push(SENTENCE_END);
  }
  return { tokens: tokens.slice(0, n), wordCount };
}

/** A corpus from sentences already split into words (tests, small experiments). */
export function corpusFromSentences(sentences: string[][], minCount = 5): Corpus {
  const counts = new Map<string, number>();
  for (const s of sentences) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
  const vocab = buildVocabulary(counts, minCount);
  return { vocab, ...encode(sentences, vocab) };
}

function* fileLines(path: string): Generator<string> {
  const file = new ChunkedFile(path);
  try {
    for (let line = file.readLine(); line !== null; line = file.readLine()) yield line;
  } finally {
    file.close();
  }
}

function* fileSentences(path: string, split: (line: string) => string[]): Generator<string[]> {
  for (const line of fileLines(path)) yield split(line);
}

/** Whether the file's first lines ask for segmentation under `mode`. */
function segmentFile(path: string, mode: SegmentMode): boolean {
  if (mode !== "auto") return mode === "always";
  const sample: string[] = [];
  for (const line of fileLines(path)) if (sample.push(line) === SAMPLE_LINES) break;
  return shouldSegment(mode, sample.join("\n"));
}

/**
 * A corpus from a text file, one sentence per line, read twice in chunks (count, then encode).
 * `segment`: "auto" (default) splits mostly-Chinese text into words with Intl.Segmenter.
 */
export function corpusFromFile(path: string, minCount = 5, segment: SegmentMode = "auto"): Corpus {
  const segmented = segmentFile(path, segment);
  const split = segmented ? segmentWords : whitespaceWords;
  const counts = new Map<string, number>();
  for (const s of fileSentences(path, split)) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
  const vocab = buildVocabulary(counts, minCount);
  if (vocab.words.length === 0) {
    throw fileError(path, tr("embeddings.word2vec.corpus.noWordOccursAt", { minCount }));
  }
  return { vocab, ...encode(fileSentences(path, split), vocab), segmented };
}

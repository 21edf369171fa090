/**
 * A made-up language whose word meanings are known in advance, to check that Word2Vec learns them.
 *
 * The vocabulary is `groups` topics of `wordsPerGroup` words ("t3w7" = word 7 of topic 3) plus a
 * few filler words shared by all topics. Each sentence is about one topic: its words are drawn from
 * that topic, with filler words mixed in. Words of a topic therefore share contexts, so a trained
 * model should put each word's nearest neighbours in its own topic; random vectors would do so
 * only (wordsPerGroup − 1) / (vocabulary − 1) of the time.
 */
export interface SyntheticCorpusOptions {
  groups?: number;
  wordsPerGroup?: number;
  fillers?: number;
  sentences?: number;
  /** Probability that a position holds a filler word instead of a topic word. */
  fillerRate?: number;
  seed?: number;
}

export interface SyntheticCorpus {
  sentences: string[][];
  /** topic of each topic word (filler words are absent). */
  topicOf: Map<string, number>;
}

export function syntheticCorpus(options: SyntheticCorpusOptions = {}): SyntheticCorpus {
  const { groups = 10, wordsPerGroup = 10, fillers = 5, sentences = 5000, fillerRate = 0.3 } = options;
  let r = (options.seed ?? 7) >>> 0 || 1;
  const rand = () => {
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    r >>>= 0;
    return r / 4294967296;
  };
  const topicOf = new Map<string, number>();
  const topicWords: string[][] = [];
  for (let g = 0; g < groups; g++) {
    topicWords.push(Array.from({ length: wordsPerGroup }, (_, i) => `t${g}w${i}`));
    for (const w of topicWords[g]) topicOf.set(w, g);
  }
  const fillerWords = Array.from({ length: fillers }, (_, i) => `f${i}`);
  const out: string[][] = [];
  for (let s = 0; s < sentences; s++) {
    const g = Math.floor(rand() * groups);
    const length = 8 + Math.floor(rand() * 8);
    const sentence: string[] = [];
    for (let i = 0; i < length; i++) {
      const pool = rand() < fillerRate ? fillerWords : topicWords[g];
      sentence.push(pool[Math.floor(rand() * pool.length)]);
    }
    out.push(sentence);
  }
  return { sentences: out, topicOf };
}

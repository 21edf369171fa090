/**
 * Word2Vec: learning word vectors from which words appear near which (Mikolov et al. 2013).
 *
 * Skip-gram with negative sampling: for each word w and each context word c within the window,
 * push σ(v_w · u_c) towards 1, and for a few random "negative" words n towards 0:
 *
 *   loss = −log σ(v_w·u_c) − Σ_n log σ(−v_w·u_n)
 *
 * Words used in the same contexts end up with similar vectors. The corpus here is made up (three
 * topics, a few templates each, see lib/topic-corpus.ts), so we know which words should end up
 * close: after training, a word's nearest neighbours should come from its own topic.
 * Run: npm run example -- word2vec
 */
import { corpusFromSentences, KeyedVectors, sentencesFromLines, trainWord2Vec } from "tongguan";
import { isMain } from "./lib/common.ts";
import { type Topic, topicOf, topicSentences } from "./lib/topic-corpus.ts";

export const TOPICS: Topic[] = [
  {
    name: "royalty",
    words: ["king", "queen", "prince", "princess", "emperor"],
    templates: [
      "the {w} wore a golden crown",
      "the {w} ruled the kingdom",
      "the {w} sat on the throne",
      "the people bowed to the {w}",
    ],
  },
  {
    name: "animals",
    words: ["cat", "dog", "horse", "cow", "sheep"],
    templates: [
      "the {w} ran across the farm",
      "the {w} slept in the barn",
      "the farmer fed the {w}",
      "a {w} was born in spring",
    ],
  },
  {
    name: "food",
    words: ["bread", "rice", "apple", "cheese", "soup"],
    templates: [
      "she ate {w} for dinner",
      "the {w} tasted good",
      "we bought {w} at the market",
      "he cooked {w} for lunch",
    ],
  },
];

export async function main(
  print: (line: string) => void = console.log,
  lines = topicSentences(TOPICS, 1500, 1),
  topics = TOPICS,
) {
  const { sentences, segmented } = sentencesFromLines(lines); // English: split on spaces
  print(`${lines.length} sentences, e.g. ${JSON.stringify(lines[0])} → ${JSON.stringify(sentences[0])}`);
  const corpus = corpusFromSentences(sentences, 1);
  print(`vocabulary: ${corpus.vocab.words.length} words, ${corpus.wordCount} words of text`);
  // One thread and a seed: the same vectors every run. sample 0: no subsampling on a tiny corpus.
  const result = await trainWord2Vec(corpus, {
    dim: 16,
    window: 3,
    epochs: 15,
    negative: 5,
    sample: 0,
    threads: 1,
    seed: 1,
  });
  print(
    `trained skip-gram: ${result.table.words.length} vectors × ${result.table.dim}, final loss ${result.loss.toFixed(3)}`,
  );
  const kv = new KeyedVectors(result.table, "word2vec");
  const topicByWord = topicOf(topics);
  const topicWords = [...topicByWord.keys()];
  // For each topic word, the 3 most similar of the other topic words: how many share its topic?
  // (Chance: 4 of the other 14 share it, so about 29%.)
  let sameTopic = 0;
  let shown = 0;
  for (const topic of topics) {
    for (const w of topic.words) {
      const closest = topicWords
        .filter((o) => o !== w)
        .map((o) => [o, kv.similarity(w, o)] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3);
      sameTopic += closest.filter(([o]) => topicByWord.get(o) === topic.name).length;
      shown += closest.length;
      if (w === topic.words[0]) {
        print(
          `  nearest to ${w}: ${kv
            .neighbors(w, 4)
            .map(([n, s]) => `${n} (${s.toFixed(2)})`)
            .join(", ")}`,
        );
        print(`    of the topic words: ${closest.map(([o, s]) => `${o} (${s.toFixed(2)})`).join(", ")}`);
      }
    }
  }
  print(
    `${sameTopic} of ${shown}: each topic word's 3 closest topic words are from its own topic (chance ≈ 29%)`,
  );
  return { kv, sameTopic, shown, segmented, corpus, loss: result.loss };
}

if (isMain(import.meta.url)) await main();

/**
 * A small corpus whose word meanings are known in advance: each sentence is a template of one topic
 * with one of that topic's words in its slot ("the {w} sat on the throne" → "the queen sat on the
 * throne"). Words of a topic share their contexts, which is all Word2Vec sees, so after training
 * a word's nearest neighbours should be its own topic's words.
 */
import { rng } from "./common.ts";

export interface Topic {
  name: string;
  words: string[];
  /** Sentences with `{w}` where the topic word goes. */
  templates: string[];
}

/** `count` sentences, topics, words and templates drawn uniformly (seeded). */
export function topicSentences(topics: Topic[], count: number, seed: number): string[] {
  const random = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  return Array.from({ length: count }, () => {
    const topic = pick(topics);
    return pick(topic.templates).replace("{w}", pick(topic.words));
  });
}

/** The topic of each topic word. */
export function topicOf(topics: Topic[]): Map<string, string> {
  return new Map(topics.flatMap((t) => t.words.map((w) => [w, t.name] as [string, string])));
}

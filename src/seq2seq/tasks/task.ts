/**
 * A toy seq2seq task: a generator of (source, target) string pairs that the code makes itself, so
 * nothing is downloaded and a model trains on a laptop in minutes. Every example belongs to the train
 * or the test split by a hash of its *meaning* (the number, the date, the letters), so a test example
 * is never seen in training, in any of its spellings.
 */
import type { Rng } from "../../generation/rng.ts";

export interface Example {
  source: string;
  target: string;
}

export type Split = "train" | "test";

export interface Task {
  name: string;
  /** One line for `--help` and the docs. */
  description: string;
  /** Every character a source or a target can hold (the vocabularies are built from these). */
  sourceChars: string;
  targetChars: string;
  /** Longest source and target the generator makes, in characters. */
  maxSourceLength: number;
  maxTargetLength: number;
  /** A random example and the key its split is decided by. */
  draw(rng: Rng): { example: Example; key: string };
  /** Inputs worth showing (the docs' and `translate`'s examples). */
  samples: string[];
}

/** FNV-1a over UTF-16 code units: a stable 32-bit hash, the same on every machine. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** One in ten keys is held out for testing. */
export function splitOf(key: string): Split {
  return fnv1a(key) % 10 === 0 ? "test" : "train";
}

/** A random example of the split (draws until the hash puts one there; ~10 draws for "test"). */
export function sample(task: Task, rng: Rng, split: Split): Example {
  for (;;) {
    const { example, key } = task.draw(rng);
    if (splitOf(key) === split) return example;
  }
}

/** An integer in [lo, hi]. */
export function randomInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng.nextFloat() * (hi - lo + 1));
}

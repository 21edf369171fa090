/**
 * Post-processing the logits: each processor reshapes the next-token distribution before a token is
 * drawn (Hugging Face's order: penalties first, then temperature, top-k, top-p, min-p).
 *
 *   temperature T   z / T: T < 1 sharpens, T > 1 flattens
 *   top-k k         keep the k most likely tokens
 *   top-p p         keep the smallest set whose probabilities reach p (nucleus sampling)
 *   min-p m         keep tokens at least m × the top probability
 *   repetition r    divide positive logits of tokens already seen by r (multiply negative ones)
 * Run: npm run example -- sampling
 */
import {
  type LogitsProcessor,
  MinPProcessor,
  probabilities,
  RepetitionPenaltyProcessor,
  TemperatureProcessor,
  TopKProcessor,
  TopPProcessor,
} from "tongguan";
import { fmt, isMain } from "./lib/common.ts";

export const WORDS = ["Paris", "Lyon", "the", "a", "France", "Nice", "and", "of"];
export const LOGITS = [4.0, 2.5, 2.2, 1.8, 1.5, 1.0, 0.5, 0.0];
/** Tokens already in the text (for the repetition penalty): "the" and "France". */
export const SEEN = [2, 4];

export function main(print: (line: string) => void = console.log) {
  const processors: [string, LogitsProcessor][] = [
    ["temperature 0.5", new TemperatureProcessor(0.5)],
    ["temperature 2.0", new TemperatureProcessor(2)],
    ["top-k 3", new TopKProcessor(3)],
    ["top-p 0.9", new TopPProcessor(0.9)],
    ["min-p 0.1", new MinPProcessor(0.1)],
    ["repetition 1.5", new RepetitionPenaltyProcessor(1.5)],
  ];
  const context = { tokens: SEEN, promptLength: SEEN.length };
  const results: Record<string, number[]> = {
    original: Array.from(probabilities(Float32Array.from(LOGITS))),
  };
  print(`${"".padEnd(16)} ${WORDS.map((w) => w.padStart(6)).join("  ")}`);
  print(`${"original".padEnd(16)}${fmt(results.original)}`);
  for (const [label, p] of processors) {
    const logits = Float32Array.from(LOGITS);
    p.process(logits, context);
    results[label] = Array.from(probabilities(logits));
    const kept = results[label].filter((x) => x > 0).length;
    print(`${label.padEnd(16)}${fmt(results[label])}  ${kept} kept`);
  }
  return results;
}

if (isMain(import.meta.url)) main();

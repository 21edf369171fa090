/**
 * A vector's values are features: directions in the space carry meaning.
 *
 * One number of a GloVe vector means nothing alone, but a direction does. The difference
 * woman − man points from "male" to "female"; averaged over a few such pairs it is a gender axis,
 * and projecting any word on it (a dot product with the unit axis) reads a "gender feature" the
 * training was never told about. In every pair of words never used to build the axis, the female
 * word scores higher; pairs of unrelated neutral words differ far less.
 *
 *   axis = (woman − man) + (she − he) + (girl − boy), scaled to length 1      feature(w) = (w / ‖w‖) · axis
 *
 * The vectors are tongguan's default: GloVe 6B 100d (30,000 words, offline).
 * Run: npm run example -- vector-features
 */
import { loadDefaultVectors } from "tongguan";
import { isMain } from "./lib/common.ts";

export const AXIS_PAIRS: [string, string][] = [
  ["man", "woman"],
  ["he", "she"],
  ["boy", "girl"],
];
export const TEST_PAIRS: [string, string][] = [
  ["king", "queen"],
  ["father", "mother"],
  ["actor", "actress"],
  ["brother", "sister"],
  ["husband", "wife"],
  ["uncle", "aunt"],
  ["son", "daughter"],
  ["prince", "princess"],
];
/** Pairs of words without gender, for comparison. */
export const NEUTRAL_PAIRS: [string, string][] = [
  ["table", "river"],
  ["computer", "music"],
  ["car", "idea"],
  ["tree", "water"],
];

export function main(print: (line: string) => void = console.log) {
  const kv = loadDefaultVectors();
  const dim = kv.vector("man").length;
  const axis = new Float32Array(dim);
  for (const [m, f] of AXIS_PAIRS) {
    const a = kv.unitVector(m);
    const b = kv.unitVector(f);
    for (let i = 0; i < dim; i++) axis[i] += (b[i] - a[i]) / AXIS_PAIRS.length;
  }
  const len = Math.sqrt(axis.reduce((s, x) => s + x * x, 0));
  for (let i = 0; i < dim; i++) axis[i] /= len;
  const feature = (w: string) => kv.unitVector(w).reduce((s, x, i) => s + x * axis[i], 0);
  print(
    `the gender axis from ${AXIS_PAIRS.map(([a, b]) => `${b} − ${a}`).join(", ")} (${dim} numbers, unit length)`,
  );
  print(
    "pairs never used to build it, projected on it (the gap: how much more 'female' the second word is):",
  );
  const pairs = TEST_PAIRS.map(([m, f]) => {
    const r = {
      male: m,
      female: f,
      maleFeature: feature(m),
      femaleFeature: feature(f),
      gap: feature(f) - feature(m),
    };
    print(
      `  ${m.padEnd(8)} ${r.maleFeature.toFixed(3).padStart(7)}    ${f.padEnd(9)} ${r.femaleFeature.toFixed(3).padStart(7)}` +
        `    gap ${r.gap.toFixed(3).padStart(6)}`,
    );
    return r;
  });
  const neutral = NEUTRAL_PAIRS.map(([a, b]) => ({ a, b, gap: feature(b) - feature(a) }));
  print(`pairs without gender: ${neutral.map((n) => `${n.a}/${n.b} gap ${n.gap.toFixed(3)}`).join(", ")}`);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const gendered = mean(pairs.map((p) => p.gap));
  const unrelated = mean(neutral.map((n) => Math.abs(n.gap)));
  print(
    `mean gap: ${gendered.toFixed(3)} for the gendered pairs, ${unrelated.toFixed(3)} (in size) for the others`,
  );
  // The single coordinate that differs most between man and woman: one raw value is a weak feature.
  const man = kv.unitVector("man");
  const woman = kv.unitVector("woman");
  let best = 0;
  for (let i = 1; i < dim; i++) if (Math.abs(woman[i] - man[i]) > Math.abs(woman[best] - man[best])) best = i;
  print(
    `the one coordinate that differs most between man and woman is #${best}: ${man[best].toFixed(3)} vs ${woman[best].toFixed(3)}`,
  );
  return { pairs, neutral, gendered, unrelated, axis, best };
}

if (isMain(import.meta.url)) main();

/**
 * Softmax: numbers → probabilities (the output head's last step).
 *
 *   p_i = exp(z_i − max z) / Σ_j exp(z_j − max z)
 *
 * Subtracting the max changes nothing mathematically (it cancels) but keeps exp() from overflowing.
 * Run: npm run example -- softmax
 */
import { softmax } from "tongguan";
import { fmt, isMain } from "./lib/common.ts";

export function main(print: (line: string) => void = console.log) {
  const words = ["cat", "dog", "car", "the"];
  const logits = [2.0, 1.0, 0.1, -1.0];
  // By hand, the formula above.
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const byHand = exps.map((e) => e / sum);
  // The engine's softmax (what sampling uses).
  const probs = Array.from(softmax(logits));
  print(`tokens        ${words.map((w) => w.padStart(6)).join(" ")}`);
  print(`logits z      ${fmt(logits)}`);
  print(`exp(z - max)  ${fmt(exps)}`);
  print(`softmax(z)    ${fmt(probs)}   sum = ${probs.reduce((a, b) => a + b, 0).toFixed(6)}`);
  // Adding a constant to every logit gives the same probabilities; scaling them does not.
  const shifted = Array.from(softmax(logits.map((z) => z + 100)));
  const doubled = Array.from(softmax(logits.map((z) => z * 2)));
  print(`softmax(z+100)${fmt(shifted)}   (shift-invariant)`);
  print(`softmax(2z)   ${fmt(doubled)}   (sharper: this is what temperature 0.5 does)`);
  return { logits, probs, byHand, shifted, doubled };
}

if (isMain(import.meta.url)) main();

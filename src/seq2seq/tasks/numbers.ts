/**
 * `numbers`: a number in words → its digits, in English or in Chinese —
 * "three hundred and four" → "304", "三百零四" → "304". The words come in an order the digits
 * follow only loosely ("and", "-teen", 零 for missing places): the attention of a trained model
 * shows which words each digit is read from.
 */
import type { Rng } from "../../generation/rng.ts";
import { chineseNumber, englishNumber } from "./number-words.ts";
import { randomInt, type Task } from "./task.ts";

const MAX = 9999;

function charsOf(texts: string[]): string {
  return [...new Set(texts.join(""))].sort().join("");
}

export function numbersTask(): Task {
  const all: string[] = [];
  let longest = 0;
  for (let n = 0; n <= MAX; n++) {
    const en = englishNumber(n);
    const zh = chineseNumber(n);
    all.push(en, zh);
    longest = Math.max(longest, en.length, zh.length);
  }
  return {
    name: "numbers",
    description: `number words → digits, 0–${MAX}: "three hundred and four" → "304", "三百零四" → "304"`,
    sourceChars: charsOf(all),
    targetChars: "0123456789",
    maxSourceLength: longest,
    maxTargetLength: String(MAX).length,
    draw(rng: Rng) {
      const n = randomInt(rng, 0, MAX);
      const source = rng.nextFloat() < 0.5 ? englishNumber(n) : chineseNumber(n);
      return { example: { source, target: String(n) }, key: String(n) };
    },
    samples: ["three hundred and four", "三百零四", "seven thousand and twelve", "九千零九十"],
  };
}

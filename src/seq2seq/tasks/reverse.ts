/**
 * `reverse`: a string of letters, backwards ("hello" → "olleh"). The answer's first letter is the
 * input's last, so a model must carry the whole input to the decoder: the RNN's fixed-size state is
 * the bottleneck, and attention removes it (docs/seq2seq.md).
 */
import type { Rng } from "../../generation/rng.ts";
import { randomInt, type Task } from "./task.ts";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Strings of `minLength`–`maxLength` letters of `letters` (a smaller alphabet makes a quicker test). */
export function reverseTask(minLength = 3, maxLength = 24, letters = LETTERS): Task {
  return {
    name: "reverse",
    description: `reverse ${minLength}–${maxLength} letters: "hello" → "olleh"`,
    sourceChars: letters,
    targetChars: letters,
    maxSourceLength: maxLength,
    maxTargetLength: maxLength,
    draw(rng: Rng) {
      const n = randomInt(rng, minLength, maxLength);
      let source = "";
      for (let i = 0; i < n; i++) source += letters[randomInt(rng, 0, letters.length - 1)];
      return { example: { source, target: [...source].reverse().join("") }, key: source };
    },
    samples: ["hello", "attention", "abcdefghijklmnopqrstuvwx"],
  };
}

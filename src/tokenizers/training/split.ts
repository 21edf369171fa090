/**
 * Before BPE sees the text, a regular expression cuts it into chunks, and merges never cross a chunk
 * boundary. That is why GPT tokenizers have tokens like `Ġworld` and `ing` but never `d.Ġ` joining
 * a word to the next one: " world" and "." are different chunks.
 */
import { WHITE_SPACE_CLASS } from "../unicode.ts";

/**
 * tongguan's split pattern, in the form written into tokenizer.json (Oniguruma syntax, which Hugging
 * Face's Rust tokenizers use). It is GPT-4's cl100k pattern as Llama 3 and Qwen2 ship it, with the
 * contractions spelled in both cases instead of `(?i:…)`, so every regex engine reads it the same way:
 *
 *   's 't 're 've 'm 'll 'd      English contractions:            "don't" -> "don", "'t"
 *   [^\r\n\p{L}\p{N}]?\p{L}+    a word with at most one leading non-letter: " world", "(hello"
 *   \p{N}{1,3}                  numbers in groups of three digits: "12345" -> "123", "45"
 *    ?[^\s\p{L}\p{N}]+[\r\n]*   punctuation runs, with one leading space: " +=", "};\n"
 *   \s*[\r\n]+                  newlines, with the spaces before them
 *   \s+(?!\S)                   spaces, except the last one before a word (it joins the word)
 *   \s+                         any other spaces
 */
export const GPT4_SPLIT_PATTERN =
  "'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/**
 * The pattern as a JavaScript RegExp. Oniguruma's `\s` is Unicode White_Space (it includes U+0085
 * and not U+FEFF, unlike JavaScript's `\s`), so `\s`/`\S` are spelled out as that set.
 */
export function compileSplitPattern(pattern: string): RegExp {
  const source = pattern
    .replace(/\[\^\\s/g, `[^${WHITE_SPACE_CLASS}`)
    .replace(/\\s/g, `[${WHITE_SPACE_CLASS}]`)
    .replace(/\\S/g, `[^${WHITE_SPACE_CLASS}]`);
  return new RegExp(source, "gu");
}

/**
 * Cuts text into regex chunks.
 *
 *   splitChunks("Hello world!!", re) -> ["Hello", " world", "!!"]
 */
export function splitChunks(text: string, re: RegExp): string[] {
  return text.match(re) ?? [];
}

/**
 * Cuts text at special-token strings, which are never merged with their neighbours.
 *
 *   splitOnSpecials("a<|endoftext|>b", ["<|endoftext|>"]) -> ["a", "<|endoftext|>", "b"]
 *
 * Longer special tokens are tried first, so `<|a|>` cannot steal the start of `<|a|><|b|>`-like names.
 */
export function splitOnSpecials(text: string, specials: readonly string[]): string[] {
  if (specials.length === 0) return [text];
  const alternatives = [...specials].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return text.split(new RegExp(`(${alternatives.join("|")})`, "u")).filter((s) => s.length > 0);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/**
 * Every distinct chunk of a training text with how often it occurs; special-token strings are cut
 * out first and not counted (they get their own ids, outside of BPE).
 *
 *   countChunks("the cat the", re, []) -> {"the": 1, " cat": 1, " the": 1}
 */
export function countChunks(text: string, re: RegExp, specials: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const specialSet = new Set(specials);
  for (const part of splitOnSpecials(text, specials)) {
    if (specialSet.has(part)) continue;
    for (const chunk of splitChunks(part, re)) counts.set(chunk, (counts.get(chunk) ?? 0) + 1);
  }
  return counts;
}

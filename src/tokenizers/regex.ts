/**
 * Hugging Face tokenizers run their split patterns with Oniguruma; llama.cpp with its own engine.
 * JavaScript's `u`-flag RegExp understands the same `\p{L}` / `\p{N}` classes, but differs in three
 * places this file fixes up:
 *   - `(?i: … )` (scoped case-insensitivity, used for `'s|'t|'re…`) is not in Node 20 → each letter
 *     becomes a class: `'re` → `'[rR][eE]`;
 *   - `\s` means Unicode White_Space in Oniguruma (includes U+0085, excludes U+FEFF) → explicit class;
 *   - `\d`, `\w` are Unicode-aware in Oniguruma, ASCII-only in JavaScript → `\p{Nd}`, `[\p{L}\p{M}\p{N}\p{Pc}]`.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { WHITE_SPACE_CLASS } from "./unicode.ts";

const WORD_CLASS = "\\p{L}\\p{M}\\p{N}\\p{Pc}";

/** Translate an Oniguruma/PCRE-style pattern into JavaScript RegExp source (for the `u` flag). */
export function onigToJs(src: string): string {
  let out = "";
  let inClass = false;
  // Depth of each open group, and the depth where a (?i: group started (-1: none).
  let depth = 0;
  const caseless: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") {
      const n = src[i + 1];
      if (n === "p" || n === "P") {
        const close = src.indexOf("}", i);
        out += src.slice(i, close + 1);
        i = close;
      } else if (n === "s") {
        out += inClass ? WHITE_SPACE_CLASS : `[${WHITE_SPACE_CLASS}]`;
        i++;
      } else if (n === "S" && !inClass) {
        out += `[^${WHITE_SPACE_CLASS}]`;
        i++;
      } else if (n === "d") {
        out += "\\p{Nd}";
        i++;
      } else if (n === "w") {
        out += inClass ? WORD_CLASS : `[${WORD_CLASS}]`;
        i++;
      } else if (n === "W" && !inClass) {
        out += `[^${WORD_CLASS}]`;
        i++;
      } else {
        out += c + n;
        i++;
      }
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      if (src[i + 1] === "^") out += src[++i];
      if (src[i + 1] === "]") out += `\\${src[++i]}`; // a literal ] first in a class
      continue;
    }
    if (c === "(") {
      depth++;
      if (src.startsWith("(?i:", i)) {
        caseless.push(depth);
        out += "(?:";
        i += 3;
        continue;
      }
      out += c;
      continue;
    }
    if (c === ")") {
      if (caseless.length > 0 && caseless[caseless.length - 1] === depth) caseless.pop();
      depth--;
      out += c;
      continue;
    }
    if (caseless.length > 0 && /[a-zA-Z]/.test(c)) {
      out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
      continue;
    }
    out += c;
  }
  return out;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** A tokenizer.json pattern `{ "String": " " }` (literal) or `{ "Regex": "…" }` as a RegExp. */
export function patternToRegExp(pattern: { String?: string; Regex?: string }, flags: string): RegExp {
  if (pattern == null || (pattern.String === undefined && pattern.Regex === undefined))
    throw new TongguanError(t("tokenizers.regex.patternMustBeOr", { pattern: JSON.stringify(pattern) }));
  if (pattern.Regex !== undefined) checkBacktracking(pattern.Regex);
  const source = pattern.String !== undefined ? escapeRegExp(pattern.String) : onigToJs(pattern.Regex!);
  try {
    return new RegExp(source, `${flags}u`);
  } catch (e) {
    throw new TongguanError(t("tokenizers.regex.patternIsNotA", { pattern: JSON.stringify(pattern) }), {
      cause: e,
    });
  }
}

/**
 * Refuses a pattern whose matching time can grow exponentially with the input: a repeated group
 * that itself holds a repeat or a choice, as in `^(a+)+$` (36 s on 31 characters) or `(a|ab)*`.
 * A backtracking engine (JavaScript's, Oniguruma) tries every way to split the input among the
 * repeats. JavaScript cannot stop a running match, so such a pattern from a file is refused before
 * it runs; the tokenizers' own patterns (GPT-2, Llama 3, Qwen2) have no repeated group at all.
 */
export function checkBacktracking(src: string): void {
  // For each open group: does it hold a repeat or an alternation?
  const open: { risky: boolean }[] = [];
  let lastGroup: { risky: boolean } | undefined; // the group that just closed, if the last item is one
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") {
      if (src[i + 1] === "p" || src[i + 1] === "P") i = Math.max(i + 1, src.indexOf("}", i));
      else i++;
      lastGroup = undefined;
      continue;
    }
    if (c === "[") {
      // Skip the class: "]" right after "[" or "[^" is a literal.
      let j = i + 1;
      if (src[j] === "^") j++;
      if (src[j] === "]") j++;
      for (; j < src.length && src[j] !== "]"; j++) if (src[j] === "\\") j++;
      i = j;
      lastGroup = undefined;
      continue;
    }
    if (c === "(") {
      open.push({ risky: false });
      lastGroup = undefined;
      continue;
    }
    if (c === ")") {
      lastGroup = open.pop();
      continue;
    }
    const bounds = c === "{" ? /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i)) : null;
    // {n}, {n,} and {n,m} repeat unless they allow at most one: {0}, {1}, {0,1}.
    const repeat =
      c === "*" ||
      c === "+" ||
      (bounds !== null &&
        (bounds[2] === undefined ? Number(bounds[1]) : bounds[3] === "" ? 2 : Number(bounds[3])) > 1);
    if (repeat || c === "?" || c === "|" || bounds) {
      if (repeat && lastGroup?.risky)
        throw new TongguanError(t("tokenizers.regex.patternARepeatedGroup", { src: JSON.stringify(src) }));
      for (const g of open) g.risky ||= repeat || c === "|" || (c === "?" && src[i - 1] !== "(");
      if (bounds) i += bounds[0].length - 1;
    }
    lastGroup = undefined;
  }
}

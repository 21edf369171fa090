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
    throw new TongguanError(`pattern must be {"String": …} or {"Regex": …}, got ${JSON.stringify(pattern)}`);
  const source = pattern.String !== undefined ? escapeRegExp(pattern.String) : onigToJs(pattern.Regex!);
  try {
    return new RegExp(source, `${flags}u`);
  } catch (e) {
    throw new TongguanError(
      `pattern ${JSON.stringify(pattern)} is not a regular expression JavaScript can run`,
      {
        cause: e,
      },
    );
  }
}

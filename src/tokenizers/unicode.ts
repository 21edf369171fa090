/**
 * Small Unicode helpers shared by the tokenizer parts: GPT-2's byte ↔ character table, UTF-8
 * lengths, and the character classes BERT's rules are written in.
 */

/**
 * GPT-2's `bytes_to_unicode`: each of the 256 byte values gets a printable character, so that
 * byte-level BPE can work on strings. Printable Latin-1 bytes keep their own character; the other
 * 68 (controls, space, …) are moved to U+0100 and up, in byte order. Space (0x20) becomes `Ġ`
 * (U+0120), newline (0x0A) becomes `Ċ` (U+010A).
 */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const table: string[] = new Array(256);
  let next = 256;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    table[b] = String.fromCharCode(printable ? b : next++);
  }
  return table;
})();

/** The inverse of BYTE_TO_CHAR: character code → byte value, or -1. */
export const CHAR_TO_BYTE: Int16Array = (() => {
  const table = new Int16Array(512).fill(-1);
  BYTE_TO_CHAR.forEach((c, b) => {
    table[c.charCodeAt(0)] = b;
  });
  return table;
})();

export const utf8Encoder = new TextEncoder();
/** Decoder that turns broken sequences into U+FFFD, as Rust's `String::from_utf8_lossy`. */
export const utf8Decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** Whitespace as Unicode's White_Space property (what Rust's `char::is_whitespace` and Oniguruma's `\s` use). */
export const WHITE_SPACE_CLASS =
  "\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const whiteSpaceRe = new RegExp(`^[${WHITE_SPACE_CLASS}]$`, "u");
export function isWhiteSpace(ch: string): boolean {
  return whiteSpaceRe.test(ch);
}

/** BERT's punctuation: every ASCII non-alphanumeric printable, plus Unicode category P. */
const punctuationRe = /^[!-/:-@[-`{-~\p{P}]$/u;
export function isBertPunctuation(ch: string): boolean {
  return punctuationRe.test(ch);
}

/** BERT's control characters: categories Cc, Cf, Cn, Co, except tab, newline and carriage return. */
const controlRe = /^[\p{Cc}\p{Cf}\p{Cn}\p{Co}]$/u;
export function isBertControl(ch: string): boolean {
  if (ch === "\t" || ch === "\n" || ch === "\r") return false;
  return controlRe.test(ch);
}

/** The CJK blocks BERT surrounds with spaces so each ideograph becomes its own word. */
export function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** `<0x41>` → 0x41; anything else → -1 (SentencePiece's byte pieces). */
export function parseBytePiece(token: string): number {
  if (token.length !== 6 || !token.startsWith("<0x") || token[5] !== ">") return -1;
  const v = Number.parseInt(token.slice(3, 5), 16);
  return Number.isNaN(v) ? -1 : v;
}

/** 0x41 → `<0x41>` (upper-case hex, as SentencePiece writes it). */
export function bytePiece(byte: number): string {
  return `<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>`;
}

/**
 * One chip per token, even when a token is only part of a character.
 *
 * Byte-level BPE (GPT-2, Qwen2, Llama 3, cl100k) cuts text at bytes, so a Chinese character (3 UTF-8
 * bytes) may be spread over two or three tokens; none of them is text on its own. Such a token is
 * drawn as its bytes in hex, the way the course writes them:
 *
 *   "通关" under GPT-2 → 6 tokens: <e9 80> <9a> <e5 85> <b3> …  (each chip is one token)
 *   "Hello world"      → "Hello" " world"
 *
 * A token's bytes come from its vocabulary string: `<0xE9>` (SentencePiece byte fallback) is one
 * byte; a byte-level string ("é" for 0xE9) spells one byte a character; any other token is the
 * UTF-8 of its decoded text.
 */

import type { Tokenizer } from "../tokenizers/types.ts";
import { CHAR_TO_BYTE, utf8Encoder } from "../tokenizers/unicode.ts";

export interface TokenPiece {
  id: number;
  /** The vocabulary string (`Ġworld`, `##ing`, `▁Hello`, `<0xE9>`). */
  token: string;
  /** What the chip shows: the token's text, with bytes that are not a whole character as `<e9 80>`. */
  label: string;
  /** The token's UTF-8 bytes. */
  bytes: number[];
  /** True when some of the bytes are not a whole character (the label shows them in hex). */
  partial: boolean;
}

const BYTE_TOKEN = /^<0x([0-9A-Fa-f]{2})>$/;

/** The UTF-8 bytes one token stands for (see the file comment). */
export function tokenBytes(tokenizer: Tokenizer, id: number): number[] {
  const token = tokenizer.idToToken(id) ?? "";
  const byte = BYTE_TOKEN.exec(token);
  if (byte) return [Number.parseInt(byte[1], 16)];
  const text = tokenizer.decode([id]);
  // SentencePiece drops the "▁" of a text's first piece when decoding; a chip keeps its space
  if (token.startsWith("\u2581") && !text.startsWith(" "))
    return [...utf8Encoder.encode(token.replace(/\u2581/g, " "))];
  if (!text.includes("\uFFFD") || token.includes("\uFFFD")) return [...utf8Encoder.encode(text)];
  // The decoder could not make text of it alone: read the byte-level spelling when it is one.
  const bytes: number[] = [];
  for (const ch of token) {
    const b = ch.length === 1 ? CHAR_TO_BYTE[ch.charCodeAt(0)] : -1;
    if (b === undefined || b < 0) return [...utf8Encoder.encode(text)];
    bytes.push(b);
  }
  return bytes;
}

/** Length of the UTF-8 sequence that starts with byte `b` (0 for a continuation or invalid byte). */
function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

const strict = new TextDecoder("utf-8", { fatal: true });

/**
 * Bytes as text where they form whole characters, and as `<e9 80>` where they do not.
 *
 *   bytesLabel([0x48, 0x69])        → "Hi"
 *   bytesLabel([0xe9, 0x80])        → "<e9 80>"
 *   bytesLabel([0x20, 0xe9, 0x80])  → " <e9 80>"
 */
export function bytesLabel(bytes: readonly number[]): string {
  let out = "";
  let loose: number[] = [];
  const flush = () => {
    if (loose.length > 0) out += `<${loose.map((b) => b.toString(16).padStart(2, "0")).join(" ")}>`;
    loose = [];
  };
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceLength(bytes[i]);
    let text: string | undefined;
    if (n > 0 && i + n <= bytes.length) {
      try {
        text = strict.decode(Uint8Array.from(bytes.slice(i, i + n)));
      } catch {
        text = undefined;
      }
    }
    if (text === undefined) {
      loose.push(bytes[i]);
      i++;
    } else {
      flush();
      out += text;
      i += n;
    }
  }
  flush();
  return out;
}

function isWholeText(bytes: readonly number[]): boolean {
  try {
    strict.decode(Uint8Array.from(bytes));
    return true;
  } catch {
    return false;
  }
}

/** The chips of a sequence of ids. */
export function tokenPieces(tokenizer: Tokenizer, ids: readonly number[]): TokenPiece[] {
  return ids.map((id) => {
    const token = tokenizer.idToToken(id) ?? `<${id}>`;
    const bytes = tokenBytes(tokenizer, id);
    const label = bytesLabel(bytes);
    return { id, token, label, bytes, partial: !isWholeText(bytes) };
  });
}

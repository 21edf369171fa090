/**
 * A made-up byte-level BPE vocabulary of any size, for random-weight benchmark models.
 *
 * llama.cpp refuses a GGUF whose token list is shorter than the embedding matrix, so a benchmark
 * model in GPT-2's shape needs 50257 tokens and one in Qwen2's shape 151936. We build them the way
 * byte-level BPE does (GPT-2, Qwen2), only with invented merges:
 *
 *   ids 0…255     the 256 byte characters (GPT-2's bytes_to_unicode: space → "Ġ", newline → "Ċ")
 *   then          pairs of byte characters ("t h" → "th"), then pair + byte ("th e" → "the"), …
 *   last          the special tokens (type 3, CONTROL), e.g. "<|endoftext|>"
 *
 * Every merge's two sides and its result are tokens, so llama.cpp's tokenizer can run on it (it
 * tokenizes "\n" at load time, to find the newline token).
 */
import { BYTE_TO_CHAR } from "../tokenizers/unicode.ts";

export interface SyntheticVocab {
  tokens: string[];
  /** llama.cpp token types: 1 normal, 3 control. */
  types: number[];
  /** "left right" pairs, in priority order. */
  merges: string[];
}

/** Bytes in the order their pairs are merged: lowercase letters and space first, as in English text. */
function byteRanking(): number[] {
  const first = [..." etaoinshrdlcumwfgypbvkjxqz"].map((c) => c.charCodeAt(0));
  const seen = new Set(first);
  const rest: number[] = [];
  for (let b = 0; b < 256; b++) if (!seen.has(b)) rest.push(b);
  return [...first, ...rest];
}

/**
 * `size` tokens in all: byte tokens, merged tokens, then `specials` (control tokens).
 *
 *   syntheticByteLevelVocab(300, ["<|endoftext|>"])
 *   → tokens "!", "\"", …, "Ġ" …, "ĠĠ", "Ġe", "eĠ", "ee", …, "<|endoftext|>"; 43 merges
 */
export function syntheticByteLevelVocab(size: number, specials: string[]): SyntheticVocab {
  const merged = size - 256 - specials.length;
  if (merged < 0) throw new RangeError(`a byte-level vocabulary needs ≥ ${256 + specials.length} tokens`);
  const tokens = BYTE_TO_CHAR.slice();
  const merges: string[] = [];
  const ranked = byteRanking().map((b) => BYTE_TO_CHAR[b]);
  // Level 2: pairs of bytes in "shells": all pairs among the first s ranked bytes before any pair
  // that uses byte s+1 (so common letters pair first).
  const pairs: [string, string][] = [];
  for (let s = 0; s < ranked.length && pairs.length < merged; s++) {
    for (let i = 0; i <= s; i++) {
      pairs.push([ranked[i], ranked[s]]);
      if (i !== s) pairs.push([ranked[s], ranked[i]]);
    }
  }
  for (const [a, b] of pairs) {
    if (merges.length === merged) break;
    merges.push(`${a} ${b}`);
    tokens.push(a + b);
  }
  // Level 3: pair + byte, as long as more tokens are needed (Qwen2's 151k).
  outer: for (const [a, b] of pairs) {
    for (const c of ranked) {
      if (merges.length >= merged) break outer;
      merges.push(`${a + b} ${c}`);
      tokens.push(a + b + c);
    }
  }
  if (merges.length < merged) throw new RangeError(`synthetic vocabulary: cannot make ${size} tokens`);
  const types = tokens.map(() => 1);
  for (const s of specials) {
    tokens.push(s);
    types.push(3);
  }
  return { tokens, types, merges };
}

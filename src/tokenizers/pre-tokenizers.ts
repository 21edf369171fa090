/**
 * Pre-tokenizers cut the normalized text into "words" before the model sees them; the model never
 * merges across two words. GPT-2 cuts with a regex (` world` is a word, so is `'s`), BERT cuts at
 * spaces and punctuation, SentencePiece-style tokenizers turn spaces into `▁`.
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { endOf, type Piece, prependText, replaceMatches, SpanBuilder, slicePiece, startOf } from "./piece.ts";
import { onigToJs, patternToRegExp } from "./regex.ts";
import { BYTE_TO_CHAR, isBertPunctuation, isWhiteSpace } from "./unicode.ts";

export interface PreTokenizer {
  /** Cut one piece into words. */
  preTokenize(p: Piece): Piece[];
}

/** What to do with the parts a pattern matches (tokenizers' `SplitDelimiterBehavior`). */
export type SplitBehavior = "Removed" | "Isolated" | "MergedWithPrevious" | "MergedWithNext" | "Contiguous";

/**
 * Cut `p` at the ranges `isMatch` marks. `ranges` must cover the text in order.
 * Example, text "a,b" with the match ",": Removed → a|b; Isolated → a|,|b;
 * MergedWithPrevious → a,|b; MergedWithNext → a|,b.
 */
export function splitByRanges(
  p: Piece,
  ranges: [number, number, boolean][],
  behavior: SplitBehavior,
): Piece[] {
  let parts: [number, number, boolean][] = [];
  if (behavior === "Removed" || behavior === "Isolated") parts = ranges;
  else if (behavior === "Contiguous") {
    let prev = false;
    for (const r of ranges) {
      if (r[2] && prev && parts.length > 0) parts[parts.length - 1][1] = r[1];
      else parts.push([r[0], r[1], false]);
      prev = r[2];
    }
  } else if (behavior === "MergedWithPrevious") {
    let prev = false;
    for (const r of ranges) {
      if (r[2] && !prev && parts.length > 0) parts[parts.length - 1][1] = r[1];
      else parts.push([r[0], r[1], false]);
      prev = r[2];
    }
  } else {
    let prev = false;
    for (let i = ranges.length - 1; i >= 0; i--) {
      const r = ranges[i];
      if (r[2] && !prev && parts.length > 0) parts[parts.length - 1][0] = r[0];
      else parts.push([r[0], r[1], false]);
      prev = r[2];
    }
    parts.reverse();
  }
  const out: Piece[] = [];
  for (const [a, b, isMatch] of parts) {
    if (b <= a || (behavior === "Removed" && isMatch)) continue;
    out.push(slicePiece(p, a, b));
  }
  return out;
}

/** The [start, end, isMatch] ranges of a global regex over the whole text. */
export function regexRanges(text: string, re: RegExp, invert = false): [number, number, boolean][] {
  const ranges: [number, number, boolean][] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (m.index > last) ranges.push([last, m.index, invert]);
    ranges.push([m.index, m.index + m[0].length, !invert]);
    last = m.index + m[0].length;
  }
  if (last < text.length) ranges.push([last, text.length, invert]);
  return ranges;
}

/**
 * The common case of the above, fused: cut at every regex match, keeping matches and the text
 * between them as separate words ("Isolated", not inverted).
 */
export function splitIsolated(p: Piece, re: RegExp): Piece[] {
  const text = p.text;
  const out: Piece[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const len = m[0].length;
    if (len === 0) {
      re.lastIndex++;
      continue;
    }
    if (m.index > last) out.push(slicePiece(p, last, m.index));
    last = m.index + len;
    out.push(slicePiece(p, m.index, last));
  }
  if (last < text.length) out.push(last === 0 ? p : slicePiece(p, last, text.length));
  return out;
}

/** Ranges where a per-character predicate holds (each such character its own range, the rest in runs). */
function charRanges(text: string, test: (ch: string) => boolean): [number, number, boolean][] {
  const ranges: [number, number, boolean][] = [];
  for (let i = 0; i < text.length; ) {
    const w = text.codePointAt(i)! > 0xffff ? 2 : 1;
    const hit = test(text.slice(i, i + w));
    const last = ranges[ranges.length - 1];
    if (!hit && last && !last[2]) last[1] = i + w;
    else ranges.push([i, i + w, hit]);
    i += w;
  }
  return ranges;
}

/** Split by a regex or a literal string (Llama 3, Qwen2 use a regex with behavior Isolated). */
export class Split implements PreTokenizer {
  readonly re: RegExp;
  constructor(
    pattern: { String?: string; Regex?: string } | RegExp,
    readonly behavior: SplitBehavior = "Isolated",
    readonly invert = false,
  ) {
    this.re = pattern instanceof RegExp ? pattern : patternToRegExp(pattern, "g");
  }
  preTokenize(p: Piece): Piece[] {
    if (this.behavior === "Isolated" && !this.invert) return splitIsolated(p, this.re);
    return splitByRanges(p, regexRanges(p.text, this.re, this.invert), this.behavior);
  }
}

/** GPT-2's split pattern (tokenizers' ByteLevel with use_regex), with Oniguruma's `\s`. */
export const GPT2_PATTERN = new RegExp(
  onigToJs("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"),
  "gu",
);

/**
 * Byte-level: optionally add a space in front, optionally split with GPT-2's regex, then spell each
 * word's UTF-8 bytes with GPT-2's 256 printable characters: "héllo" → "hÃ©llo", " world" → "Ġworld".
 */
export class ByteLevelPreTokenizer implements PreTokenizer {
  constructor(
    readonly addPrefixSpace = false,
    readonly useRegex = true,
  ) {}
  preTokenize(p: Piece): Piece[] {
    if (this.addPrefixSpace && !p.text.startsWith(" ")) p = prependText(p, " ");
    const words = this.useRegex ? splitIsolated(p, GPT2_PATTERN) : [p];
    return words.map(toByteLevel);
  }
}

/** Spell a piece's UTF-8 bytes with GPT-2's byte characters; each byte spans its whole character. */
export function toByteLevel(p: Piece): Piece {
  const text = p.text;
  // Fast paths: printable ASCII (0x21-0x7E) is its own byte character; ASCII in general keeps
  // one character per code unit, so the offsets do not change.
  let printable = true;
  let ascii = true;
  let otherThanSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      ascii = false;
      break;
    }
    if (c <= 0x20 || c === 0x7f) {
      printable = false;
      if (c !== 0x20) otherThanSpace = true;
    }
  }
  if (printable && ascii) return p;
  // The usual word " world": only the space needs its byte character, Ġ.
  if (ascii && !otherThanSpace) return { text: text.replaceAll(" ", "Ġ"), start: p.start, map: p.map };
  let out = "";
  if (ascii) {
    for (let i = 0; i < text.length; i++) out += BYTE_TO_CHAR[text.charCodeAt(i)];
    return { text: out, start: p.start, map: p.map };
  }
  // Every byte of a character spans that whole character.
  const spans = new SpanBuilder();
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const from = startOf(p, i);
    const to = endOf(p, i + w);
    if (cp < 0x80) {
      out += BYTE_TO_CHAR[cp];
      spans.add(1, from, to);
    } else if (cp < 0x800) {
      out += BYTE_TO_CHAR[0xc0 | (cp >> 6)] + BYTE_TO_CHAR[0x80 | (cp & 63)];
      spans.add(2, from, to);
    } else if (cp < 0x10000) {
      out +=
        BYTE_TO_CHAR[0xe0 | (cp >> 12)] +
        BYTE_TO_CHAR[0x80 | ((cp >> 6) & 63)] +
        BYTE_TO_CHAR[0x80 | (cp & 63)];
      spans.add(3, from, to);
    } else {
      out +=
        BYTE_TO_CHAR[0xf0 | (cp >> 18)] +
        BYTE_TO_CHAR[0x80 | ((cp >> 12) & 63)] +
        BYTE_TO_CHAR[0x80 | ((cp >> 6) & 63)] +
        BYTE_TO_CHAR[0x80 | (cp & 63)];
      spans.add(4, from, to);
    }
    i += w;
  }
  return spans.piece(out, p.start);
}

/** BERT's basic split: whitespace separates words and is dropped; each punctuation mark is a word. */
export class BertPreTokenizer implements PreTokenizer {
  preTokenize(p: Piece): Piece[] {
    const text = p.text;
    const out: Piece[] = [];
    let wordStart = -1;
    for (let i = 0; i < text.length; ) {
      const c = text.charCodeAt(i);
      let width = 1;
      let space: boolean;
      let punct: boolean;
      if (c < 0x80) {
        space = c === 0x20 || (c >= 9 && c <= 13);
        punct =
          (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
      } else {
        width = text.codePointAt(i)! > 0xffff ? 2 : 1;
        const ch = text.slice(i, i + width);
        space = isWhiteSpace(ch);
        punct = !space && isBertPunctuation(ch);
      }
      if (space || punct) {
        if (wordStart >= 0) out.push(slicePiece(p, wordStart, i));
        wordStart = -1;
        if (punct) out.push(slicePiece(p, i, i + width));
      } else if (wordStart < 0) wordStart = i;
      i += width;
    }
    if (wordStart >= 0) out.push(slicePiece(p, wordStart, text.length));
    return out;
  }
}

/** Whitespace: words are `\w+` or runs of other non-space characters. */
export class WhitespacePreTokenizer implements PreTokenizer {
  readonly re = new RegExp(onigToJs("\\w+|[^\\w\\s]+"), "gu");
  preTokenize(p: Piece): Piece[] {
    return splitByRanges(p, regexRanges(p.text, this.re, true), "Removed");
  }
}

export class WhitespaceSplit implements PreTokenizer {
  preTokenize(p: Piece): Piece[] {
    return splitByRanges(p, charRanges(p.text, isWhiteSpace), "Removed");
  }
}

export class Punctuation implements PreTokenizer {
  constructor(readonly behavior: SplitBehavior = "Isolated") {}
  preTokenize(p: Piece): Piece[] {
    return splitByRanges(p, charRanges(p.text, isBertPunctuation), this.behavior);
  }
}

/** Digits apart from the rest: one by one (`individual`) or as runs. */
export class Digits implements PreTokenizer {
  constructor(readonly individual = false) {}
  preTokenize(p: Piece): Piece[] {
    return splitByRanges(
      p,
      charRanges(p.text, (c) => /\p{N}/u.test(c)),
      this.individual ? "Isolated" : "Contiguous",
    );
  }
}

/** SentencePiece style: spaces become `▁`, a `▁` is put in front, and words start at each `▁`. */
export class Metaspace implements PreTokenizer {
  readonly re: RegExp;
  constructor(
    readonly replacement = "▁",
    readonly prependScheme: "always" | "first" | "never" = "always",
    readonly split = true,
  ) {
    this.re = new RegExp(replacement.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gu");
  }
  preTokenize(p: Piece): Piece[] {
    p = replaceMatches(p, / /g, this.replacement);
    const first = startOf(p, 0) === 0;
    if (
      (this.prependScheme === "always" || (this.prependScheme === "first" && first)) &&
      !p.text.startsWith(this.replacement)
    )
      p = prependText(p, this.replacement);
    return this.split ? splitByRanges(p, regexRanges(p.text, this.re), "MergedWithNext") : [p];
  }
}

export class PreTokenizerSequence implements PreTokenizer {
  constructor(readonly parts: PreTokenizer[]) {}
  preTokenize(p: Piece): Piece[] {
    let pieces = [p];
    for (const pt of this.parts) pieces = pieces.flatMap((x) => pt.preTokenize(x));
    return pieces;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: JSON from tokenizer.json
export function preTokenizerFromJson(json: any, where: string): PreTokenizer | undefined {
  if (json == null) return undefined;
  switch (json.type) {
    case "ByteLevel":
      return new ByteLevelPreTokenizer(json.add_prefix_space ?? true, json.use_regex ?? true);
    case "Split":
      return new Split(json.pattern, json.behavior ?? "Isolated", json.invert ?? false);
    case "BertPreTokenizer":
      return new BertPreTokenizer();
    case "Whitespace":
      return new WhitespacePreTokenizer();
    case "WhitespaceSplit":
      return new WhitespaceSplit();
    case "Punctuation":
      return new Punctuation(json.behavior ?? "Isolated");
    case "Digits":
      return new Digits(json.individual_digits ?? false);
    case "Metaspace": {
      // Older files: add_prefix_space true/false instead of prepend_scheme.
      const scheme = json.prepend_scheme ?? (json.add_prefix_space === false ? "never" : "always");
      return new Metaspace(json.replacement ?? "▁", scheme, json.split ?? true);
    }
    case "Sequence":
      return new PreTokenizerSequence(
        (json.pretokenizers ?? []).map((x: unknown, i: number) =>
          preTokenizerFromJson(x, `${where}.pretokenizers[${i}]`),
        ),
      );
    default:
      throw new TongguanError(
        t("tokenizers.preTokenizers.preTokenizerTypeIs", { where, jsonType: json.type }),
      );
  }
}

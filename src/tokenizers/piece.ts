/**
 * A `Piece` is a bit of text on its way through the tokenizer, which remembers where each of its
 * UTF-16 code units came from in the user's original string. Normalizers rewrite it (lowercase,
 * NFC, `▁` for spaces), pre-tokenizers cut it, and at the end the model's tokens get their offsets
 * from it, as Hugging Face's `NormalizedString` alignments do.
 *
 *   original "Héllo"  → NFD "He\u0301llo"
 *   spans of each code unit: H [0,1)  e [1,2)  ◌́ [1,2)  l [2,3)  l [3,4)  o [4,5)
 *   (the accent has no original character of its own: it spans the `é` it came from)
 */
export interface Piece {
  text: string;
  /** Original offset of text[0] when `map` is null (the piece is an untouched slice of the input). */
  start: number;
  /**
   * The original [start, end) of each code unit, interleaved: map[2i] = start, map[2i+1] = end
   * (length 2 × text.length); null means code unit i is original start + i.
   */
  map: Int32Array | null;
}

export function pieceOf(text: string, start = 0): Piece {
  return { text, start, map: null };
}

/** Original start of code unit i (i = text.length: where the piece ends). */
export function startOf(p: Piece, i: number): number {
  if (!p.map) return p.start + i;
  const n = p.text.length;
  return n === 0 ? p.start : i < n ? p.map[2 * i] : p.map[2 * n - 1];
}

/** Original end of code unit i - 1 (i = 0: where the piece starts). */
export function endOf(p: Piece, i: number): number {
  if (!p.map) return p.start + i;
  return p.text.length === 0 ? p.start : i > 0 ? p.map[2 * i - 1] : p.map[0];
}

/** The original [start, end) of code units [a, b). */
export function spanOf(p: Piece, a: number, b: number): [number, number] {
  return b > a ? [startOf(p, a), endOf(p, b)] : [startOf(p, a), startOf(p, a)];
}

/** The sub-piece [from, to) in code units. */
export function slicePiece(p: Piece, from: number, to: number): Piece {
  const text = p.text.slice(from, to);
  if (!p.map) return { text, start: p.start + from, map: null };
  return { text, start: startOf(p, from), map: p.map.slice(2 * from, 2 * to) };
}

/** Collects the spans of a rewritten text, one [start, end) per produced code unit. */
export class SpanBuilder {
  private readonly spans: number[] = [];
  /** `count` code units that all come from the original [start, end). */
  add(count: number, start: number, end: number): void {
    for (let k = 0; k < count; k++) this.spans.push(start, end);
  }
  /** Code units [a, b) of `p`, unchanged. */
  copy(p: Piece, a: number, b: number): void {
    for (let i = a; i < b; i++) this.spans.push(startOf(p, i), endOf(p, i + 1));
  }
  piece(text: string, fallbackStart: number): Piece {
    return {
      text,
      start: this.spans.length > 0 ? this.spans[0] : fallbackStart,
      map: Int32Array.from(this.spans),
    };
  }
}

/**
 * Rewrite a piece one code point at a time: `fn` returns what the character becomes ("" drops it).
 * Every produced code unit spans the character it came from.
 */
export function mapCodePoints(p: Piece, fn: (ch: string, cp: number) => string): Piece {
  const text = p.text;
  let out = "";
  const spans = new SpanBuilder();
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = width === 2 ? text.slice(i, i + 2) : text[i];
    const replaced = fn(ch, cp);
    out += replaced;
    spans.add(replaced.length, startOf(p, i), endOf(p, i + width));
    i += width;
  }
  return out === text ? p : spans.piece(out, startOf(p, 0));
}

/** Replace every match of a global regex by `content`; the new text spans its whole match. */
export function replaceMatches(p: Piece, re: RegExp, content: string): Piece {
  let out = "";
  const spans = new SpanBuilder();
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(p.text); m !== null; m = re.exec(p.text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    spans.copy(p, last, m.index);
    out += p.text.slice(last, m.index) + content;
    spans.add(content.length, startOf(p, m.index), endOf(p, m.index + m[0].length));
    last = m.index + m[0].length;
  }
  if (last === 0) return p;
  spans.copy(p, last, p.text.length);
  out += p.text.slice(last);
  return spans.piece(out, startOf(p, 0));
}

/** Put `prefix` in front; it spans the first character (as tokenizers' `prepend` aligns it). */
export function prependText(p: Piece, prefix: string): Piece {
  const spans = new SpanBuilder();
  const firstEnd = p.text.length > 0 ? endOf(p, p.text.codePointAt(0)! > 0xffff ? 2 : 1) : startOf(p, 0);
  spans.add(prefix.length, startOf(p, 0), firstEnd);
  spans.copy(p, 0, p.text.length);
  return spans.piece(prefix + p.text, startOf(p, 0));
}

/**
 * Encoding a long text window by window, with the same ids as encoding it whole, in memory that
 * does not grow with the text (a tokenizer's working memory is tens to hundreds of bytes per
 * character: pre-tokenized pieces, offset maps, merge queues).
 *
 * A window's tokens are right except near its two edges, where the text it cannot see would have
 * changed them: a word cut in half, `\s+(?!\S)` at the end of a string, the dummy `▁` prefix
 * SentencePiece puts at a text's start, a special token cut in two. So consecutive windows overlap,
 * and the cut between them is a token boundary where both windows agree on every token from
 * there to the end of the overlap:
 *
 *   window k      [a ─────────────────────────────── e)
 *   window k+1                           [a' ─────────┼──────────────────── e')
 *   tokens k      … │ tok │ tok │ tok │ tok │ tok │ t│ok │ (edge effects)
 *   tokens k+1                           (edge) │ tok │ tok │ …
 *                                               ▲ cut t: both agree from here to e − margin
 *
 * Tokens before t come from window k, tokens from t on from window k+1. Where the windows never
 * agree (one "word" longer than the overlap: 50 kB without a space), the overlap grows, and in the
 * end the window itself grows — the ids stay exact, only the memory bound is lost for such text.
 *
 *   const out = new EncodingBuilder();
 *   const enc = new ChunkedEncoder((text) => windowTokensOf(tokenizer.encode(text)), out);
 *   for await (const chunk of stream) enc.write(chunk);
 *   enc.end();    // out.ids equal tokenizer.encode(wholeText).ids
 */
import type { Encoding } from "./types.ts";

/** A window's tokens as an encoder returns them: ids and [start, end) offsets in the window. */
export interface WindowTokens {
  ids: ArrayLike<number>;
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
}

/** Any tokenizer's Encoding as window tokens. */
export function windowTokensOf(enc: Encoding): WindowTokens {
  const offsets = enc.offsets;
  return {
    ids: enc.ids,
    starts: offsets.map((o) => o[0]),
    ends: offsets.map((o) => o[1]),
  };
}

/**
 * Texts longer than this (UTF-16 code units) are encoded window by window by the tokenizers'
 * own `encode`; below it, one window costs at most a few tens of MB.
 */
export const LARGE_TEXT = 1 << 18;

export interface ChunkOptions {
  /** UTF-16 code units per window. Default 65,536. */
  windowChars?: number;
  /** Code units that consecutive windows share. Default 1,024 (it grows where they disagree). */
  overlapChars?: number;
}

/** Where the committed tokens go: id and [start, end) offsets in the whole text. */
export interface TokenSink {
  push(id: number, start: number, end: number): void;
}

/** A window's tokens from some point on, with offsets in the whole text. */
interface Tokens {
  ids: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
}

const EMPTY: Tokens = { ids: new Int32Array(0), starts: new Int32Array(0), ends: new Int32Array(0) };

export class ChunkedEncoder {
  private readonly window: number;
  private readonly overlap: number;
  /** Text not yet let go of, from offset `bufStart` of the whole text. */
  private buf = "";
  private bufStart = 0;
  private ended = false;
  /** The current window [pa, pe), its tokens from the committed offset `c` on; null before the first. */
  private cur: Tokens | null = null;
  private pa = 0;
  private pe = 0;
  private c = 0;

  constructor(
    private readonly encode: (text: string) => WindowTokens,
    private readonly sink: TokenSink,
    options: ChunkOptions = {},
  ) {
    this.window = options.windowChars ?? 65_536;
    this.overlap = options.overlapChars ?? 1_024;
    if (!(this.overlap >= 16 && this.window >= 4 * this.overlap))
      throw new RangeError(
        `chunked encode: windowChars (${this.window}) must be ≥ 4 × overlapChars (${this.overlap}) ≥ 64`,
      );
  }

  /** More text; commits the tokens that no later text can change. */
  write(text: string): void {
    if (this.ended) throw new Error("chunked encode: write after end");
    this.buf += text;
    this.advance();
  }

  /** The end of the text: commits the rest. */
  end(): void {
    this.ended = true;
    this.advance();
    if (this.cur) this.commit(this.cur, this.cur.ids.length);
    this.cur = null;
    this.buf = "";
  }

  private get bufEnd(): number {
    return this.bufStart + this.buf.length;
  }

  private advance(): void {
    const step = this.window - this.overlap;
    if (!this.cur) {
      if (!this.ended && this.buf.length < this.window) return;
      const e = this.windowEnd(this.window, this.overlap);
      if (e === undefined) return; // no whitespace yet to end the first window at: wait for more text
      this.cur = this.encodeWindow(0, e);
      this.pe = e;
    }
    // Window k+1 reaches `step` past window k's end, so it must be in the buffer (or the text ended).
    while (this.pe < this.bufEnd && (this.ended || this.bufEnd - this.pe >= step)) {
      const e = this.windowEnd(this.pe + step, this.pe + this.overlap);
      if (e === undefined) return;
      this.next(e);
    }
  }

  /**
   * Where a window that should end near `pos` ends: just after whitespace (a newline if there is one
   * in the last quarter), at or before `pos` but after `floor`, else at the first whitespace after
   * `pos`; so no word is ever cut by a window's end (WordPiece turns a word of over 100 characters
   * into one [UNK], which no part of it shows). Undefined: the text so far has none (wait for more);
   * the end of the text once it has ended.
   */
  private windowEnd(pos: number, floor: number): number | undefined {
    if (this.ended && pos >= this.bufEnd) return this.bufEnd;
    const back = this.afterSpace(pos, floor, this.window / 4);
    if (back !== undefined) return back;
    const text = this.buf;
    for (let i = pos - this.bufStart; i < text.length; i++) {
      if (isSpace(text.charCodeAt(i)) && !(text.charCodeAt(i) === 0x0d && text.charCodeAt(i + 1) === 0x0a))
        return this.bufStart + i + 1;
    }
    return this.ended ? this.bufEnd : undefined;
  }

  /** The last offset in (floor, pos] right after whitespace — after a newline if one is within `newlineReach` of pos. */
  private afterSpace(pos: number, floor: number, newlineReach: number): number | undefined {
    const text = this.buf;
    const hi = Math.min(pos, this.bufEnd) - this.bufStart;
    const lo = Math.max(floor, this.bufStart) - this.bufStart;
    const nl = text.lastIndexOf("\n", hi - 1);
    if (nl >= lo && hi - (nl + 1) <= newlineReach) return this.bufStart + nl + 1;
    for (let i = hi - 1; i >= lo; i--) {
      const c = text.charCodeAt(i);
      if (isSpace(c) && !(c === 0x0d && text.charCodeAt(i + 1) === 0x0a)) return this.bufStart + i + 1;
    }
    return undefined;
  }

  /** Moves from window [pa, pe) to the next one, [a, e), committing the tokens before their agreed cut. */
  private next(e: number): void {
    for (let m = this.overlap; ; m *= 4) {
      // Window k+1 starts after whitespace too (its first word whole), or at the committed cut.
      const a = this.afterSpace(this.pe - m, this.c, m / 4) ?? this.c;
      const after = this.encodeWindow(a, e);
      // Window k's end effects are kept out of the comparison (none when it ends the text).
      const margin = this.ended && this.pe === this.bufEnd ? 0 : Math.floor(m / 4);
      const cut = agreedCut(this.cur!, after, this.pe - margin, Math.floor(m / 4));
      if (cut) {
        this.commit(this.cur!, cut.k);
        this.c = cut.t;
        this.cur = slice(after, cut.j);
        this.pa = a;
        this.pe = e;
        this.release();
        return;
      }
      if (a <= this.c || this.pe - m <= this.c) break;
    }
    // No agreement even over the whole uncommitted window: grow the window itself.
    const grown = this.encodeWindow(this.pa, e);
    let j = 0;
    while (j < grown.ids.length && grown.starts[j] < this.c) j++;
    this.cur = slice(grown, j);
    this.pe = e;
  }

  private commit(tokens: Tokens, count: number): void {
    for (let i = 0; i < count; i++) this.sink.push(tokens.ids[i], tokens.starts[i], tokens.ends[i]);
  }

  /** Lets go of text that no later window starts in. */
  private release(): void {
    const keep = this.pa - this.bufStart;
    if (keep > this.window) {
      this.buf = this.buf.slice(keep);
      this.bufStart = this.pa;
    }
  }

  private encodeWindow(a: number, e: number): Tokens {
    const enc = this.encode(this.buf.slice(a - this.bufStart, e - this.bufStart));
    const { ids, starts, ends } = enc; // once: an EncodingBuilder makes a new view at each read
    const n = ids.length;
    const t: Tokens = { ids: new Int32Array(n), starts: new Int32Array(n), ends: new Int32Array(n) };
    for (let i = 0; i < n; i++) {
      t.ids[i] = ids[i];
      t.starts[i] = a + starts[i];
      t.ends[i] = a + ends[i];
    }
    return t;
  }
}

/**
 * The earliest token boundary t from which `before` (window k) and `after` (window k+1) have the
 * same tokens up to offset `limit`, over at least `minSpan` code units; k and j index the token
 * at t in each. Undefined when they do not agree at `limit`.
 *
 *   before … 11 | 12 13 14      after  99 | 12 13 14      → t = start of 12
 */
function agreedCut(
  before: Tokens,
  after: Tokens,
  limit: number,
  minSpan: number,
): { t: number; k: number; j: number } | undefined {
  let i = lastEndingBy(before, limit);
  let j = lastEndingBy(after, limit);
  const lastI = i;
  while (
    i >= 0 &&
    j >= 0 &&
    before.ids[i] === after.ids[j] &&
    before.starts[i] === after.starts[j] &&
    before.ends[i] === after.ends[j]
  ) {
    i--;
    j--;
  }
  // Tokens i+1 … lastI agree; take the first of them that starts a token boundary in both windows.
  for (let k = i + 1, l = j + 1; k <= lastI; k++, l++) {
    const t = before.starts[k];
    if (limit - t < minSpan) return undefined;
    const clearBefore = k === 0 || before.ends[k - 1] <= t;
    const clearAfter = l === 0 || after.ends[l - 1] <= t;
    if (clearBefore && clearAfter) return { t, k, j: l };
  }
  return undefined;
}

/** Space, tab, newline, carriage return, form feed. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function lastEndingBy(tokens: Tokens, limit: number): number {
  let i = tokens.ids.length - 1;
  while (i >= 0 && tokens.ends[i] > limit) i--;
  return i;
}

function slice(tokens: Tokens, from: number): Tokens {
  if (from >= tokens.ids.length) return EMPTY;
  return {
    ids: tokens.ids.subarray(from),
    starts: tokens.starts.subarray(from),
    ends: tokens.ends.subarray(from),
  };
}

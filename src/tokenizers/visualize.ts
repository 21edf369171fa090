/**
 * The token visualizer: the text with each token on its own background colour, as the GPT
 * tokenizer web pages show it, and whitespace made visible (a space is `·`, a tab `→`, a newline `↵`).
 *
 *   "Hello world" (GPT-2) -> [Hello][·world]      ids [15496, 995]
 *
 * The screen shows graphemes (what a reader calls one character: `é`, `👍🏽`, `👨‍👩‍👧`), but tokens
 * cut text at bytes. A byte-level BPE may split `👍🏽` (8 UTF-8 bytes) into several tokens whose
 * pieces are not characters at all. Painting each token's own bytes would tear the emoji apart on
 * screen, so colours are given to whole graphemes instead (see `graphemeSegments`).
 */
import picocolors from "picocolors";
import type { Encoding } from "./types.ts";

/** A run of text owned by one token (`token` is its index in the encoding, -1 for text no token covers). */
export interface Segment {
  text: string;
  token: number;
}

/**
 * Splits the text into segments of whole graphemes, each owned by one token.
 *
 * A grapheme belongs to the token in which it starts: the first token whose offsets [start, end)
 * contain the grapheme's first UTF-16 unit. If the grapheme spans two or more tokens (an emoji cut
 * into byte pieces, a CJK character split by byte-level BPE), it is drawn once, in the colour of that
 * first token; the tokens holding its later pieces still appear in the ids, they just have no
 * character of their own to paint. If no token contains its first unit (a token may start inside a
 * ZWJ sequence, or have empty offsets there), the first token starting inside the grapheme owns it.
 * Text covered by no token at all (spaces BERT drops) gets -1 and is drawn without a colour.
 *
 *   text "a👍🏽", tokens "a" [0,1), "ðŁ" [1,3), "ĳ" [1,3), "ðŁı½" [3,5)
 *   graphemes "a" [0,1) -> token 0; "👍🏽" [1,5) starts in token 1 -> token 1
 *   segments: {"a", 0}, {"👍🏽", 1}
 */
export function graphemeSegments(text: string, offsets: readonly [number, number][]): Segment[] {
  // owner[p] = first token whose span covers UTF-16 position p, or -1.
  const owner = new Int32Array(text.length).fill(-1);
  offsets.forEach(([start, end], token) => {
    for (let p = Math.max(0, start); p < Math.min(end, text.length); p++)
      if (owner[p] === -1) owner[p] = token;
  });
  // firstStart[p] = first token starting at p, even an empty one (for graphemes no token covers).
  const firstStart = new Int32Array(text.length).fill(-1);
  offsets.forEach(([start], token) => {
    if (start >= 0 && start < text.length && firstStart[start] === -1) firstStart[start] = token;
  });

  const segments: Segment[] = [];
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const { segment, index } of segmenter.segment(text)) {
    let token = owner[index];
    for (let p = index; token === -1 && p < index + segment.length; p++) token = firstStart[p];
    const last = segments[segments.length - 1];
    if (last && last.token === token) last.text += segment;
    else segments.push({ text: segment, token });
  }
  return segments;
}

/**
 * Makes whitespace and control characters visible.
 *
 *   showWhitespace("a b\tc\n") -> "a·b→c↵\n"   (the newline stays, after its marker)
 */
export function showWhitespace(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f ]/g, (c) => {
    if (c === " ") return "·";
    if (c === "\t") return "→";
    if (c === "\n") return "↵\n";
    if (c === "\u007f") return "␡";
    return String.fromCharCode(0x2400 + c.charCodeAt(0)); // Unicode's control pictures: \r -> ␍
  });
}

export interface RenderOptions {
  /** ANSI colours (default: when the terminal supports them). Without colour, `│` separates tokens. */
  color?: boolean;
}

/**
 * The coloured text of an encoding: consecutive tokens take turns through a palette of backgrounds,
 * so neighbours always differ. A newline's marker `↵` is painted, the line break itself is not (a
 * painted line break would paint the rest of the terminal line).
 */
export function renderTokens(
  text: string,
  encoding: Pick<Encoding, "offsets">,
  options: RenderOptions = {},
): string {
  const c = picocolors.createColors(options.color ?? picocolors.isColorSupported);
  const palette = [
    (s: string) => c.black(c.bgCyan(s)),
    (s: string) => c.black(c.bgYellow(s)),
    (s: string) => c.black(c.bgGreen(s)),
    (s: string) => c.black(c.bgMagenta(s)),
    (s: string) => c.black(c.bgBlueBright(s)),
  ];
  let out = "";
  let turn = 0;
  for (const segment of graphemeSegments(text, encoding.offsets)) {
    const paint = segment.token === -1 ? c.dim : palette[turn++ % palette.length];
    const lines = showWhitespace(segment.text).split("\n");
    const painted = lines.map((line) => (line ? paint(line) : line)).join("\n");
    out += c.isColorSupported || out === "" || out.endsWith("\n") ? painted : `│${painted}`;
  }
  return out;
}

/**
 * Where the post-processor's tokens are: `withSpecial` is `plain` with tokens added before and after
 * it (BOS, `[CLS] … [SEP]`). Returns how many were added on each side, or undefined if `plain` is not
 * a contiguous run of `withSpecial`.
 *
 *   addedAround([7592, 2088], [101, 7592, 2088, 102]) -> { before: 1, after: 1 }
 */
export function addedAround(
  plain: readonly number[],
  withSpecial: readonly number[],
): { before: number; after: number } | undefined {
  for (let k = 0; k + plain.length <= withSpecial.length; k++) {
    if (plain.every((id, i) => withSpecial[k + i] === id)) {
      return { before: k, after: withSpecial.length - k - plain.length };
    }
  }
  return undefined;
}

/** Tokens that stand for no text (added by the post-processor), drawn as labels: `⟨[CLS]⟩`. */
export function renderLabels(tokens: readonly string[], options: RenderOptions = {}): string {
  const c = picocolors.createColors(options.color ?? picocolors.isColorSupported);
  return tokens.map((t) => c.inverse(`⟨${t}⟩`)).join("");
}

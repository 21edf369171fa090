/**
 * How many terminal columns a string takes: East Asian Wide and Fullwidth characters (汉字, kana,
 * hangul, fullwidth forms such as ，and emoji shown as pictures) take two, combining marks and
 * format characters none, everything else one (Unicode Standard Annex #11, as terminals draw it).
 * Tables pad by this, not by `.length`, so columns line up when a cell holds Chinese:
 *
 *   displayWidth("词元")  // 4, while "词元".length is 2
 *   padEndWidth("词元", 6) + "|"  // "词元  |"
 */

// East Asian Wide (W) and Fullwidth (F) ranges of Unicode 15's EastAsianWidth.txt, by first code
// point (emoji with a default picture presentation are matched by \p{Emoji_Presentation} below).
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2329, 0x232a], // angle brackets 〈 〉
  [0x2e80, 0x303e], // CJK radicals, Kangxi radicals, CJK symbols and punctuation 。、「」
  [0x3041, 0x33ff], // hiragana, katakana, bopomofo, Hangul compatibility jamo, CJK compatibility
  [0x3400, 0x4dbf], // CJK unified ideographs extension A
  [0x4e00, 0x9fff], // CJK unified ideographs 汉字
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms ！，：（）
  [0xffe0, 0xffe6], // fullwidth signs ￥
  [0x16fe0, 0x16fe4], // ideographic symbols
  [0x17000, 0x18cff], // Tangut, Khitan
  [0x1b000, 0x1b2ff], // kana supplement and extensions, Nushu
  [0x1f200, 0x1f251], // enclosed ideographic supplement 🈚
  [0x20000, 0x2fffd], // CJK extensions B–F, compatibility supplement
  [0x30000, 0x3fffd], // CJK extensions G, H
];

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]/u;
/** An ANSI colour code (ESC [ … m), as picocolors writes them. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const PICTURE = /\p{Emoji_Presentation}|\uFE0F|\p{Regional_Indicator}/u;

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The columns one grapheme cluster takes: 0, 1 or 2. */
function graphemeWidth(g: string): number {
  if (PICTURE.test(g)) return 2;
  if (ZERO_WIDTH.test(g)) return 0;
  return isWide(g.codePointAt(0) ?? 0) ? 2 : 1;
}

let segmenter: Intl.Segmenter | undefined;

/** The terminal columns `text` takes (ANSI colour codes are not counted). */
export function displayWidth(text: string): number {
  const plain = text.replace(ANSI_COLOUR, "");
  // ASCII is the common case: one column a character.
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let width = 0;
  for (const { segment } of segmenter.segment(plain)) width += graphemeWidth(segment);
  return width;
}

/** `text` followed by spaces up to `width` columns (as `padEnd`, but by display width). */
export function padEndWidth(text: string, width: number, fill = " "): string {
  const gap = width - displayWidth(text);
  return gap > 0 ? text + fill.repeat(gap) : text;
}

/** Spaces then `text`, up to `width` columns (as `padStart`, but by display width). */
export function padStartWidth(text: string, width: number, fill = " "): string {
  const gap = width - displayWidth(text);
  return gap > 0 ? fill.repeat(gap) + text : text;
}

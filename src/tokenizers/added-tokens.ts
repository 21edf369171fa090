/**
 * Added tokens (`<|endoftext|>`, `[MASK]`, `<|im_start|>`) are found in the text *before* the
 * model runs, so "a<|endoftext|>b" gives a, 50256, b and never `<`, `|`, … Matching is leftmost,
 * longest first, as tokenizers' Aho-Corasick matcher does, with the per-token flags:
 * lstrip/rstrip swallow the spaces on that side, single_word only matches a whole word,
 * normalized says whether to match on the normalized text or the raw text.
 */
import { type Piece, slicePiece } from "./piece.ts";
import { escapeRegExp } from "./regex.ts";
import { isWhiteSpace } from "./unicode.ts";

export interface AddedToken {
  id: number;
  content: string;
  special: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  singleWord: boolean;
}

/** A piece of text, or an added token found in it. */
/**
 * An added token as Hugging Face writes it (tokenizer.json `added_tokens`, tokenizer_config.json
 * `added_tokens_decoder`): flags missing from the JSON take HF's defaults — a special token is not
 * normalized, a plain added token is.
 */
// biome-ignore lint/suspicious/noExplicitAny: JSON
export function addedTokenFromJson(id: number, t: any): AddedToken {
  return {
    id,
    content: t.content,
    special: t.special ?? false,
    lstrip: t.lstrip ?? false,
    rstrip: t.rstrip ?? false,
    normalized: t.normalized ?? !(t.special ?? false),
    singleWord: t.single_word ?? false,
  };
}

export type Segment = { piece: Piece; added?: AddedToken };

const isSpace = (c: string | undefined) => c !== undefined && isWhiteSpace(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

export class AddedTokenMatcher {
  private readonly re: RegExp | null;
  private readonly byContent = new Map<string, AddedToken>();

  constructor(tokens: AddedToken[]) {
    for (const t of tokens) if (t.content.length > 0) this.byContent.set(t.content, t);
    const contents = [...this.byContent.keys()].sort((a, b) => b.length - a.length);
    this.re = contents.length === 0 ? null : new RegExp(contents.map(escapeRegExp).join("|"), "gu");
  }

  /** Cut a piece into plain pieces and added tokens. */
  split(p: Piece): Segment[] {
    if (!this.re) return [{ piece: p }];
    const text = p.text;
    const out: Segment[] = [];
    let done = 0;
    this.re.lastIndex = 0;
    for (let m = this.re.exec(text); m !== null; m = this.re.exec(text)) {
      const tok = this.byContent.get(m[0])!;
      let start = m.index;
      let stop = start + m[0].length;
      if (start < done) continue;
      if (tok.singleWord) {
        const before = start > 0 ? String.fromCodePoint(text.codePointAt(start - 1)!) : undefined;
        const after = stop < text.length ? String.fromCodePoint(text.codePointAt(stop)!) : undefined;
        if (isWordChar(before) || isWordChar(after)) continue;
      }
      if (tok.lstrip) while (start > done && isSpace(text[start - 1])) start--;
      if (tok.rstrip) {
        while (stop < text.length && isSpace(text[stop])) stop++;
        this.re.lastIndex = stop;
      }
      if (start > done) out.push({ piece: slicePiece(p, done, start) });
      out.push({ piece: slicePiece(p, start, stop), added: tok });
      done = stop;
    }
    if (done < text.length || out.length === 0) out.push({ piece: slicePiece(p, done, text.length) });
    return out;
  }
}

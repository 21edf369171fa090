/**
 * Normalizers: the first step of a Hugging Face tokenizer. They clean the text before it is cut
 * (Unicode composition, lowercasing, BERT's clean-up, `▁` for spaces) and keep the offsets of
 * every character (see piece.ts).
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import {
  endOf,
  mapCodePoints,
  type Piece,
  prependText,
  replaceMatches,
  SpanBuilder,
  startOf,
} from "./piece.ts";
import { patternToRegExp } from "./regex.ts";
import { isBertControl, isChineseChar, isWhiteSpace, WHITE_SPACE_CLASS } from "./unicode.ts";

export interface Normalizer {
  normalize(p: Piece): Piece;
}

/**
 * NFC / NFD / NFKC / NFKD. The whole text is normalized at once (composition can join characters);
 * offsets are kept per "base character + following combining marks" cluster.
 */
export class UnicodeNormalizer implements Normalizer {
  constructor(readonly form: "NFC" | "NFD" | "NFKC" | "NFKD") {}
  normalize(p: Piece): Piece {
    const whole = p.text.normalize(this.form);
    if (whole === p.text) return p;
    let out = "";
    const spans = new SpanBuilder();
    for (const m of p.text.matchAll(/\P{M}\p{M}*|\p{M}+/gsu)) {
      const n = m[0].normalize(this.form);
      out += n;
      // As tokenizers aligns them: output character k takes the span of input character k;
      // extra output characters (decomposition) take the last input's span, and input
      // characters left over (composition) vanish. NFC of "e\u0301" = "é" spans just the "e".
      const inputs: [number, number][] = [];
      for (let i = m.index; i < m.index + m[0].length; ) {
        const w = p.text.codePointAt(i)! > 0xffff ? 2 : 1;
        inputs.push([startOf(p, i), endOf(p, i + w)]);
        i += w;
      }
      let k = 0;
      for (const ch of n) {
        const [a, b] = inputs[Math.min(k++, inputs.length - 1)];
        spans.add(ch.length, a, b);
      }
    }
    if (out === whole) return spans.piece(out, startOf(p, 0));
    // Composition across clusters (rare: Hangul jamo): keep the exact text, approximate offsets.
    const approx = new SpanBuilder();
    const ratio = p.text.length / whole.length;
    for (let i = 0; i < whole.length; i++) {
      const a = Math.min(p.text.length - 1, Math.floor(i * ratio));
      approx.add(1, startOf(p, a), endOf(p, a + 1));
    }
    return approx.piece(whole, startOf(p, 0));
  }
}

export class Lowercase implements Normalizer {
  normalize(p: Piece): Piece {
    if (p.text.toLowerCase() === p.text) return p;
    return mapCodePoints(p, (ch) => ch.toLowerCase());
  }
}

/** Remove combining marks after NFD: `é` → `e`. Used by BERT uncased. */
export class StripAccents implements Normalizer {
  normalize(p: Piece): Piece {
    return mapCodePoints(p, (ch) => {
      const d = ch.normalize("NFD");
      return d === ch && !/\p{Mn}/u.test(ch) ? ch : d.replace(/\p{Mn}/gu, "");
    });
  }
}

/**
 * BERT's normalizer (tokenizers `BertNormalizer`): drop control characters, NUL and U+FFFD, turn
 * every whitespace into a plain space, put spaces around CJK ideographs (so each is a word),
 * strip accents and lowercase (strip_accents null means "same as lowercase").
 *
 * One pass over the text; ASCII and CJK characters take fast paths, since BERT text is mostly those.
 */
export class BertNormalizer implements Normalizer {
  constructor(
    readonly cleanText = true,
    readonly handleChineseChars = true,
    readonly stripAccents: boolean | null = null,
    readonly lowercase = true,
  ) {}

  /** What one character becomes (the order of tokenizers: clean, CJK, accents, lowercase). */
  private rewrite(ch: string, cp: number): string {
    if (this.cleanText) {
      if (cp === 0 || cp === 0xfffd || isBertControl(ch)) return "";
      if (isWhiteSpace(ch)) return " ";
    }
    if (this.handleChineseChars && isChineseChar(cp)) return ` ${ch} `;
    let out = ch;
    if ((this.stripAccents ?? this.lowercase) && cp >= 0xc0)
      out = out.normalize("NFD").replace(/\p{Mn}/gu, "");
    if (this.lowercase) out = out.toLowerCase();
    return out;
  }

  normalize(p: Piece): Piece {
    const text = p.text;
    const parts: string[] = [];
    // Spans are built only once the length changes; until then offsets are those of `p`.
    let spans: SpanBuilder | null = null;
    let outLength = 0;
    let runStart = 0; // start of the current run of unchanged characters
    const flushRun = (end: number) => {
      if (end > runStart) {
        parts.push(text.slice(runStart, end));
        spans?.copy(p, runStart, end);
        outLength += end - runStart;
      }
    };
    for (let i = 0; i < text.length; ) {
      const c = text.charCodeAt(i);
      let replacement: string | undefined;
      let width = 1;
      if (c < 0x80) {
        if (c >= 0x20 && c < 0x7f) {
          if (this.lowercase && c >= 0x41 && c <= 0x5a) replacement = String.fromCharCode(c + 32);
        } else if (this.cleanText) replacement = c === 9 || c === 10 || c === 13 ? " " : "";
      } else {
        const cp = text.codePointAt(i)!;
        width = cp > 0xffff ? 2 : 1;
        const ch = width === 2 ? text.slice(i, i + 2) : text[i];
        const r = this.rewrite(ch, cp);
        if (r !== ch) replacement = r;
      }
      if (replacement !== undefined) {
        flushRun(i);
        if (!spans && replacement.length !== width) {
          spans = new SpanBuilder();
          spans.copy(p, 0, outLength); // so far the output is aligned with the input
        }
        parts.push(replacement);
        spans?.add(replacement.length, startOf(p, i), endOf(p, i + width));
        outLength += replacement.length;
        runStart = i + width;
      }
      i += width;
    }
    if (runStart === 0) return p;
    flushRun(text.length);
    const out = parts.join("");
    return spans ? spans.piece(out, startOf(p, 0)) : { text: out, start: p.start, map: p.map };
  }
}

/** Put a string in front of non-empty text (Llama 2's tokenizer.json prepends `▁`). */
export class Prepend implements Normalizer {
  constructor(readonly prefix: string) {}
  normalize(p: Piece): Piece {
    return p.text.length === 0 ? p : prependText(p, this.prefix);
  }
}

/** Replace a literal string or regex by `content` (Llama 2: " " → "▁"). */
export class Replace implements Normalizer {
  readonly re: RegExp;
  constructor(
    pattern: { String?: string; Regex?: string },
    readonly content: string,
  ) {
    this.re = patternToRegExp(pattern, "g");
  }
  normalize(p: Piece): Piece {
    return replaceMatches(p, this.re, this.content);
  }
}

export class Strip implements Normalizer {
  constructor(
    readonly left: boolean,
    readonly right: boolean,
  ) {}
  normalize(p: Piece): Piece {
    const ws = `[${WHITE_SPACE_CLASS}]+`;
    const re = new RegExp(this.left && this.right ? `^${ws}|${ws}$` : this.left ? `^${ws}` : `${ws}$`, "gu");
    return replaceMatches(p, re, "");
  }
}

export class NormalizerSequence implements Normalizer {
  constructor(readonly parts: Normalizer[]) {}
  normalize(p: Piece): Piece {
    for (const n of this.parts) p = n.normalize(p);
    return p;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: JSON from tokenizer.json
export function normalizerFromJson(json: any, where: string): Normalizer | undefined {
  if (json == null) return undefined;
  switch (json.type) {
    case "NFC":
    case "NFD":
    case "NFKC":
    case "NFKD":
      return new UnicodeNormalizer(json.type);
    case "Lowercase":
      return new Lowercase();
    case "StripAccents":
      return new StripAccents();
    case "BertNormalizer":
      return new BertNormalizer(
        json.clean_text ?? true,
        json.handle_chinese_chars ?? true,
        json.strip_accents ?? null,
        json.lowercase ?? true,
      );
    case "Prepend":
      return new Prepend(json.prepend);
    case "Replace":
      return new Replace(json.pattern, json.content);
    case "Strip":
      return new Strip(json.strip_left ?? false, json.strip_right ?? false);
    case "Sequence":
      return new NormalizerSequence(
        (json.normalizers ?? []).map((n: unknown, i: number) =>
          normalizerFromJson(n, `${where}.normalizers[${i}]`),
        ),
      );
    default:
      throw new TongguanError(
        t("tokenizers.normalizers.normalizerTypeIsNot", { where, jsonType: json.type }),
      );
  }
}

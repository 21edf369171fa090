/**
 * Decoders turn token strings back into text. Each works on the whole list of tokens
 * (`decodeChain`) and the results are joined: byte-level tokens are mapped back to bytes, `##` is
 * glued to the previous word, `▁` becomes a space, `<0xE4><0xBD><0xA0>` becomes `你`.
 */
import { TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import { patternToRegExp } from "./regex.ts";
import { CHAR_TO_BYTE, parseBytePiece, utf8Decoder, utf8Encoder } from "./unicode.ts";

export interface Decoder {
  decodeChain(tokens: string[]): string[];
}

/** GPT-2 byte characters back to bytes, then UTF-8 (broken sequences become U+FFFD). */
export class ByteLevelDecoder implements Decoder {
  decodeChain(tokens: string[]): string[] {
    const bytes: number[] = [];
    for (const t of tokens) {
      let ok = true;
      const start = bytes.length;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        const b = c < 512 ? CHAR_TO_BYTE[c] : -1;
        if (b < 0) {
          ok = false;
          break;
        }
        bytes.push(b);
      }
      // A token with characters outside the table (an added token such as "<think>" in a
      // non-byte alphabet) is kept as its own UTF-8 bytes, as tokenizers does.
      if (!ok) {
        bytes.length = start;
        for (const b of utf8Encoder.encode(t)) bytes.push(b);
      }
    }
    return [utf8Decoder.decode(Uint8Array.from(bytes))];
  }
}

/** Python transformers' `clean_up_tokenization`: "do n't" → "don't", " ." → ".". */
export function cleanUpTokenization(s: string): string {
  return s
    .replaceAll(" .", ".")
    .replaceAll(" ?", "?")
    .replaceAll(" !", "!")
    .replaceAll(" ,", ",")
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(" do not", " don't")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

/** WordPiece: `##ing` glues to the previous token, other tokens get a space before them. */
export class WordPieceDecoder implements Decoder {
  constructor(
    readonly prefix = "##",
    readonly cleanup = true,
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t, i) => {
      if (i !== 0) t = t.startsWith(this.prefix) ? t.slice(this.prefix.length) : ` ${t}`;
      return this.cleanup ? cleanUpTokenization(t) : t;
    });
  }
}

/** `▁` → space; the first token loses its leading space (it was the added dummy prefix). */
export class MetaspaceDecoder implements Decoder {
  constructor(
    readonly replacement = "▁",
    readonly prependScheme: "always" | "first" | "never" = "always",
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t, i) => {
      const s = t.replaceAll(this.replacement, " ");
      return i === 0 && this.prependScheme !== "never" && s.startsWith(" ") ? s.slice(1) : s;
    });
  }
}

/** Runs of `<0xNN>` tokens become the text their bytes spell; invalid UTF-8 gives one U+FFFD per byte. */
export class ByteFallbackDecoder implements Decoder {
  decodeChain(tokens: string[]): string[] {
    const out: string[] = [];
    let pending: number[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      try {
        out.push(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(pending)));
      } catch {
        for (let k = 0; k < pending.length; k++) out.push("\ufffd");
      }
      pending = [];
    };
    for (const t of tokens) {
      const b = parseBytePiece(t);
      if (b >= 0) pending.push(b);
      else {
        flush();
        out.push(t);
      }
    }
    flush();
    return out;
  }
}

export class FuseDecoder implements Decoder {
  decodeChain(tokens: string[]): string[] {
    return [tokens.join("")];
  }
}

/** Remove up to `start` leading and `stop` trailing copies of `content` from each token. */
export class StripDecoder implements Decoder {
  constructor(
    readonly content: string,
    readonly start: number,
    readonly stop: number,
  ) {}
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t) => {
      let a = 0;
      let b = t.length;
      for (let k = 0; k < this.start && t.startsWith(this.content, a); k++) a += this.content.length;
      for (let k = 0; k < this.stop && b - this.content.length >= a && t.endsWith(this.content, b); k++)
        b -= this.content.length;
      return t.slice(a, b);
    });
  }
}

export class ReplaceDecoder implements Decoder {
  readonly re: RegExp;
  constructor(
    pattern: { String?: string; Regex?: string },
    readonly content: string,
  ) {
    this.re = patternToRegExp(pattern, "g");
  }
  decodeChain(tokens: string[]): string[] {
    return tokens.map((t) => t.replace(this.re, () => this.content));
  }
}

export class DecoderSequence implements Decoder {
  constructor(readonly parts: Decoder[]) {}
  decodeChain(tokens: string[]): string[] {
    for (const d of this.parts) tokens = d.decodeChain(tokens);
    return tokens;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: JSON from tokenizer.json
export function decoderFromJson(json: any, where: string): Decoder | undefined {
  if (json == null) return undefined;
  switch (json.type) {
    case "ByteLevel":
      return new ByteLevelDecoder();
    case "WordPiece":
      return new WordPieceDecoder(json.prefix ?? "##", json.cleanup ?? true);
    case "Metaspace": {
      const scheme = json.prepend_scheme ?? (json.add_prefix_space === false ? "never" : "always");
      return new MetaspaceDecoder(json.replacement ?? "▁", scheme);
    }
    case "ByteFallback":
      return new ByteFallbackDecoder();
    case "Fuse":
      return new FuseDecoder();
    case "Strip":
      return new StripDecoder(json.content ?? " ", json.start ?? 0, json.stop ?? 0);
    case "Replace":
      return new ReplaceDecoder(json.pattern, json.content);
    case "Sequence":
      if (!Array.isArray(json.decoders ?? []))
        throw new TongguanError(tr("tokenizers.decoders.aSequenceDecoderNeeds", { where }));
      return new DecoderSequence(
        (json.decoders ?? []).map((d: unknown, i: number) => {
          const decoder = decoderFromJson(d, `${where}.decoders[${i}]`);
          if (!decoder)
            throw new TongguanError(
              tr("tokenizers.decoders.decodersIsNotA", { where, i, d: JSON.stringify(d) }),
            );
          return decoder;
        }),
      );
    default:
      throw new TongguanError(tr("tokenizers.decoders.decoderTypeIsNot", { where, jsonType: json.type }));
  }
}

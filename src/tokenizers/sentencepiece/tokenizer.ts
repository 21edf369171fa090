/**
 * A SentencePiece tokenizer (Llama 2's tokenizer.model, llama.cpp's "llama" GGUF vocabularies).
 *
 *   encode: normalize → spaces become `▁` and one `▁` is put in front ("dummy prefix")
 *           → BPE by piece scores (or Unigram) → pieces not in the vocabulary become `<0xNN>` bytes
 *   decode: pieces joined, `<0xNN>` runs turned back into UTF-8, `▁` → space, the first leading space dropped
 *
 *   "Hello world" → "▁Hello▁world" → ▁Hello ▁world → [15043, 3186]
 */
import { type AddedToken, AddedTokenMatcher } from "../added-tokens.ts";
import { ChunkedEncoder, LARGE_TEXT } from "../chunked-encode.ts";
import { EncodingBuilder, lazyEncoding } from "../lazy-encoding.ts";
import { ScoredMerger, type ScoredSymbol } from "../models/scored-bpe.ts";
import { UnigramModel } from "../models/unigram.ts";
import { type Piece, pieceOf, prependText, replaceMatches, spanOf, startOf } from "../piece.ts";
import type { DecodeOptions, EncodeOptions, Encoding, Tokenizer } from "../types.ts";
import { bytePiece, parseBytePiece, utf8Encoder } from "../unicode.ts";
import { PieceType } from "./model-proto.ts";

export interface SentencePieceSpec {
  pieces: string[];
  scores: ArrayLike<number>;
  /** PieceType per id (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte). */
  types: ArrayLike<number>;
  modelType: "bpe" | "unigram";
  byteFallback: boolean;
  unkId: number;
  bosId?: number;
  eosId?: number;
  padId?: number;
  /** NFKC ("nmt_nfkc", "nfkc") or nothing ("identity"). */
  normalization: "identity" | "nfkc";
  addDummyPrefix: boolean;
  removeExtraWhitespaces: boolean;
  /** Prepend BOS / append EOS when encoding with addSpecialTokens. */
  addBos: boolean;
  addEos: boolean;
  /** Put in front (after BOS) with addSpecialTokens: ChatGLM's `[gMASK] sop` prefix. */
  prefixIds?: number[];
  /** llama.cpp's rule: special tokens are cut out first and each text segment gets a dummy prefix. */
  prefixEachSegment?: boolean;
  /** Default for encode's `parseSpecial`: match control tokens written in the text (`<s>`) as those tokens. */
  parseControlTokens?: boolean;
  chatTemplate?: string;
  extraEosIds?: number[];
}

const SPACE = "▁";

export class SentencePieceTokenizer implements Tokenizer {
  readonly vocab = new Map<string, number>();
  readonly vocabSize: number;
  readonly specialTokens: Tokenizer["specialTokens"];
  readonly chatTemplate?: string;
  private readonly merger?: ScoredMerger;
  private readonly unigram?: UnigramModel;
  /** [user-defined + control pieces, user-defined pieces only]. */
  private readonly matchers: [AddedTokenMatcher, AddedTokenMatcher];

  constructor(readonly spec: SentencePieceSpec) {
    spec.pieces.forEach((p, id) => {
      if (!this.vocab.has(p)) this.vocab.set(p, id);
    });
    this.vocabSize = spec.pieces.length;
    const t = spec.types;
    // Pieces a merge may produce: normal, user-defined and unused ones (not control, unknown, byte).
    const mergeable = (id: number) =>
      t[id] === PieceType.NORMAL || t[id] === PieceType.USER_DEFINED || t[id] === PieceType.UNUSED;
    if (spec.modelType === "bpe")
      this.merger = new ScoredMerger(spec.pieces, spec.scores, this.vocab, mergeable);
    else
      this.unigram = new UnigramModel(
        spec.pieces.map((p, id) => [
          t[id] === PieceType.CONTROL || t[id] === PieceType.UNKNOWN ? "" : p,
          spec.scores[id],
        ]),
        spec.unkId,
        spec.byteFallback,
      );
    // User-defined pieces are always matched whole in the text; control pieces only when asked.
    const added: AddedToken[] = [];
    spec.pieces.forEach((content, id) => {
      const user = t[id] === PieceType.USER_DEFINED;
      if (user || t[id] === PieceType.CONTROL)
        added.push({
          id,
          content,
          special: !user,
          lstrip: false,
          rstrip: false,
          normalized: user,
          singleWord: false,
        });
    });
    this.matchers = [new AddedTokenMatcher(added), new AddedTokenMatcher(added.filter((a) => !a.special))];
    const st: Tokenizer["specialTokens"] = { unk: spec.unkId };
    if (spec.bosId !== undefined && spec.bosId >= 0) st.bos = spec.bosId;
    if (spec.eosId !== undefined && spec.eosId >= 0) {
      st.eos = spec.eosId;
      st.eosIds = [spec.eosId, ...(spec.extraEosIds ?? []).filter((x) => x !== spec.eosId)];
    }
    if (spec.padId !== undefined && spec.padId >= 0) st.pad = spec.padId;
    this.specialTokens = st;
    this.chatTemplate = spec.chatTemplate;
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }
  idToToken(id: number): string | undefined {
    return this.spec.pieces[id];
  }

  /** SentencePiece's normalizer: NFKC, squeeze spaces, dummy prefix, spaces → `▁`. */
  normalize(text: string, start = 0): Piece {
    let p = pieceOf(text, start);
    if (this.spec.normalization === "nfkc" && text.normalize("NFKC") !== text)
      p = { text: text.normalize("NFKC"), start, map: null }; // offsets approximate after NFKC
    if (this.spec.removeExtraWhitespaces) {
      p = replaceMatches(p, /^ +| +$/g, "");
      p = replaceMatches(p, / {2,}/g, " ");
    }
    if (p.text.length === 0) return p;
    if (this.spec.addDummyPrefix) p = prependText(p, " ");
    return replaceMatches(p, / /g, SPACE);
  }

  /** `parseSpecial`: match control pieces (`<s>`) written in the text; default from the spec. */
  encode(text: string, options: EncodeOptions & { parseSpecial?: boolean } = {}): Encoding {
    const parseSpecial = options.parseSpecial ?? this.spec.parseControlTokens ?? false;
    const out = new EncodingBuilder();
    if (text.length > LARGE_TEXT) {
      // Window by window (chunked-encode.ts): the same ids in memory that does not grow with the text.
      const chunked = new ChunkedEncoder((window) => {
        const b = new EncodingBuilder();
        this.encodeText(b, window, parseSpecial);
        return b;
      }, out);
      chunked.write(text);
      chunked.end();
    } else this.encodeText(out, text, parseSpecial);
    if (!options.addSpecialTokens) return lazyEncoding(out, (id) => this.spec.pieces[id]);
    const starts = out.starts;
    const ends = out.ends;
    const enc: Encoding = {
      ids: out.ids,
      tokens: [],
      offsets: out.ids.map((_, i): [number, number] => [starts[i], ends[i]]),
    };
    if (options.addSpecialTokens) {
      const prefix = this.spec.prefixIds ?? [];
      enc.ids.unshift(...prefix);
      enc.offsets.unshift(...prefix.map((): [number, number] => [0, 0]));
      if (this.spec.addBos && this.specialTokens.bos !== undefined) {
        enc.ids.unshift(this.specialTokens.bos);
        enc.offsets.unshift([0, 0]);
      }
      if (this.spec.addEos && this.specialTokens.eos !== undefined) {
        enc.ids.push(this.specialTokens.eos);
        enc.offsets.push([text.length, text.length]);
      }
    }
    enc.tokens = enc.ids.map((id) => this.spec.pieces[id]);
    return enc;
  }

  private encodeText(out: EncodingBuilder, text: string, parseSpecial: boolean): void {
    const matcher = this.matchers[parseSpecial ? 0 : 1];
    const push = (id: number, p: Piece, start: number, end: number) => {
      const [s, e] = spanOf(p, start, end);
      out.push(id, s, e);
    };
    if (this.spec.prefixEachSegment) {
      // llama.cpp: cut out the special/user-defined tokens first; every text segment after one
      // gets its own dummy prefix.
      for (const seg of matcher.split(pieceOf(text))) {
        if (seg.added) push(seg.added.id, seg.piece, 0, seg.piece.text.length);
        else if (seg.piece.text.length > 0) {
          const p = this.normalize(seg.piece.text, startOf(seg.piece, 0));
          for (const s of this.tokenizeNormalized(p.text)) push(s.id, p, s.start, s.end);
        }
      }
    } else {
      // SentencePiece: normalize the whole text (one dummy prefix), then find user-defined pieces.
      for (const seg of matcher.split(this.normalize(text))) {
        if (seg.added) push(seg.added.id, seg.piece, 0, seg.piece.text.length);
        else for (const s of this.tokenizeNormalized(seg.piece.text)) push(s.id, seg.piece, s.start, s.end);
      }
    }
  }

  private tokenizeNormalized(text: string): ScoredSymbol[] {
    if (this.unigram) return this.unigram.tokenize(text);
    const symbols: ScoredSymbol[] = [];
    for (let i = 0; i < text.length; ) {
      const w = text.codePointAt(i)! > 0xffff ? 2 : 1;
      // A character outside the vocabulary gets id -1 until the end (it cannot merge anyway).
      symbols.push({ id: this.vocab.get(text.slice(i, i + w)) ?? -1, start: i, end: i + w });
      i += w;
    }
    const out: ScoredSymbol[] = [];
    for (const s of this.merger!.merge(symbols)) {
      if (s.id >= 0) {
        out.push(s);
        continue;
      }
      const ch = text.slice(s.start, s.end);
      const bytes = this.spec.byteFallback
        ? [...utf8Encoder.encode(ch)].map((b) => this.vocab.get(bytePiece(b)))
        : [];
      if (bytes.length > 0 && bytes.every((b) => b !== undefined))
        for (const b of bytes) out.push({ id: b!, start: s.start, end: s.end });
      else out.push({ id: this.spec.unkId, start: s.start, end: s.end });
    }
    return out;
  }

  decode(ids: number[], options: DecodeOptions = {}): string {
    const t = this.spec.types;
    let out = "";
    let bytes: number[] = [];
    let first = true;
    const flush = () => {
      if (bytes.length === 0) return;
      try {
        out += new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(bytes));
      } catch {
        out += "\ufffd".repeat(bytes.length);
      }
      bytes = [];
    };
    for (const id of ids) {
      const piece = this.spec.pieces[id];
      if (piece === undefined) continue; // ids outside the vocabulary are skipped, as Hugging Face does
      const control = t[id] === PieceType.CONTROL;
      if (control && options.skipSpecialTokens) continue;
      const b = t[id] === PieceType.BYTE ? parseBytePiece(piece) : -1;
      if (b >= 0) {
        bytes.push(b);
        first = false;
        continue;
      }
      flush();
      let s = t[id] === PieceType.UNKNOWN ? " \u2047 " : piece;
      if (
        first &&
        !control &&
        (this.spec.addDummyPrefix || this.spec.removeExtraWhitespaces) &&
        s.startsWith(SPACE)
      )
        s = s.slice(1);
      if (!control) first = false;
      out += s.replaceAll(SPACE, " ");
    }
    flush();
    return out;
  }
}

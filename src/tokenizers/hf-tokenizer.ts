/**
 * The Hugging Face tokenizer pipeline, one step after another:
 *
 *   text ─ added tokens ─ normalizer ─ pre-tokenizer ─ model ─ post-processor ─▶ ids
 *   ids ─ id→token ─ decoder ─▶ text
 *
 * Every loader (tokenizer.json, vocab.json + merges.txt, vocab.txt) builds one of these.
 */
import { type AddedToken, AddedTokenMatcher } from "./added-tokens.ts";
import { ChunkedEncoder, LARGE_TEXT } from "./chunked-encode.ts";
import type { Decoder } from "./decoders.ts";
import { EncodingBuilder, lazyEncoding } from "./lazy-encoding.ts";
import type { Model } from "./models/model.ts";
import type { Normalizer } from "./normalizers.ts";
import { type Piece, pieceOf, spanOf } from "./piece.ts";
import type { PostProcessor } from "./post-processors.ts";
import type { PreTokenizer } from "./pre-tokenizers.ts";
import type { DecodeOptions, EncodeOptions, Encoding, Tokenizer } from "./types.ts";

export interface HfTokenizerParts {
  normalizer?: Normalizer;
  preTokenizer?: PreTokenizer;
  model: Model;
  postProcessor?: PostProcessor;
  decoder?: Decoder;
  addedTokens?: AddedToken[];
  specialTokens?: Tokenizer["specialTokens"];
  chatTemplate?: string;
}

export class HfTokenizer implements Tokenizer {
  readonly normalizer?: Normalizer;
  readonly preTokenizer?: PreTokenizer;
  readonly model: Model;
  readonly postProcessor?: PostProcessor;
  readonly decoder?: Decoder;
  readonly addedTokens: AddedToken[];
  readonly specialTokens: Tokenizer["specialTokens"];
  readonly chatTemplate?: string;
  readonly vocabSize: number;
  /** Added tokens matched on the raw / the normalized text: [with special tokens, without]. */
  private readonly rawMatchers: [AddedTokenMatcher, AddedTokenMatcher];
  private readonly normalizedMatchers: [AddedTokenMatcher, AddedTokenMatcher];
  private readonly addedById = new Map<number, AddedToken>();
  private readonly addedByContent = new Map<string, AddedToken>();

  constructor(parts: HfTokenizerParts) {
    this.normalizer = parts.normalizer;
    this.preTokenizer = parts.preTokenizer;
    this.model = parts.model;
    this.postProcessor = parts.postProcessor;
    this.decoder = parts.decoder;
    this.addedTokens = parts.addedTokens ?? [];
    for (const t of this.addedTokens) {
      this.addedById.set(t.id, t);
      this.addedByContent.set(t.content, t);
    }
    const raw = this.addedTokens.filter((t) => !t.normalized);
    const normalized = this.addedTokens.filter((t) => t.normalized);
    this.rawMatchers = [new AddedTokenMatcher(raw), new AddedTokenMatcher(raw.filter((t) => !t.special))];
    this.normalizedMatchers = [
      new AddedTokenMatcher(normalized),
      new AddedTokenMatcher(normalized.filter((t) => !t.special)),
    ];
    this.specialTokens = parts.specialTokens ?? {};
    this.chatTemplate = parts.chatTemplate;
    this.vocabSize = this.addedTokens.reduce((n, t) => Math.max(n, t.id + 1), this.model.size);
  }

  tokenToId(token: string): number | undefined {
    return this.addedByContent.get(token)?.id ?? this.model.tokenToId(token);
  }
  idToToken(id: number): string | undefined {
    return this.addedById.get(id)?.content ?? this.model.idToToken(id);
  }
  /** Is this id a special token (dropped by `skipSpecialTokens`)? */
  isSpecial(id: number): boolean {
    return this.addedById.get(id)?.special ?? false;
  }

  /**
   * `parseSpecial: false` (llama.cpp's name) treats special-token strings written in the text as
   * plain text; by default they are matched, as Hugging Face does.
   */
  encode(text: string, options: EncodeOptions & { parseSpecial?: boolean } = {}): Encoding {
    const out = new EncodingBuilder();
    const which = options.parseSpecial === false ? 1 : 0;
    if (text.length > LARGE_TEXT) {
      // Window by window (chunked-encode.ts): the same ids in memory that does not grow with the text.
      const chunked = new ChunkedEncoder((window) => {
        const b = new EncodingBuilder();
        this.encodeText(b, window, which);
        return b;
      }, out);
      chunked.write(text);
      chunked.end();
    } else this.encodeText(out, text, which);
    const enc = lazyEncoding(out, (id) => this.idToToken(id));
    return options.addSpecialTokens && this.postProcessor ? this.postProcessor.process(enc) : enc;
  }

  /** Added tokens, then normalizer → pre-tokenizer → model on the text between them. */
  private encodeText(out: EncodingBuilder, text: string, which: 0 | 1): void {
    for (const raw of this.rawMatchers[which].split(pieceOf(text))) {
      if (raw.added) {
        this.pushAdded(out, raw.added, raw.piece);
        continue;
      }
      if (raw.piece.text.length === 0) continue;
      const normalized = this.normalizer ? this.normalizer.normalize(raw.piece) : raw.piece;
      for (const seg of this.normalizedMatchers[which].split(normalized)) {
        if (seg.added) this.pushAdded(out, seg.added, seg.piece);
        else if (seg.piece.text.length > 0) this.encodePlain(out, seg.piece);
      }
    }
  }

  private pushAdded(out: EncodingBuilder, t: AddedToken, p: Piece): void {
    const [start, end] = spanOf(p, 0, p.text.length);
    out.push(t.id, start, end);
  }

  private encodePlain(out: EncodingBuilder, p: Piece): void {
    const words = this.preTokenizer ? this.preTokenizer.preTokenize(p) : [p];
    for (const w of words) {
      const map = w.map;
      for (const t of this.model.tokenize(w.text)) {
        if (map) out.push(t.id, map[2 * t.start], map[2 * t.end - 1]);
        else out.push(t.id, w.start + t.start, w.start + t.end);
      }
    }
  }

  decode(ids: number[], options: DecodeOptions = {}): string {
    const tokens: string[] = [];
    for (const id of ids) {
      const added = this.addedById.get(id);
      if (added?.special && options.skipSpecialTokens) continue;
      const t = added?.content ?? this.model.idToToken(id);
      if (t !== undefined) tokens.push(t);
    }
    return this.decoder ? this.decoder.decodeChain(tokens).join("") : tokens.join(" ");
  }
}

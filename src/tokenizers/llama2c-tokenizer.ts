/**
 * llama2.c's `tokenizer.bin` and the exact prompt encoding of its `run.c`:
 *
 *   file: int32 max_token_length, then per id: float32 score, int32 byte length, the bytes.
 *   encode: [BOS], then the piece " " (dummy prefix) if the text is not empty, then one piece
 *   per code point (or its bytes as `<0xNN>` ids = byte + 3), then merge by score (scored-bpe.ts).
 *
 * Pieces store spaces as plain " " (SentencePiece's `▁` already replaced), BOS is "\n<s>\n".
 */
import { fileError, TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { ScoredMerger, type ScoredSymbol } from "./models/scored-bpe.ts";
import { readBytes } from "./read-files.ts";
import type { DecodeOptions, EncodeOptions, Encoding, Tokenizer } from "./types.ts";
import { parseBytePiece, utf8Decoder, utf8Encoder } from "./unicode.ts";

export class Llama2cTokenizer implements Tokenizer {
  readonly vocab = new Map<string, number>();
  readonly vocabSize: number;
  readonly specialTokens = { unk: 0, bos: 1, eos: 2, eosIds: [2] };
  readonly chatTemplate = undefined;
  private readonly merger: ScoredMerger;
  private readonly pieceBytes: Uint8Array[];

  constructor(
    readonly pieces: string[],
    readonly scores: Float32Array,
    readonly maxTokenLength: number,
  ) {
    // run.c looks pieces up by binary search in a sorted copy; pieces are unique, so a map is the same.
    pieces.forEach((p, id) => {
      if (!this.vocab.has(p)) this.vocab.set(p, id);
    });
    this.vocabSize = pieces.length;
    this.merger = new ScoredMerger(pieces, scores, this.vocab);
    this.pieceBytes = pieces.map((p) => {
      const b = parseBytePiece(p);
      return b >= 0 ? Uint8Array.of(b) : utf8Encoder.encode(p);
    });
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }
  idToToken(id: number): string | undefined {
    return this.pieces[id];
  }

  encode(text: string, options: EncodeOptions = {}): Encoding {
    const symbols: ScoredSymbol[] = [];
    if (text.length > 0) {
      const space = this.vocab.get(" ");
      if (space === undefined) throw new TongguanError(t("tokenizers.llama2cTokenizer.llamaCTokenizerThe"));
      symbols.push({ id: space, start: 0, end: 0 });
    }
    for (let i = 0; i < text.length; ) {
      const w = text.codePointAt(i)! > 0xffff ? 2 : 1;
      const ch = text.slice(i, i + w);
      const id = this.vocab.get(ch);
      if (id !== undefined) symbols.push({ id, start: i, end: i + w });
      else for (const b of utf8Encoder.encode(ch)) symbols.push({ id: b + 3, start: i, end: i + w });
      i += w;
    }
    const merged = this.merger.merge(symbols);
    const ids = merged.map((s) => s.id);
    const offsets = merged.map((s) => [s.start, s.end] as [number, number]);
    if (options.addSpecialTokens) {
      ids.unshift(1);
      offsets.unshift([0, 0]);
    }
    return { ids, tokens: ids.map((id) => this.pieces[id]), offsets };
  }

  /** As run.c prints: `<0xNN>` is that byte, and a piece right after BOS loses its leading space. */
  decode(ids: number[], options: DecodeOptions = {}): string {
    const bytes: number[] = [];
    let prev = -1;
    for (const id of ids) {
      if (id < 0 || id >= this.pieces.length) continue;
      const isSpecial = id === 1 || id === 2;
      if (!(isSpecial && options.skipSpecialTokens)) {
        let b = this.pieceBytes[id];
        if (prev === 1 && b[0] === 0x20) b = b.subarray(1);
        for (const x of b) bytes.push(x);
      }
      prev = id;
    }
    return utf8Decoder.decode(Uint8Array.from(bytes));
  }
}

export function parseLlama2cTokenizer(data: Uint8Array, path: string): Llama2cTokenizer {
  if (data.length < 4)
    throw fileError(path, t("tokenizers.llama2cTokenizer.isBytesTooShort", { dataLength: data.length }));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const maxTokenLength = view.getInt32(0, true);
  if (maxTokenLength <= 0 || maxTokenLength > 1024)
    throw fileError(path, t("tokenizers.llama2cTokenizer.maxTokenLengthIs", { maxTokenLength }));
  const pieces: string[] = [];
  const scores: number[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let o = 4;
  while (o < data.length) {
    const id = pieces.length;
    if (o + 8 > data.length)
      throw fileError(path, t("tokenizers.llama2cTokenizer.truncatedTokenHeaderEnds", { id }));
    const score = view.getFloat32(o, true);
    const len = view.getInt32(o + 4, true);
    if (len < 0 || len > maxTokenLength)
      throw fileError(
        path,
        t("tokenizers.llama2cTokenizer.tokenHasLengthOutside", { id, len, maxTokenLength }),
      );
    if (o + 8 + len > data.length)
      throw fileError(path, t("tokenizers.llama2cTokenizer.truncatedTokenNeedsBytes", { id, len }));
    try {
      pieces.push(decoder.decode(data.subarray(o + 8, o + 8 + len)));
    } catch {
      throw fileError(path, t("tokenizers.llama2cTokenizer.tokenIsNotValid", { id }));
    }
    scores.push(score);
    o += 8 + len;
  }
  if (pieces.length < 259 || parseBytePiece(pieces[3]) !== 0)
    throw fileError(path, t("tokenizers.llama2cTokenizer.hasTokensALlama", { piecesLength: pieces.length }));
  return new Llama2cTokenizer(pieces, Float32Array.from(scores), maxTokenLength);
}

export async function loadLlama2cTokenizer(path: string): Promise<Tokenizer> {
  return parseLlama2cTokenizer(await readBytes(path), path);
}

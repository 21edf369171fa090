/**
 * How a tokenizer cuts each word, step by step — what `tokenize --trace` prints and the lab animates.
 *
 *   BPE (GPT-2, Qwen2, Llama 3; cl100k by rank): start from the word's bytes or characters, then
 *   join the adjacent pair of lowest rank, again and again:
 *     "lower": l o w e r → lo w e r (merge 1 "l"+"o") → low e r → low er
 *   WordPiece (BERT): the longest vocabulary entry the rest of the word starts with, `##` inside:
 *     "unaffable": un (tried "unaffable", "unaffabl", …) → ##aff → ##able
 *   Other models (SentencePiece, Unigram, llama2.c): the final pieces.
 *
 * Symbols are shown as text or bytes, never as byte-level mojibake: "Ġworld" is " world", the
 * byte-level "é" of a half character is <e9> (token-pieces.ts's `bytesLabel`).
 */
import { TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import { ByteLevelDecoder, DecoderSequence } from "../tokenizers/decoders.ts";
import { HfTokenizer } from "../tokenizers/hf-tokenizer.ts";
import { BpeModel } from "../tokenizers/models/bpe.ts";
import { RankBpeModel } from "../tokenizers/models/rank-bpe.ts";
import { WordPieceModel } from "../tokenizers/models/wordpiece.ts";
import { pieceOf } from "../tokenizers/piece.ts";
import type { Tokenizer } from "../tokenizers/types.ts";
import { CHAR_TO_BYTE } from "../tokenizers/unicode.ts";
import { bytesLabel } from "./token-pieces.ts";

export interface MergeStep {
  /** The two symbols joined, readable. */
  left: string;
  right: string;
  /** The merge's rank (its place in the merge list; for tiktoken the rank of the joined token). */
  rank: number;
  /** The word's symbols after this merge, readable. */
  symbols: string[];
}

export interface WordPieceStep {
  /** The piece found (with its `##`). */
  piece: string;
  /** Candidates tried before it, longest first (at most 8 shown). */
  tried: string[];
  triedCount: number;
}

export interface WordTrace {
  /** The word as the pre-tokenizer gave it, readable. */
  word: string;
  kind: "bpe" | "wordpiece" | "pieces";
  /** BPE: the symbols before any merge. */
  start?: string[];
  merges?: MergeStep[];
  wordpiece?: WordPieceStep[];
  /** The final tokens of the word (vocabulary strings) and ids. */
  tokens: string[];
  /** The same tokens, readable (text or <bytes>). */
  pieces: string[];
  ids: number[];
}

export interface TokenizerTrace {
  /** "bpe", "wordpiece" or "pieces" (a model whose steps are not traced). */
  model: string;
  words: WordTrace[];
}

/** Does this tokenizer spell bytes with GPT-2's byte characters? */
function isByteLevel(t: HfTokenizer): boolean {
  const d = t.decoder;
  if (d instanceof ByteLevelDecoder) return true;
  return d instanceof DecoderSequence && d.parts.some((p) => p instanceof ByteLevelDecoder);
}

/** A symbol as text or bytes: byte-level "Ġworld" → " world", "é" alone → "<e9>"; others as they are. */
export function readableSymbol(symbol: string, byteLevel: boolean): string {
  if (!byteLevel) return symbol;
  const bytes: number[] = [];
  for (const ch of symbol) {
    const b = ch.length === 1 ? CHAR_TO_BYTE[ch.charCodeAt(0)] : -1;
    if (b === undefined || b < 0) return symbol;
    bytes.push(b);
  }
  return bytesLabel(bytes);
}

/**
 * The plain BPE loop on one word (the lesson's version; models/bpe.ts is the fast one): join the
 * pair of lowest rank, leftmost on a tie, record each step.
 */
export function traceBpeWord(
  word: string,
  rankOf: (a: string, b: string) => number | undefined,
  show: (s: string) => string,
): { start: string[]; merges: MergeStep[]; symbols: string[] } {
  const symbols = [...word];
  const start = symbols.map(show);
  const merges: MergeStep[] = [];
  for (;;) {
    let best = -1;
    let bestRank = Number.POSITIVE_INFINITY;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const r = rankOf(symbols[i], symbols[i + 1]);
      if (r !== undefined && r < bestRank) {
        bestRank = r;
        best = i;
      }
    }
    if (best < 0) break;
    const [left, right] = [symbols[best], symbols[best + 1]];
    symbols.splice(best, 2, left + right);
    merges.push({ left: show(left), right: show(right), rank: bestRank, symbols: symbols.map(show) });
  }
  return { start, merges, symbols };
}

/** WordPiece's greedy longest match on one word, with the candidates it tried. */
function traceWordPiece(word: string, model: WordPieceModel): WordPieceStep[] {
  const steps: WordPieceStep[] = [];
  const chars = [...word];
  let start = 0;
  while (start < chars.length) {
    const tried: string[] = [];
    let found: string | undefined;
    let end = chars.length;
    for (; end > start; end--) {
      const sub = (start > 0 ? model.continuingSubwordPrefix : "") + chars.slice(start, end).join("");
      if (model.vocab.has(sub)) {
        found = sub;
        break;
      }
      tried.push(sub);
    }
    if (found === undefined) {
      steps.push({ piece: model.unkToken, tried: tried.slice(0, 8), triedCount: tried.length });
      break;
    }
    steps.push({ piece: found, tried: tried.slice(0, 8), triedCount: tried.length });
    start = end;
  }
  return steps;
}

/** The step-by-step cut of every word of `text` (added tokens such as `<|endoftext|>` are left out). */
export function traceTokenizer(tokenizer: Tokenizer, text: string): TokenizerTrace {
  if (!(tokenizer instanceof HfTokenizer)) {
    // SentencePiece / llama2.c: the pieces it produced
    const enc = tokenizer.encode(text);
    return {
      model: "pieces",
      words: [{ word: text, kind: "pieces", tokens: enc.tokens, pieces: enc.tokens, ids: enc.ids }],
    };
  }
  const byteLevel = isByteLevel(tokenizer);
  const show = (s: string) => readableSymbol(s, byteLevel);
  const normalized = tokenizer.normalizer ? tokenizer.normalizer.normalize(pieceOf(text)) : pieceOf(text);
  const words = tokenizer.preTokenizer ? tokenizer.preTokenizer.preTokenize(normalized) : [normalized];
  const model = tokenizer.model;
  const kind =
    model instanceof BpeModel || model instanceof RankBpeModel
      ? "bpe"
      : model instanceof WordPieceModel
        ? "wordpiece"
        : "pieces";
  const out: WordTrace[] = words
    .filter((w) => w.text.length > 0)
    .map((w) => {
      const final = model.tokenize(w.text);
      const tokens = final.map((t) => model.idToToken(t.id) ?? "");
      const ids = final.map((t) => t.id);
      const base = { word: show(w.text), tokens, pieces: tokens.map(show), ids };
      if (model instanceof BpeModel || model instanceof RankBpeModel) {
        const whole =
          model instanceof RankBpeModel
            ? model.ranks.has(w.text) // tiktoken looks the whole word up first
            : model.options.ignoreMerges && model.vocab.has(w.text);
        if (whole) return { ...base, kind: "bpe" as const, start: [show(w.text)], merges: [] };
        if (model instanceof BpeModel && [...w.text].some((c) => !model.vocab.has(c)))
          // byte fallback or unknown characters: the fast model's own result stands
          return { ...base, kind: "pieces" as const };
        const r = traceBpeWord(w.text, (a, b) => model.rankOf(a, b), show);
        if (r.symbols.join("\u0000") !== tokens.join("\u0000"))
          throw new TongguanError(tr("instruments.tokenizerTrace.tokenizeTraceTheTraced", { text: w.text }));
        return { ...base, kind: "bpe" as const, start: r.start, merges: r.merges };
      }
      if (model instanceof WordPieceModel)
        return { ...base, kind: "wordpiece" as const, wordpiece: traceWordPiece(w.text, model) };
      return { ...base, kind: "pieces" as const };
    });
  return { model: kind, words: out };
}

/**
 * Byte-Pair Encoding as Hugging Face `tokenizers` runs it (GPT-2, Llama 3, Qwen2, Llama 2's
 * tokenizer.json). Training learned an ordered list of merges; encoding a word starts from its
 * characters and repeatedly applies the merge of lowest rank (earliest learned) among the adjacent
 * pairs, the leftmost first, until no pair has a merge:
 *
 *   merges: 1 "l o", 2 "lo w", 3 "e r"       word "lower"
 *   l o w e r → lo w e r → low e r → low er
 */
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { bytePiece, utf8Encoder } from "../unicode.ts";
import { MinHeap, POSITION_LIMIT } from "./min-heap.ts";
import { invertVocab, type Model, type ModelToken } from "./model.ts";

export interface BpeOptions {
  unkToken?: string | null;
  /** Prefix of tokens that continue a word (`##`), or empty. */
  continuingSubwordPrefix?: string | null;
  endOfWordSuffix?: string | null;
  /** Several unknown characters in a row give one unknown token. */
  fuseUnk?: boolean;
  /** Characters not in the vocabulary become their UTF-8 bytes `<0xNN>` (Llama 2). */
  byteFallback?: boolean;
  /** A word that is itself in the vocabulary is emitted whole, without merging (Llama 3). */
  ignoreMerges?: boolean;
}

const ID_BITS = 2 ** 22;

export class BpeModel implements Model {
  readonly idToTokenTable: string[];
  readonly size: number;
  /** (left id, right id) packed as left * size + right → rank * 2^22 + merged id. */
  private readonly merges = new Map<number, number>();
  private readonly cache = new Map<string, ModelToken[]>();
  private readonly unkId: number | undefined;

  constructor(
    readonly vocab: Map<string, number>,
    merges: [string, string][],
    readonly options: BpeOptions = {},
    where = "BPE model",
    /** id → token, when the vocabulary has duplicate strings (GGUF token lists may). */
    tokens?: string[],
  ) {
    this.idToTokenTable = tokens ?? invertVocab(vocab);
    this.size = this.idToTokenTable.length;
    if (this.size >= ID_BITS)
      throw new TongguanError(t("tokenizers.models.bpe.vocabularyOfIsToo", { where, size: this.size }));
    const prefix = options.continuingSubwordPrefix ?? "";
    merges.forEach(([a, b], rank) => {
      const left = vocab.get(a);
      const right = vocab.get(b);
      const merged = b.startsWith(prefix) && prefix ? a + b.slice(prefix.length) : a + b;
      const id = vocab.get(merged);
      if (left === undefined || right === undefined || id === undefined)
        throw new TongguanError(t("tokenizers.models.bpe.mergeUsesAToken", { where, rank, a, b }));
      this.merges.set(left * this.size + right, rank * ID_BITS + id);
    });
    this.unkId = options.unkToken != null ? vocab.get(options.unkToken) : undefined;
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }
  idToToken(id: number): string | undefined {
    return this.idToTokenTable[id];
  }

  /** The rank of the merge "a b" (lower merges first), or undefined when a and b never merge. */
  rankOf(a: string, b: string): number | undefined {
    const left = this.vocab.get(a);
    const right = this.vocab.get(b);
    if (left === undefined || right === undefined) return undefined;
    const m = this.merges.get(left * this.size + right);
    return m === undefined ? undefined : Math.floor(m / ID_BITS);
  }

  tokenize(word: string): ModelToken[] {
    const hit = this.cache.get(word);
    if (hit) return hit;
    const out = this.tokenizeUncached(word);
    if (this.cache.size > 100_000) this.cache.clear();
    this.cache.set(word, out);
    return out;
  }

  private tokenizeUncached(word: string): ModelToken[] {
    if (word.length === 0) return [];
    const o = this.options;
    if (o.ignoreMerges) {
      const id = this.vocab.get(word);
      if (id !== undefined) return [{ id, start: 0, end: word.length }];
    }
    if (word.length >= POSITION_LIMIT)
      throw new TongguanError(t("tokenizers.models.bpe.aWordOfCharacters", { wordLength: word.length }));
    // 1. One symbol per character (or its bytes, or the unknown token).
    const ids: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const prefix = o.continuingSubwordPrefix ?? "";
    const suffix = o.endOfWordSuffix ?? "";
    let lastWasUnk = false;
    for (let i = 0; i < word.length; ) {
      const w = word.codePointAt(i)! > 0xffff ? 2 : 1;
      let s = w === 1 ? word[i] : word.slice(i, i + 2);
      const ch = s;
      if (prefix && i > 0) s = prefix + s;
      if (suffix && i + w === word.length) s += suffix;
      const id = this.vocab.get(s);
      if (id !== undefined) {
        ids.push(id);
        starts.push(i);
        ends.push(i + w);
        lastWasUnk = false;
      } else {
        const bytes = o.byteFallback
          ? [...utf8Encoder.encode(ch)].map((b) => this.vocab.get(bytePiece(b)))
          : [];
        if (bytes.length > 0 && bytes.every((b) => b !== undefined)) {
          for (const b of bytes) {
            ids.push(b!);
            starts.push(i);
            ends.push(i + w);
          }
          lastWasUnk = false;
        } else if (this.unkId === undefined) {
          throw new TongguanError(t("tokenizers.models.bpe.characterIsNotIn", { ch: JSON.stringify(ch) }));
        } else if (o.fuseUnk && lastWasUnk) {
          ends[ends.length - 1] = i + w;
        } else {
          ids.push(this.unkId);
          starts.push(i);
          ends.push(i + w);
          lastWasUnk = true;
        }
      }
      i += w;
    }
    // 2. Merge: a heap of candidate pairs keyed by (rank, position of the left symbol).
    const n = ids.length;
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      next[k] = k + 1 < n ? k + 1 : -1;
      prev[k] = k - 1;
    }
    const alive = new Uint8Array(n).fill(1);
    const heap = new MinHeap();
    const size = this.size;
    const pushPair = (left: number) => {
      const right = next[left];
      if (right < 0) return;
      const m = this.merges.get(ids[left] * size + ids[right]);
      if (m !== undefined) heap.push(Math.floor(m / ID_BITS) * POSITION_LIMIT + left);
    };
    for (let k = 0; k + 1 < n; k++) pushPair(k);
    for (let top = heap.pop(); top !== undefined; top = heap.pop()) {
      const left = top % POSITION_LIMIT;
      const rank = Math.floor(top / POSITION_LIMIT);
      const right = next[left];
      if (!alive[left] || right < 0) continue;
      const m = this.merges.get(ids[left] * size + ids[right]);
      // Stale entry: the pair has changed since it was queued.
      if (m === undefined || Math.floor(m / ID_BITS) !== rank) continue;
      ids[left] = m % ID_BITS;
      ends[left] = ends[right];
      alive[right] = 0;
      next[left] = next[right];
      if (next[right] >= 0) prev[next[right]] = left;
      if (prev[left] >= 0) pushPair(prev[left]);
      pushPair(left);
    }
    const out: ModelToken[] = [];
    for (let k = 0; k >= 0 && k < n; k = next[k]) out.push({ id: ids[k], start: starts[k], end: ends[k] });
    return out;
  }
}

// Test doubles for the generation tests: a tiny tokenizer over a handful of byte strings and a
// causal LM whose next-token logits come from a fixed table indexed by the last token.
import { TongguanError } from "../../src/errors.ts";
import type { CausalLM, CausalLMSession } from "../../src/models/types.ts";
import type { Encoding, Tokenizer } from "../../src/tokenizers/types.ts";

/**
 * Vocabulary: 0 <eos>, 1 <bos>, then text pieces. "é" is split over two byte tokens (0xC3, 0xA9)
 * so UTF-8 safety can be tested; decode joins the bytes and decodes them (unfinished → U+FFFD).
 */
export const PIECES: (string | number[])[] = [
  "<eos>",
  "<bos>",
  "a",
  "b",
  " ",
  "c",
  [0xc3],
  [0xa9],
  "STOP",
  "\n",
];

export class FakeTokenizer implements Tokenizer {
  readonly vocabSize = PIECES.length;
  readonly specialTokens = { bos: 1, eos: 0 };
  /**
   * `sentencePieceSpaces`: decode drops the leading space of the text's first piece, as
   * SentencePiece/Metaspace decoders do ("▁Hello" alone decodes to "Hello").
   */
  constructor(
    readonly chatTemplate?: string,
    readonly sentencePieceSpaces = false,
  ) {}

  private bytes(id: number): number[] {
    const p = PIECES[id];
    if (p === undefined) throw new Error(`fake tokenizer: id ${id}`);
    if (id < 2) return [];
    return typeof p === "string" ? [...Buffer.from(p, "utf8")] : p;
  }

  /** Greedy longest match over the string pieces (enough for tests); BOS when addSpecialTokens. */
  encode(text: string, options: { addSpecialTokens?: boolean } = {}): Encoding {
    const ids: number[] = options.addSpecialTokens ? [1] : [];
    let i = 0;
    while (i < text.length) {
      let best = -1;
      for (let id = 2; id < PIECES.length; id++) {
        const p = PIECES[id];
        if (
          typeof p === "string" &&
          text.startsWith(p, i) &&
          (best < 0 || p.length > (PIECES[best] as string).length)
        )
          best = id;
      }
      if (text[i] === "é") {
        ids.push(6, 7);
        i++;
        continue;
      }
      if (best < 0) throw new TongguanError(`fake tokenizer cannot encode ${JSON.stringify(text[i])}`);
      ids.push(best);
      i += (PIECES[best] as string).length;
    }
    return { ids, tokens: ids.map((id) => String(PIECES[id])), offsets: ids.map(() => [0, 0]) };
  }

  decode(ids: number[]): string {
    const text = Buffer.from(ids.flatMap((id) => this.bytes(id))).toString("utf8");
    return this.sentencePieceSpaces && text.startsWith(" ") ? text.slice(1) : text;
  }
  tokenToId(token: string): number | undefined {
    const i = PIECES.indexOf(token);
    return i < 0 ? undefined : i;
  }
  idToToken(id: number): string | undefined {
    const p = PIECES[id];
    return typeof p === "string" ? p : undefined;
  }
}

/** logits for the next token = table[last token]; rows default to a flat distribution. */
export class TableModel implements CausalLM {
  readonly architecture = "table";
  readonly vocabSize = PIECES.length;
  /** Every forward call's ids, for checking prefill/decode and cache reuse. */
  readonly calls: number[][] = [];
  constructor(
    readonly table: Record<number, number[]>,
    readonly contextLength = 64,
  ) {}

  newSession(): CausalLMSession {
    const model = this;
    const cache: number[] = [];
    return {
      get position() {
        return cache.length;
      },
      contextLength: model.contextLength,
      forward(ids: number[]): Float32Array {
        if (cache.length + ids.length > model.contextLength) throw new TongguanError("context full");
        model.calls.push([...ids]);
        cache.push(...ids);
        const row = model.table[cache[cache.length - 1]] ?? new Array(model.vocabSize).fill(0);
        return Float32Array.from(row);
      },
      truncate(position: number) {
        cache.length = position;
      },
    };
  }
}

/** A row of logits that strongly prefers `id` (10 vs 0). */
export function prefer(id: number, vocab = PIECES.length): number[] {
  return Array.from({ length: vocab }, (_, i) => (i === id ? 10 : 0));
}

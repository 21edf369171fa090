/**
 * An Encoding whose `tokens` and `offsets` are built on first use. Encoding is mostly about ids
 * (a model reads nothing else); making a string and a [start, end] pair for every token that
 * nobody looks at was the largest cost of encode after the BPE itself.
 */
import { IdBuffer } from "./id-buffer.ts";
import type { Encoding } from "./types.ts";

/** Token ids with their offsets, collected while encoding (the offsets in Int32Arrays: 4 bytes each). */
export class EncodingBuilder {
  readonly ids: number[] = [];
  private readonly startBuf = new IdBuffer(64);
  private readonly endBuf = new IdBuffer(64);
  push(id: number, start: number, end: number): void {
    this.ids.push(id);
    this.startBuf.push(start);
    this.endBuf.push(end);
  }
  /** [start, end) of each token in the text, in UTF-16 code units (views: valid until the next push). */
  get starts(): Int32Array {
    return this.startBuf.view();
  }
  get ends(): Int32Array {
    return this.endBuf.view();
  }
}

export function lazyEncoding(b: EncodingBuilder, idToToken: (id: number) => string | undefined): Encoding {
  let tokens: string[] | undefined;
  let offsets: [number, number][] | undefined;
  const enc = { ids: b.ids } as Encoding;
  Object.defineProperties(enc, {
    tokens: {
      enumerable: true,
      get: () => {
        tokens ??= b.ids.map((id) => idToToken(id) ?? "");
        return tokens;
      },
      set: (v: string[]) => {
        tokens = v;
      },
    },
    offsets: {
      enumerable: true,
      get: () => {
        const starts = b.starts;
        const ends = b.ends;
        offsets ??= b.ids.map((_, i) => [starts[i], ends[i]] as [number, number]);
        return offsets;
      },
      set: (v: [number, number][]) => {
        offsets = v;
      },
    },
  });
  return enc;
}

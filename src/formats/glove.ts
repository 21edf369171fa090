/**
 * GloVe's text format (Pennington et al. 2014): word2vec text without the header line.
 *
 *   the -0.038194 -0.24487 0.72812 ...
 *   , -0.10767 0.11053 0.59812 ...
 *
 * The number of dimensions is the number of fields on the first line minus one; every other line
 * must agree. Read in chunks, like ./word2vec.ts.
 */

import { fileError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { ChunkedFile } from "./chunked-file.ts";
import {
  type ReadVectorsOptions,
  readTextRows,
  type WordVectorTable,
  writeWord2VecText,
} from "./word2vec.ts";

export function readGloveText(path: string, options: ReadVectorsOptions = {}): WordVectorTable {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isInteger(limit) || limit < 1)) {
    throw fileError(path, t("formats.glove.limitMustBeA", { limit }));
  }
  const file = new ChunkedFile(path, options.chunkBytes);
  try {
    const table = readTextRows(file, path, undefined, limit, options.allocate);
    if (table.words.length === 0) throw fileError(path, t("formats.glove.noVectorsTheFile"));
    return table;
  } finally {
    file.close();
  }
}

export function writeGloveText(path: string, table: WordVectorTable): void {
  writeWord2VecText(path, table, { header: false });
}

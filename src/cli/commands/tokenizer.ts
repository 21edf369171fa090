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
  const tokenizer = program.command("tokenizer").description("work with tokenizers (train your own BPE)");
  tokenizer
    .command("train")
    .description("train a byte-level BPE tokenizer and write DIR/tokenizer.json")
    .argument("<corpus...>", "UTF-8 text files to learn from")
    .requiredOption(
      "--vocab-size <n>",
      "tokens in the final vocabulary: 256 bytes + merges + special tokens",
      toInteger,
    )
    .requiredOption("--out <dir>", "folder to write tokenizer.json into (created if needed)")
    .option("--special <token>", "a special token, e.g. <|endoftext|> (repeat for more)", collect)
    .option("--algorithm <name>", "fast (incremental counts) or plain (recount every step, to read)", "fast")
    .option("--verbose", "print every merge: the pair, the new token and its count")
    .addHelpText(
      "after",
      "\nExample:\n  tongguan tokenizer train notes.txt --vocab-size 1000 --out my-bpe --special '<|endoftext|>' --verbose",
    )
    .action((corpus: string[], flags: TrainFlags) => train(corpus, flags));
}

function toInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new TongguanError(`--vocab-size ${value}: expected a whole number such as 2000`);
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
      throw fileError(path, code === "ENOENT" ? "no such file" : `cannot read (${code ?? String(err)})`);
    }
    try {
      return utf8.decode(bytes);
    } catch {
      throw fileError(path, "not UTF-8 text; the trainer reads UTF-8 text files");
    }
  });
  const text = texts.join("\n");
  if (text.trim().length === 0) throw new TongguanError(`${paths.join(", ")}: no text to train on`);
  return text;
}

function train(paths: string[], flags: TrainFlags): void {
  if (flags.algorithm !== "fast" && flags.algorithm !== "plain") {
    throw new TongguanError(`--algorithm ${flags.algorithm}: expected fast or plain`);
  }
  const text = readCorpus(paths);
  const started = performance.now();
  const merges = flags.vocabSize - 256 - new Set(flags.special ?? []).size;

  const out = process.stdout;
  if (flags.verbose)
    out.write("tokens as text in quotes, bytes that are not a whole character as <e9 80> (bytesLabel)\n");
  // A bar for long runs, on a terminal only, and not when --verbose is already printing every step.
  const bar =
    !flags.verbose && process.stderr.isTTY && merges > 0
      ? new cliProgress.SingleBar(
          {
            format: "training BPE {bar} {value}/{total} merges | {eta_formatted} left",
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
        `merge ${n}/${merges}: ${show(m.left)} + ${show(m.right)} -> ${show(m.id)} (id ${m.id}, count ${m.count})\n`,
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
    `wrote ${path}: ${total} tokens (256 bytes + ${model.size - 256} merged + ${model.specialTokens.length} special), ` +
      `trained on ${Buffer.byteLength(text)} bytes in ${seconds} s\n`,
  );
  if (total < flags.vocabSize) {
    out.write(
      `note: the corpus ran out of pairs to merge at ${total} tokens (asked for ${flags.vocabSize})\n`,
    );
  }
}

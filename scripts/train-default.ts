/**
 * `npm run train:default` — reproduces the model tongguan ships (assets/default-model): a small
 * GPT-2 trained from scratch, with tongguan's own code, on the King James Bible.
 *
 * The text comes from Debian's `bible-kjv` package (`apt-get install bible-kjv`; the KJV text is in
 * the public domain — its copyright expired long ago — and the package's data is "provided for
 * unrestricted use"). One verse per line, a blank line and a heading before each chapter.
 *
 * Steps: dump the text with the package's `bible` program → train a 2048-token BPE and the model
 * with `tongguan train gpt` (the same command a learner runs) into .cache/train-default/ → copy
 * config.json, model.safetensors, tokenizer.json and loss-curve.svg into assets/default-model/, with
 * tokenizer_config.json (a plain chat template) and training-log.json (the losses). `--copy-only`
 * does the last part alone. About 17 minutes on 2 quiet cores (the run resumes if stopped).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const work = join(root, ".cache", "train-default");
const assets = join(root, "assets", "default-model");

/** The shape and schedule of the shipped model (docs/default-model.md reports the result). */
export const DEFAULT_MODEL_FLAGS = [
  ...["--vocab-size", "2048", "--arch", "gpt2", "--layers", "4", "--dim", "128", "--heads", "4"],
  ...["--ctx", "64", "--batch", "24", "--steps", "600", "--lr", "3e-3", "--warmup", "30", "--seed", "1"],
  ...["--eval-every", "100", "--eval-batches", "2", "--sample-tokens", "40"],
];

function kjvText(): string {
  const r = spawnSync("bible", ["-l10000", "gen1:1-rev22:21"], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0)
    throw new Error(
      "the KJV text comes from Debian's bible-kjv package: apt-get install bible-kjv (then rerun)",
    );
  const lines: string[] = [];
  for (const line of r.stdout.split("\n")) {
    if (line.trim() === "") continue;
    const verse = /^\s+\d+ (.*)$/.exec(line);
    if (verse) lines.push(verse[1].trim());
    else lines.push((lines.length > 0 ? "\n" : "") + line.trim()); // a chapter heading, "Genesis 1"
  }
  return `${lines.join("\n")}\n`;
}

/**
 * A base model has no chat format of its own: `chat` shows it the conversation as plain lines,
 * which it continues in the style of its corpus.
 */
const TOKENIZER_CONFIG = {
  tokenizer_class: "PreTrainedTokenizerFast",
  eos_token: "<|endoftext|>",
  chat_template: "{% for m in messages %}{{ m['content'] }}\n{% endfor %}",
};

function copyIntoAssets(out: string): void {
  mkdirSync(assets, { recursive: true });
  for (const f of ["config.json", "model.safetensors", "tokenizer.json", "loss-curve.svg"])
    copyFileSync(join(out, f), join(assets, f));
  // The run's log without its machine-specific paths: steps, losses, validation losses.
  const state = JSON.parse(readFileSync(join(out, "trainer.json"), "utf8"));
  const { out: _out, ...options } = state.options;
  writeFileSync(
    join(assets, "training-log.json"),
    `${JSON.stringify({ options, train: state.train, val: state.val })}\n`,
  );
  writeFileSync(join(assets, "tokenizer_config.json"), `${JSON.stringify(TOKENIZER_CONFIG, null, 2)}\n`);
  process.stdout.write(`copied the model into ${assets}\n`);
}

function main(): void {
  const out = join(work, "model");
  if (process.argv.includes("--copy-only")) {
    copyIntoAssets(out);
    return;
  }
  mkdirSync(work, { recursive: true });
  const corpus = join(work, "kjv.txt");
  if (!existsSync(corpus)) writeFileSync(corpus, kjvText());
  const resume = existsSync(join(out, "trainer.json")) ? ["--resume"] : [];
  const r = spawnSync(
    process.execPath,
    [
      join(root, "bin", "tongguan.js"),
      "train",
      "gpt",
      "--corpus",
      corpus,
      ...DEFAULT_MODEL_FLAGS,
      "--out",
      out,
      ...resume,
    ],
    { stdio: "inherit" },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
  copyIntoAssets(out);
}

main();

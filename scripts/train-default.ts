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
 * config.json, model.safetensors, tokenizer.json and loss-curve.svg into assets/default-model/.
 * Minutes to an hour on 2 cores.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const work = join(root, ".cache", "train-default");
const assets = join(root, "assets", "default-model");

/** The shape and schedule of the shipped model (docs/default-model.md reports the result). */
export const DEFAULT_MODEL_FLAGS = [
  "--vocab-size",
  "2048",
  "--arch",
  "gpt2",
  "--layers",
  "4",
  "--dim",
  "128",
  "--heads",
  "4",
  "--ctx",
  "128",
  "--batch",
  "12",
  "--steps",
  "360",
  "--lr",
  "3e-3",
  "--warmup",
  "30",
  "--seed",
  "1",
  "--eval-every",
  "40",
  "--eval-batches",
  "2",
  "--sample-tokens",
  "40",
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

function main(): void {
  mkdirSync(work, { recursive: true });
  const corpus = join(work, "kjv.txt");
  if (!existsSync(corpus)) writeFileSync(corpus, kjvText());
  const out = join(work, "model");
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
  mkdirSync(assets, { recursive: true });
  for (const f of ["config.json", "model.safetensors", "tokenizer.json", "loss-curve.svg", "trainer.json"])
    copyFileSync(join(out, f), join(assets, f === "trainer.json" ? "training-log.json" : f));
  process.stdout.write(`copied the model into ${assets}\n`);
}

main();

/**
 * `tongguan train gpt` end to end on a tiny corpus and model: it writes a checkpoint `run` loads;
 * Ctrl-C stops it with a resumable checkpoint; `--resume` continues to the same weights a run
 * without the interruption reaches.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCliSync, spawnCli } from "../helpers/cli.ts";

const tmp = mkdtempSync(join(tmpdir(), "tongguan-gpt-"));
const corpus = join(tmp, "corpus.txt");
const words = ["the", "lord", "said", "unto", "moses", "and", "aaron", "go", "forth", "in", "peace", "light"];
let seed = 7;
const lines: string[] = [];
for (let l = 0; l < 400; l++) {
  const n = 4 + (l % 6);
  const line: string[] = [];
  for (let w = 0; w < n; w++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    line.push(words[seed % words.length]);
  }
  lines.push(`${line.join(" ")}.`);
}
writeFileSync(corpus, `${lines.join("\n")}\n`);
const shape = [
  "--vocab-size",
  "300",
  "--layers",
  "1",
  "--dim",
  "16",
  "--heads",
  "2",
  "--ctx",
  "16",
  "--batch",
  "4",
];
const common = [
  "train",
  "gpt",
  "--corpus",
  corpus,
  ...shape,
  "--eval-every",
  "3",
  "--eval-batches",
  "1",
  "--sample-tokens",
  "5",
];

test("train gpt writes a checkpoint that run loads, with a loss curve", () => {
  const out = join(tmp, "a");
  const r = runCliSync([...common, "--steps", "6", "--out", out]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /validation loss/);
  assert.match(readFileSync(join(out, "loss-curve.svg"), "utf8"), /^<svg/);
  const run = runCliSync(["run", out, "the lord", "--max-tokens", "4", "--temperature", "0"]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^the lord/);
  // resuming a finished run to more steps = one longer run (same batches, same moments)
  const b = join(tmp, "b");
  assert.equal(runCliSync([...common, "--steps", "9", "--out", b]).status, 0);
  assert.equal(runCliSync([...common, "--steps", "9", "--out", out, "--resume"]).status, 0);
  assert.deepEqual(readFileSync(join(out, "model.safetensors")), readFileSync(join(b, "model.safetensors")));
  // an existing run is not overwritten by accident
  const again = runCliSync([...common, "--steps", "6", "--out", out]);
  assert.equal(again.status, 1);
  assert.match(again.stderr.trim(), /^tongguan: --out .*add --resume/);
});

test("Ctrl-C saves a resumable checkpoint", async () => {
  const out = join(tmp, "c");
  const child = spawnCli([...common, "--steps", "100000", "--out", out]);
  let err = "";
  const code = await new Promise<number | null>((resolve) => {
    child.stderr.on("data", (d) => {
      err += d;
      if (/step \d+\/100000/.test(err) && !child.killed) child.kill("SIGINT");
    });
    child.on("close", resolve);
  });
  assert.equal(code, 130, err);
  assert.match(err, /stopped at step \d+.*--resume/);
  const state = JSON.parse(readFileSync(join(out, "trainer.json"), "utf8"));
  assert.ok(state.step >= 1);
});

test("a NaN loss stops with one line and keeps the last good checkpoint", () => {
  const out = join(tmp, "nan");
  const r = runCliSync([...common, "--steps", "40", "--lr", "1e9", "--warmup", "0", "--out", out]);
  assert.equal(r.status, 1, r.stderr);
  const last = r.stderr.trim().split("\n").at(-1)!;
  assert.match(
    last,
    /^tongguan: step \d+: the loss became NaN\/infinite .*(checkpoint \(step \d+\) is kept|no checkpoint)/,
  );
});

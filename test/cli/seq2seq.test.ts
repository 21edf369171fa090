import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runCliSync } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-seq2seq-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const tongguan = (args: string[]) => runCliSync(args);

test("seq2seq train writes config.json and model.safetensors (no temporary file left) and reports test accuracy", () => {
  const out = join(dir, "numbers");
  const r = tongguan([
    "seq2seq",
    "train",
    "--task",
    "numbers",
    "--model",
    "lstm-attention",
    "--steps",
    "3",
    "--dim",
    "8",
    "--out",
    out,
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /lstm-attention on numbers: 3 steps .* test accuracy \d+\.\d%/);
  assert.match(r.stderr, /step 3\/3, loss \d/);
  assert.deepEqual(readdirSync(out).sort(), ["config.json", "model.safetensors"]);
});

test("seq2seq translate --json: the output, and one attention row per output token (and </s>) summing to 1", () => {
  const r = tongguan(["seq2seq", "translate", join(dir, "numbers"), "三百零四", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(typeof j.output, "string");
  assert.deepEqual(j.source, ["三", "百", "零", "四"]);
  assert.equal(j.attention.length, j.target.length);
  assert.equal(j.target[j.target.length - 1], "</s>");
  for (const row of j.attention) {
    assert.equal(row.length, 4);
    assert.ok(Math.abs(row.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-5);
  }
});

test("seq2seq translate --show-attention prints the source as the heatmap's header", () => {
  const r = tongguan([
    "seq2seq",
    "translate",
    join(dir, "numbers"),
    "three hundred and four",
    "--show-attention",
  ]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.ok(lines.length >= 3);
  assert.match(lines[1], /t h r e e ␣ h u n d r e d/);
  assert.match(lines[lines.length - 1], /^<\/s>/);
});

test("seq2seq: bad input is a one-line error naming the argument", () => {
  const cases: [string[], RegExp][] = [
    [
      ["seq2seq", "train", "--task", "poems", "--model", "lstm", "--out", join(dir, "x")],
      /--task poems: unknown task/,
    ],
    [
      ["seq2seq", "train", "--task", "reverse", "--model", "cnn", "--out", join(dir, "x")],
      /--model cnn: unknown model/,
    ],
    [
      [
        "seq2seq",
        "train",
        "--task",
        "reverse",
        "--model",
        "lstm",
        "--attention",
        "dot",
        "--out",
        join(dir, "x"),
      ],
      /--attention dot: model lstm has no attention/,
    ],
    [["seq2seq", "translate", join(dir, "nowhere"), "one"], /nowhere: not a seq2seq model folder/],
    [
      ["seq2seq", "translate", join(dir, "numbers"), "one!"],
      /character "!" is not in this model's vocabulary/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = tongguan(args);
    assert.equal(r.status, 1, args.join(" "));
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
  assert.ok(!existsSync(join(dir, "x")));
});

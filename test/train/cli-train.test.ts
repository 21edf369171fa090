/**
 * `tongguan train` as a user runs it: `--from … --batches … --json` reproduces PyTorch's losses,
 * gradient norms and weights; `train gpt` trains and writes a checkpoint `run` loads; bad input is
 * one line on stderr.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runCliSync } from "../helpers/cli.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { assertWeightsMatch, tensors } from "./compare.ts";

const tmp = mkdtempSync(join(tmpdir(), "tongguan-train-"));

for (const name of ["gpt2-tiny", "llama-tiny"]) {
  test(`train --from ${name} --batches --json reproduces PyTorch`, {
    skip: fixturesMissing(`training/${name}`),
  }, () => {
    const dir = fixture("training", name);
    const e = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8"));
    const out = join(tmp, name);
    const r = runCliSync([
      "train",
      "--from",
      dir,
      "--batches",
      join(dir, "batches.jsonl"),
      "--steps",
      String(e.steps),
      "--lr",
      String(e.lr),
      "--betas",
      e.betas.join(","),
      "--eps",
      String(e.eps),
      "--weight-decay",
      String(e.weight_decay),
      "--grad-clip",
      String(e.grad_clip),
      "--out",
      out,
      "--json",
    ]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, e.steps);
    lines.forEach((l, s) => {
      assert.equal(l.step, s);
      assert.ok(Math.abs(l.loss - e.log[s].loss) <= 1e-4 * e.log[s].loss, `step ${s} loss ${l.loss}`);
      assert.ok(
        Math.abs(l.grad_norm - e.log[s].grad_norm_before_clip) <= 1e-4 * e.log[s].grad_norm_before_clip,
        `step ${s} grad_norm`,
      );
    });
    assert.deepEqual(
      JSON.parse(readFileSync(join(out, "config.json"), "utf8")),
      JSON.parse(readFileSync(join(dir, "config.json"), "utf8")),
    );
    assertWeightsMatch(
      tensors(join(out, "model.safetensors")),
      tensors(join(dir, "after-3-steps.safetensors")),
      tensors(join(dir, "grads-step0.safetensors")),
      e.steps,
      e.lr,
    );
  });
}

describe("bad input is one line", () => {
  const oneLine = (args: string[], pattern: RegExp) => {
    const r = runCliSync(args);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const err = r.stderr.trim();
    assert.equal(err.split("\n").length, 1, err);
    assert.match(err, pattern);
  };
  const write = (name: string, content: string | Buffer) => {
    const p = join(tmp, name);
    writeFileSync(p, content);
    return p;
  };
  test("corpus: empty, binary, smaller than one batch", () => {
    oneLine(["train", "gpt", "--corpus", write("empty.txt", ""), "--out", join(tmp, "o1")], /empty/);
    oneLine(
      ["train", "gpt", "--corpus", write("bin.txt", Buffer.from([1, 0, 2, 3])), "--out", join(tmp, "o2")],
      /binary/,
    );
    oneLine(
      [
        "train",
        "gpt",
        "--corpus",
        write("small.txt", "a tiny text. ".repeat(20)),
        "--vocab-size",
        "260",
        "--out",
        join(tmp, "o3"),
      ],
      /too small/,
    );
  });
  test("--from: not a folder, not a checkpoint", () => {
    oneLine(
      ["train", "--from", join(tmp, "nope"), "--batches", "x", "--lr", "1", "--out", join(tmp, "o4")],
      /not a folder/,
    );
    oneLine(
      ["train", "--from", tmp, "--batches", "x", "--lr", "1", "--out", join(tmp, "o5")],
      /no config\.json/,
    );
  });
  test("batches: ids out of range, ragged rows", { skip: fixturesMissing("training/gpt2-tiny") }, () => {
    const dir = fixture("training", "gpt2-tiny");
    const base = ["train", "--from", dir, "--lr", "1e-3", "--out", join(tmp, "o6"), "--batches"];
    oneLine(
      [...base, write("range.jsonl", '{"inputs": [[1, 500]], "targets": [[2, 3]]}\n')],
      /id 500 .*outside the vocabulary 0\.\.127/,
    );
    oneLine(
      [...base, write("ragged.jsonl", '{"inputs": [[1, 2], [3]], "targets": [[2, 3], [4]]}\n')],
      /ragged rows/,
    );
  });
});

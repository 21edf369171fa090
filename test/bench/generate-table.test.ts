import assert from "node:assert/strict";
import { test } from "node:test";
import { cells, fitPrompt, mergeTable } from "../../bench/generate-table.ts";

const HEAD = ["| model | threads | prompt | tok/s |", "| --- | ---: | ---: | ---: |"];
const key = (l: string) => cells(l).slice(0, 3).join("|");
const order = (l: string) => {
  const c = cells(l);
  return [c[0] === "GPT-2" ? 0 : 1, -Number(c[1]), Number(c[2])];
};

test("mergeTable: a run's measured rows replace theirs, rows it did not measure stay, all in table order", () => {
  const old = [
    "## Generation",
    "",
    ...HEAD,
    "| Qwen2 | 2 | 128 | 50 |",
    "| GPT-2 | 2 | 128 | 150 |",
    "| GPT-2 | 2 | 1024 | 90 |",
    "",
    "### What limits each gap",
    "| not | a | row | here |",
  ].join("\n");
  const merged = mergeTable(
    old,
    HEAD,
    [
      { line: "| GPT-2 | 2 | 1024 | 95 |", measured: true }, // measured again: replaces 90
      { line: "| GPT-2 | 1 | 128 | 80 |", measured: true }, // new: a 1-thread row
      { line: "| GPT-2 | 2 | 128 | not measured (time) | |", measured: false }, // keeps the old 150
      { line: "| Qwen2 | 2 | 4096 | too long | |", measured: false }, // fills a gap
    ],
    key,
    order,
  );
  assert.deepEqual(merged, [
    ...HEAD,
    "| GPT-2 | 2 | 128 | 150 |",
    "| GPT-2 | 2 | 1024 | 95 |",
    "| GPT-2 | 1 | 128 | 80 |",
    "| Qwen2 | 2 | 128 | 50 |",
    "| Qwen2 | 2 | 4096 | too long | |",
  ]);
  // A doc without the table (or with another header): only this run's rows.
  assert.deepEqual(
    mergeTable("## Generation\n", HEAD, [{ line: "| Qwen2 | 1 | 128 | 9 |", measured: true }], key, order),
    [...HEAD, "| Qwen2 | 1 | 128 | 9 |"],
  );
});

test("fitPrompt: the model's context bounds a row's prompt (GPT-2: 1024 tokens)", () => {
  assert.deepEqual(fitPrompt(128, 128, 1024), { prompt: 128 });
  assert.deepEqual(fitPrompt(896, 128, 1024), { prompt: 896 });
  const shrunk = fitPrompt(1024, 128, 1024);
  assert.equal(shrunk.prompt, 896);
  assert.match(shrunk.note ?? "", /1024-token prompt asked for: .* 896 \+ 128/);
  assert.equal(shrunk.skip, undefined);
  const skipped = fitPrompt(4096, 128, 1024);
  assert.match(
    skipped.skip ?? "",
    /4096-token prompt \+ 128 decoded exceed the model's context of 1024 tokens/,
  );
  assert.deepEqual(fitPrompt(4096, 128, 32768), { prompt: 4096 });
});

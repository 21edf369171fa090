// Acceptance: `tongguan run --json` on stories260K reproduces llama2.c's run.c token for token —
// the greedy runs of expected.jsonl and, with --llama2c-rng, the sampled runs of expected_sampled.jsonl.
// The CLI runs as a child process, as a user would run it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { runCli } from "../helpers/cli.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

const skip = fixturesMissing("llama2c/stories260K.bin");

interface Case {
  prompt: string;
  steps: number;
  temperature: number;
  topp?: number;
  seed?: number;
  prompt_tokens: number[];
  generated_tokens: number[];
  stop: "steps" | "bos";
  text: string;
}

const cases = (name: string): Case[] =>
  skip
    ? []
    : readFileSync(fixture("llama2c", name), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));

async function tongguanRun(c: Case, sampled: boolean) {
  const args = [
    "run",
    fixture("llama2c", "stories260K.bin"),
    c.prompt,
    "--tokenizer",
    fixture("llama2c", "tok512.bin"),
    // run.c's -n counts positions including the prompt; it samples steps − prompt + 1 tokens
    "--max-tokens",
    String(c.steps - c.prompt_tokens.length + 1),
    "--temperature",
    String(c.temperature),
    "--json",
  ];
  if (sampled) {
    args.push("--llama2c-rng", "--seed", String(c.seed));
    // run.c samples the plain distribution when topp ≤ 0 or ≥ 1: no --top-p then
    if (c.topp !== undefined && c.topp > 0 && c.topp < 1) args.push("--top-p", String(c.topp));
  }
  const r = await runCli(args);
  assert.equal(r.code, 0, r.stderr);
  const stdout = r.stdout;
  return JSON.parse(stdout) as {
    prompt_tokens: number[];
    generated_tokens: number[];
    text: string;
    stop: string;
  };
}

function check(c: Case, out: Awaited<ReturnType<typeof tongguanRun>>) {
  assert.deepEqual(out.prompt_tokens, c.prompt_tokens, "prompt_tokens");
  assert.deepEqual(out.generated_tokens, c.generated_tokens, "generated_tokens");
  assert.equal(out.stop, c.stop === "bos" ? "eos" : "length");
  // run.c prints the prompt, then the generated text, but skips byte tokens that are neither printable
  // ASCII nor whitespace; with an empty prompt and no such bytes the texts must agree
  const hidden = (id: number) =>
    id >= 3 && id < 259 && !/[\x20-\x7e\t\n\v\f\r]/.test(String.fromCharCode(id - 3));
  if (c.prompt === "" && !c.generated_tokens.some(hidden)) assert.equal(out.text, c.text);
  else assert.ok(out.text.length > 0);
}

test("stories260K greedy runs equal run.c's expected.jsonl through `tongguan run --json`", {
  skip,
  concurrency: 3,
}, async (t) => {
  const all = cases("expected.jsonl");
  assert.ok(all.length >= 9);
  // child processes, three at a time (the parent test's concurrency)
  await Promise.all(
    all.map((c) =>
      t.test(`prompt ${JSON.stringify(c.prompt.slice(0, 30))}, ${c.steps} steps`, async () => {
        check(c, await tongguanRun(c, false));
      }),
    ),
  );
});

test("stories260K sampled runs equal run.c's expected_sampled.jsonl with --llama2c-rng", {
  skip,
  concurrency: 3,
}, async (t) => {
  const all = cases("expected_sampled.jsonl");
  assert.ok(all.length >= 3);
  for (const c of all) {
    await t.test(
      `seed ${c.seed}, temperature ${c.temperature}, top-p ${c.topp}, ${c.steps} steps`,
      async () => {
        check(c, await tongguanRun(c, true));
      },
    );
  }
});

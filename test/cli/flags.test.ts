// The shared CLI flags (src/cli/flags.ts): number parsing, every sampling flag on run and chat, and
// usage errors as one line plus where to look.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Command, InvalidArgumentError } from "commander";
import { addSamplingFlags, numberArg, type SamplingFlags, samplingFromFlags } from "../../src/cli/flags.ts";
import { runCli } from "../helpers/cli.ts";

test("numberArg accepts what its kind says and names the flag otherwise", () => {
  assert.equal(numberArg("--t")("0.5"), 0.5);
  assert.equal(numberArg("--s", "integer")("-3"), -3);
  assert.equal(numberArg("--k", "whole number")("0"), 0);
  assert.equal(numberArg("--n", "positive integer")("12"), 12);
  for (const [kind, text] of [
    ["number", "abc"],
    ["number", ""],
    ["number", "Infinity"],
    ["integer", "1.5"],
    ["whole number", "-1"],
    ["positive integer", "0"],
  ] as const) {
    assert.throws(
      () => numberArg("--flag", kind)(text),
      (e: Error) =>
        e instanceof InvalidArgumentError && e.message.includes(`--flag needs a`) && e.message.includes(kind),
    );
  }
});

function parsed(args: string[]): SamplingFlags {
  const cmd = addSamplingFlags(new Command().exitOverride(), { maxTokens: "1", temperature: "1" });
  cmd.action(() => {});
  cmd.parse(args, { from: "user" });
  return cmd.opts<SamplingFlags>();
}

test("the sampling flags become generate() options, --no-repeat-ngram-size included", () => {
  const o = samplingFromFlags(
    parsed([
      "--temperature",
      "0.7",
      "--top-p",
      "0.9",
      "--no-repeat-ngram-size",
      "3",
      "--stop",
      "a",
      "--stop",
      "b",
    ]),
  );
  assert.equal(o.temperature, 0.7);
  assert.equal(o.topP, 0.9);
  assert.equal(o.noRepeatNgramSize, 3);
  assert.deepEqual(o.stopStrings, ["a", "b"]);
  // absent, commander's "--no-" reading gives `true`; that must not become an option
  assert.equal(samplingFromFlags(parsed([])).noRepeatNgramSize, undefined);
});

const flagsOf = (help: string) => new Set([...help.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]));

test("chat has every sampling flag run has", async () => {
  const run = flagsOf((await runCli(["run", "--help"])).stdout);
  const chat = flagsOf((await runCli(["chat", "--help"])).stdout);
  assert.ok(run.has("--typical-p") && run.has("--no-repeat-ngram-size"), [...run].join(" "));
  // --show-cache / --no-cache measure one run's KV cache (run's instruments), not a sampling flag
  const runOnly = new Set(["--json", "--show-cache", "--no-cache"]);
  const missing = [...run].filter((f) => !chat.has(f) && !runOnly.has(f));
  assert.deepEqual(missing, []);
});

test("a usage error is one line and a pointer to --help, not the whole help", async () => {
  for (const args of [
    ["run", "m", "--top-p", "abc"],
    ["chat", "m", "--bogus"],
    ["inspect"], // a missing argument (`run` alone uses the shipped model)
    ["no-such-command"],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 1, args.join(" "));
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines[0], /^error: /);
    assert.match(lines[1], /tongguan( \w+)? --help/);
  }
  const r = await runCli(["run", "m", "--top-p", "abc"]);
  assert.match(r.stderr, /--top-p needs a number, got "abc"/);
});

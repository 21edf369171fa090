// --tokenizer as MODEL: a hub id (here from the offline cache), and a file of weights refused by name.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { DEFAULT_TOKENIZER } from "../../src/cli/commands/tokenize.ts";
import { runCli } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-tokenizer-flag-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("--tokenizer ORG/NAME reads the hub snapshot, as MODEL does", async () => {
  const commit = "0123456789abcdef0123456789abcdef01234567";
  const repo = join(dir, "hf", "hub", "models--someone--tok");
  mkdirSync(join(repo, "refs"), { recursive: true });
  writeFileSync(join(repo, "refs", "main"), commit);
  mkdirSync(join(repo, "snapshots", commit), { recursive: true });
  copyFileSync(DEFAULT_TOKENIZER, join(repo, "snapshots", commit, "tokenizer.json"));
  const env = { HF_HOME: join(dir, "hf"), HF_HUB_OFFLINE: "1" };
  const byId = await runCli(["tokenize", "--json", "--tokenizer", "someone/tok", "Hello 通关"], { env });
  assert.equal(byId.code, 0, byId.stderr);
  const byPath = await runCli(["tokenize", "--json", "--tokenizer", DEFAULT_TOKENIZER, "Hello 通关"]);
  assert.equal(byId.stdout, byPath.stdout);
});

test("--tokenizer given a model's weights says so; a missing MODEL that is no hub id is a file error", async () => {
  const weights = join(dir, "model.safetensors");
  writeFileSync(weights, "");
  const r = await runCli(["tokenize", "--tokenizer", weights, "hi"]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /model\.safetensors: this is a model's weights, not a tokenizer: give --tokenizer its tokenizer\.json/,
  );
  const missing = await runCli(["run", join(dir, "nope.gguf"), "hi"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.gguf: no such file or folder \(a hub model is named ORG\/NAME\)/);
});

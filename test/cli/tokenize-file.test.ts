// `tongguan tokenize --file PATH` reads the file as a stream and encodes it window by window: the
// ids equal the whole-text encode of the same tokenizer; without --json it prints the counts; a
// missing file or a clash with other inputs is a one-line error.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DEFAULT_TOKENIZER } from "../../src/cli/commands/tokenize.ts";
import { LARGE_TEXT } from "../../src/tokenizers/chunked-encode.ts";
import { loadTokenizer } from "../../src/tokenizers/index.ts";
import { runCli } from "../helpers/cli.ts";
import { repoRoot } from "../helpers/fixtures.ts";

describe("tokenize --file", () => {
  let dir: string;
  let file: string;
  let text: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "tongguan-tokenize-file-"));
    file = join(dir, "text.txt");
    // Several 64k-code-unit windows, still below LARGE_TEXT so the reference encode is one whole call.
    const seed = readFileSync(join(repoRoot, "README.zh-CN.md"), "utf8");
    text = "";
    while (text.length + seed.length < LARGE_TEXT - 1000) text += `${seed}\r\n`;
    writeFileSync(file, text);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("--json: the ids and tokens of the whole text", async () => {
    const r = await runCli(["tokenize", "--file", file, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const got = JSON.parse(r.stdout);
    const want = (await loadTokenizer(DEFAULT_TOKENIZER)).encode(text);
    assert.ok(text.length > 3 * 65_536, "the file spans several windows");
    assert.deepEqual(got.ids, want.ids);
    assert.deepEqual(got.tokens, want.tokens);
  });

  test("without --json: the counts", async () => {
    const r = await runCli(["tokenize", "--file", file]);
    assert.equal(r.code, 0, r.stderr);
    const tokens = (await loadTokenizer(DEFAULT_TOKENIZER)).encode(text).ids.length;
    const characters = [...text].length;
    assert.equal(
      r.stdout,
      `${tokens} tokens, ${characters} characters, ${Buffer.byteLength(text)} bytes (${file})\n`,
    );
  });

  test("--file - reads standard input the same way", async () => {
    const r = await runCli(["tokenize", "--file", "-", "--json"], { input: text });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).ids, (await loadTokenizer(DEFAULT_TOKENIZER)).encode(text).ids);
  });

  test("a missing file, or --file with a text argument, is a one-line error", async () => {
    const missing = await runCli(["tokenize", "--file", join(dir, "nope.txt")]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--file .*nope\.txt: no such file/);
    assert.equal(missing.stderr.trim().split("\n").length, 1, missing.stderr);
    const both = await runCli(["tokenize", "--file", file, "some text"]);
    assert.equal(both.code, 1);
    assert.match(both.stderr, /--file cannot be used with a text argument/);
  });
});

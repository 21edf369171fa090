// Encoding a ~10 MB text (English and Chinese) holds memory bounded by the input, not 80–300× it:
// a fresh child process loads the shipped BPE tokenizer (about 0.5 tokens a byte on this text),
// then encodes the file, with its JavaScript heap capped, and its peak RSS above what it held
// before encoding must stay under a multiple of the file's bytes:
//   stream (encodeStream, `tokenize --file`): heap ≤ 64 MB, RSS < 20 × — the ids (4 bytes each,
//     off the heap), one window's working memory, and V8's young generation (up to ~48 MB whatever
//     the input);
//   encode (the whole string, tokenizer.encode): heap ≤ 256 MB, RSS < 40 × — the string itself and
//     the Encoding's ids and offsets (16 bytes a token) on top.
// Before windowed encoding, encode took ~80 × here and ~830 MB of heap (docs/benchmarks.md).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { repoRoot } from "../helpers/fixtures.ts";

const TARGET_BYTES = 10 * 2 ** 20;
const BOUND = { stream: 20, encode: 40 };
const HEAP_MB = { stream: 64, encode: 256 };

/** The repository's own English and Chinese READMEs, repeated to ~10 MB. */
function writeBigText(path: string): number {
  const seed = ["README.md", "README.zh-CN.md"]
    .map((f) => readFileSync(join(repoRoot, f), "utf8"))
    .join("\n");
  const copies = Math.ceil(TARGET_BYTES / Buffer.byteLength(seed));
  writeFileSync(path, Array.from({ length: copies }, (_, i) => `${i}. ${seed}`).join("\n"));
  return statSync(path).size;
}

function measure(file: string, mode: "encode" | "stream") {
  const tokenizer = join(repoRoot, "assets", "tokenizers", "tongguan-demo", "tokenizer.json");
  const r = spawnSync(
    process.execPath,
    [
      "--expose-gc",
      `--max-old-space-size=${HEAP_MB[mode]}`,
      "--import",
      "tsx",
      join(repoRoot, "bench", "tokenizer-memory-child.ts"),
      JSON.stringify({ tokenizer, file, mode }),
    ],
    { encoding: "utf8", cwd: repoRoot },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { baseMB: number; peakMB: number; tokens: number; seconds: number };
}

describe("tokenizer memory on a ~10 MB input", () => {
  let dir: string;
  let file: string;
  let bytes: number;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "tongguan-tok-memory-"));
    file = join(dir, "big.txt");
    bytes = writeBigText(file);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const mode of ["stream", "encode"] as const) {
    test(`${mode}: peak RSS above the baseline < ${BOUND[mode]} × the input`, () => {
      const m = measure(file, mode);
      const used = (m.peakMB - m.baseMB) * 2 ** 20;
      assert.ok(m.tokens > bytes / 8, `${m.tokens} tokens for ${bytes} bytes`);
      assert.ok(
        used < BOUND[mode] * bytes,
        `${mode}: ${(used / 2 ** 20).toFixed(0)} MB above the baseline for ${(bytes / 2 ** 20).toFixed(1)} MB of text`,
      );
    });
  }
});

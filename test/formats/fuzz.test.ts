// Fuzz: corrupted GGUF / safetensors / llama2.c files (truncations, flipped bytes, huge counts) make
// the readers throw TongguanError — never hang, never allocate absurdly, never throw anything else.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { readGguf } from "../../src/formats/gguf.ts";
import { readLlama2c } from "../../src/formats/llama2c.ts";
import { readSafetensors } from "../../src/formats/safetensors.ts";
import { writeSafetensors } from "../../src/formats/safetensors-writer.ts";
import { loadCheckpoint } from "../../src/models/checkpoint.ts";
import { allocatedBytes } from "../../src/tensor/memory.ts";
import { rng as uniform } from "../helpers/random.ts";
import { writeTinyHfLlama } from "./tiny-hf-models.ts";
import { gaussian, randomTensor, writeTinyLlamaGguf } from "./tiny-models.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-fuzz-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const HUGE = [0xffffffffn, 1n << 32n, 1n << 40n, 1n << 53n, (1n << 63n) - 1n, (1n << 64n) - 1n];

/** One corrupted copy of `good`; `headerBytes` is where the interesting structure lives. */
function mutate(good: Buffer, headerBytes: number, rand: () => number): Buffer {
  const pick = (n: number) => Math.floor(rand() * n);
  const region = rand() < 0.8 ? Math.min(headerBytes, good.length) : good.length;
  const b = Buffer.from(good);
  switch (pick(4)) {
    case 0:
      return b.subarray(0, pick(region));
    case 1: {
      for (let k = 1 + pick(4); k > 0; k--) b[pick(region)] ^= 1 << pick(8);
      return b;
    }
    case 2: {
      const at = pick(Math.max(1, region - 8));
      b.writeBigUInt64LE(HUGE[pick(HUGE.length)], at);
      return b;
    }
    default: {
      const at = pick(Math.max(1, region - 4));
      b.writeUInt32LE(pick(2) ? 0xffffffff : pick(64), at);
      return b;
    }
  }
}

function fuzz(
  name: string,
  good: Buffer,
  headerBytes: number,
  ext: string,
  read: (path: string) => void,
  cases = 250,
): void {
  const rand = uniform(name.length * 7919);
  const before = allocatedBytes();
  let failures = 0;
  for (let i = 0; i < cases; i++) {
    const bad = mutate(good, headerBytes, rand);
    const path = join(dir, `${name}-${i}${ext}`);
    writeFileSync(path, bad);
    const t0 = performance.now();
    try {
      read(path);
    } catch (e) {
      failures++;
      if (!(e instanceof TongguanError)) {
        assert.fail(
          `case ${i}: ${(e as Error).constructor.name} instead of TongguanError: ${(e as Error).stack}`,
        );
      }
      assert.ok(
        (e as Error).message.includes(path),
        `case ${i}: the error names the file: ${(e as Error).message}`,
      );
    } finally {
      rmSync(path);
    }
    assert.ok(performance.now() - t0 < 2000, `case ${i} took ${performance.now() - t0} ms`);
  }
  // Corruption was actually detected, and memory grew by no more than every case loading the whole file.
  assert.ok(failures > cases / 4, `only ${failures} of ${cases} corrupt files were rejected`);
  assert.ok(
    allocatedBytes() - before <= cases * good.length * 1.1 + (1 << 20),
    "shared memory grew absurdly",
  );
}

test("fuzzed GGUF files only ever throw TongguanError", () => {
  const path = join(dir, "good.gguf");
  writeTinyLlamaGguf(path, "q8_0", 3);
  const good = readFileSync(path);
  const g = readGguf(path);
  fuzz("gguf", good, g.dataOffset, ".gguf", (p) => {
    const f = readGguf(p);
    f.loadTensors(f.tensors.map((t) => t.name));
    loadCheckpoint(p);
  });
});

test("fuzzed safetensors files only ever throw TongguanError", () => {
  const path = join(dir, "good.safetensors");
  const r = gaussian(1);
  writeSafetensors(
    path,
    new Map([
      ["a.weight", randomTensor([8, 8], 1, r)],
      ["b", randomTensor([5], 1, r)],
    ]),
    { format: "pt" },
  );
  const good = readFileSync(path);
  const headerBytes = 8 + Number(good.readBigUInt64LE(0));
  fuzz("safetensors", good, headerBytes, ".safetensors", (p) => {
    const st = readSafetensors(p);
    st.loadTensors(st.tensors.map((t) => t.name));
  });
});

test("fuzzed llama2.c checkpoints only ever throw TongguanError", () => {
  // dim 8, hidden 16, 1 layer, 2 heads, 1 kv head, vocab −10 (separate classifier), seq_len 4.
  const header = Int32Array.from([8, 16, 1, 2, 1, -10, 4]);
  const floats = 10 * 8 + 8 + 64 + 32 + 32 + 64 + 8 + 128 * 3 + 8 + 4 * 4 + 10 * 8;
  const good = Buffer.concat([Buffer.from(header.buffer), Buffer.alloc(floats * 4)]);
  const path = join(dir, "good.bin");
  writeFileSync(path, good);
  assert.equal(readLlama2c(path).tensors.length, 12);
  assert.equal(loadCheckpoint(path).config.tieWordEmbeddings, false);
  fuzz("llama2c", good, 28, ".bin", (p) => {
    const f = readLlama2c(p);
    f.loadTensors(f.tensors.map((t) => t.name));
    loadCheckpoint(p);
  });
});

test("config.json with wrong-typed or absurd values only ever throws TongguanError", () => {
  const hf = join(dir, "hf");
  writeTinyHfLlama(hf, 2);
  const good = JSON.parse(readFileSync(join(hf, "config.json"), "utf8"));
  const numeric = Object.keys(good).filter((k) => typeof good[k] === "number");
  const bad: unknown[] = [-1, 0, 1.5, 2 ** 31, 1e12, Number.MAX_SAFE_INTEGER, "7", null, [], {}];
  let rejected = 0;
  for (const key of numeric)
    for (const value of bad) {
      writeFileSync(join(hf, "config.json"), JSON.stringify({ ...good, [key]: value }));
      const t0 = performance.now();
      try {
        loadCheckpoint(hf);
      } catch (e) {
        rejected++;
        assert.ok(e instanceof TongguanError, `${key} = ${JSON.stringify(value)}: ${(e as Error).stack}`);
      }
      assert.ok(performance.now() - t0 < 2000, `${key} = ${JSON.stringify(value)} took too long`);
    }
  assert.ok(rejected > numeric.length * 4);
});

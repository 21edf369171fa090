// GGUF reader details: versions, every stored tensor type, clear errors for what it cannot read.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { readGguf } from "../../src/formats/gguf.ts";
import { gv, writeGguf } from "../../src/formats/gguf-writer.ts";
import { bytesPerRow, dequantizeRow } from "../../src/tensor/dtypes.ts";
import { memory } from "../../src/tensor/memory.ts";
import type { DType } from "../../src/tensor/tensor.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-gguf-reader-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const ALL: DType[] = [
  "f32",
  "f16",
  "bf16",
  "i32",
  "q8_0",
  "q4_0",
  "q4_1",
  "q5_0",
  "q5_1",
  "q4_K",
  "q5_K",
  "q6_K",
];

/** Random bytes that are valid blocks (f16 scales kept small and finite). */
function blockBytes(dtype: DType, rows: number, k: number, seed: number): Uint8Array {
  const b = new Uint8Array(bytesPerRow(dtype, k) * rows);
  let s = seed;
  for (let i = 0; i < b.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    b[i] = s >>> 24;
  }
  // Clear the exponent's top bits of every 16-bit word: no inf/NaN in f16/bf16 scales or values.
  for (let i = 1; i < b.length; i += 2) b[i] &= 0x3b;
  return b;
}

test("every supported ggml type loads byte-exact into shared memory with the right shape", () => {
  const k = 256;
  const rows = 3;
  const tensors = ALL.map((dtype, i) => ({
    name: `t.${dtype}`,
    shape: [rows, k],
    dtype,
    bytes: blockBytes(dtype, rows, k, i + 1),
  }));
  const path = join(dir, "types.gguf");
  writeGguf(path, { metadata: { "general.architecture": gv.str("llama") }, tensors });
  const g = readGguf(path);
  for (const t of tensors) {
    const info = g.tensorInfo(t.name)!;
    assert.equal(info.dtype, t.dtype);
    assert.deepEqual(info.shape, [rows, k]);
    const loaded = g.loadTensor(t.name);
    assert.equal(loaded.data.buffer, memory.buffer);
    const raw = new Uint8Array(loaded.data.buffer, loaded.data.byteOffset, loaded.data.byteLength);
    assert.deepEqual(raw, t.bytes, t.name);
    if (t.dtype !== "i32") {
      const row = new Float32Array(k);
      dequantizeRow(
        t.dtype,
        loaded.data,
        loaded.data instanceof Uint8Array ? bytesPerRow(t.dtype, k) : k,
        row,
        k,
      );
      assert.ok(row.every(Number.isFinite), `${t.name} dequantizes to finite values`);
    }
  }
});

test("GGUF v2 files read like v3; v1, big-endian and unknown versions are refused by name", () => {
  const path = join(dir, "v3.gguf");
  writeGguf(path, {
    metadata: { "general.architecture": gv.str("llama"), x: gv.u32(7) },
    tensors: [{ name: "w", shape: [2, 32], dtype: "f32", bytes: new Uint8Array(256) }],
  });
  const bytes = readFileSync(path);
  const withVersion = (v: number, be = false) => {
    const b = Buffer.from(bytes);
    if (be) b.writeUInt32BE(v, 4);
    else b.writeUInt32LE(v, 4);
    const p = join(dir, `v${v}${be ? "be" : ""}.gguf`);
    writeFileSync(p, b);
    return p;
  };
  const v2 = readGguf(withVersion(2));
  assert.equal(v2.version, 2);
  assert.equal(v2.metadata.get("x"), 7);
  assert.deepEqual(v2.tensorInfo("w")!.shape, [2, 32]);
  assert.throws(() => readGguf(withVersion(1)), /version 1 is not supported/);
  assert.throws(() => readGguf(withVersion(3, true)), /big-endian/);
  assert.throws(() => readGguf(withVersion(9)), /unsupported GGUF version 9/);
  const notGguf = join(dir, "not.gguf");
  writeFileSync(notGguf, "hello world, not a model");
  assert.throws(
    () => readGguf(notGguf),
    (e: Error) => e instanceof TongguanError && /missing 'GGUF' magic/.test(e.message),
  );
  assert.throws(() => readGguf(join(dir, "absent.gguf")), /cannot open/);
});

test("unsupported tensor types, bad alignment and truncated data are named in the error", () => {
  const path = join(dir, "q2k.gguf");
  writeGguf(path, {
    metadata: {},
    tensors: [{ name: "blk.0.w", shape: [1, 32], dtype: "q8_0", bytes: new Uint8Array(34) }],
  });
  const b = readFileSync(path);
  // The tensor info ends with: u32 ggml type, u64 offset. Patch the type to Q2_K (10).
  const typeAt = b.indexOf(Buffer.from("blk.0.w")) + "blk.0.w".length + 4 + 2 * 8;
  assert.equal(b.readUInt32LE(typeAt), 8);
  b.writeUInt32LE(10, typeAt);
  writeFileSync(path, b);
  assert.throws(() => readGguf(path), /tensor 'blk\.0\.w' has ggml type Q2_K, which tongguan cannot load/);

  const alignPath = join(dir, "align.gguf");
  writeGguf(alignPath, { metadata: { "general.alignment": gv.u32(64) }, tensors: [] });
  const ab = readFileSync(alignPath);
  const at = ab.indexOf(Buffer.from("general.alignment")) + "general.alignment".length + 4;
  assert.equal(ab.readUInt32LE(at), 64);
  ab.writeUInt32LE(48, at);
  writeFileSync(alignPath, ab);
  assert.throws(() => readGguf(alignPath), /general\.alignment' must be a power of two, got 48/);

  const cut = join(dir, "cut.gguf");
  writeGguf(cut, {
    metadata: {},
    tensors: [{ name: "big", shape: [64, 64], dtype: "f32", bytes: new Uint8Array(64 * 64 * 4) }],
  });
  writeFileSync(cut, readFileSync(cut).subarray(0, 5000));
  assert.throws(() => readGguf(cut), /tensor 'big' .* runs past the end of the file .*truncated download/);
});

test("long metadata arrays (vocabularies) are read on first use, with the same values and types", () => {
  const tokens = Array.from({ length: 5000 }, (_, i) => `tok${i}·é`);
  const scores = Array.from({ length: 5000 }, (_, i) => i / 8);
  const path = join(dir, "lazy.gguf");
  writeGguf(path, {
    metadata: {
      "general.architecture": gv.str("llama"),
      "tokenizer.ggml.tokens": gv.strings(tokens),
      "tokenizer.ggml.scores": gv.f32s(scores),
      short: gv.strings(["a", "b"]),
      after: gv.u32(9),
    },
    tensors: [{ name: "w", shape: [2, 32], dtype: "f32", bytes: new Uint8Array(256) }],
  });
  const g = readGguf(path);
  assert.equal(g.metadata.get("after"), 9); // the header reads on past the skipped arrays
  assert.deepEqual(g.metadataTypes.get("tokenizer.ggml.tokens"), { array: 8 });
  assert.equal(g.metadataLength("tokenizer.ggml.tokens"), 5000); // known before it is read
  assert.equal(g.metadataLength("after"), undefined);
  assert.deepEqual(g.metadata.get("tokenizer.ggml.tokens"), tokens);
  assert.deepEqual(
    [...g.metadata.keys()],
    ["general.architecture", "tokenizer.ggml.tokens", "tokenizer.ggml.scores", "short", "after"],
  );
  const all = new Map(g.metadata); // iteration reads the rest
  assert.deepEqual(all.get("tokenizer.ggml.scores"), scores);
  assert.deepEqual(all.get("short"), ["a", "b"]);
  assert.deepEqual(g.tensorInfo("w")!.shape, [2, 32]);
});

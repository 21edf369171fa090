// GGUF writer → reader round trips: every metadata type, alignment, tensor types.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { castTensor, toF32 } from "../../src/formats/cast.ts";
import { GgufValueType, readGguf, typedMetadata } from "../../src/formats/gguf.ts";
import { ggufTensor, gv, writeGguf } from "../../src/formats/gguf-writer.ts";
import { bytesPerRow, dequantizeRow, quantizeRow } from "../../src/tensor/dtypes.ts";
import { gaussian, randomTensor } from "./tiny-models.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-gguf-rt-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const metadata = {
  "general.architecture": gv.str("llama"),
  "t.u8": gv.u8(255),
  "t.i8": gv.i8(-128),
  "t.u16": gv.u16(65535),
  "t.i16": gv.i16(-32768),
  "t.u32": gv.u32(4294967295),
  "t.i32": gv.i32(-2147483648),
  "t.f32": gv.f32(0.1),
  "t.f64": gv.f64(0.1),
  "t.bool": gv.bool(true),
  "t.u64": gv.u64(2n ** 63n + 5n),
  "t.i64": gv.i64(-42),
  "t.str": gv.str("通关 ▁hello\n"),
  "t.strings": gv.strings(["<s>", "", "Ġthe", "日本"]),
  "t.f32s": gv.f32s([1.5, -2, 3e-8]),
  "t.nested": gv.array({ array: GgufValueType.INT32 }, [[1, 2], [], [3]]),
  "t.nested_strings": gv.array({ array: GgufValueType.STRING }, [["a", "b"], ["c"]]),
  "t.empty": gv.i32s([]),
};

test("every metadata type survives a write/read round trip", () => {
  const path = join(dir, "meta.gguf");
  writeGguf(path, { metadata, tensors: [] });
  const g = readGguf(path);
  assert.equal(g.version, 3);
  assert.deepEqual([...g.metadata.keys()], Object.keys(metadata));
  for (const [k, { type, value }] of Object.entries(metadata)) {
    const back = typedMetadata(g, k)!;
    assert.deepEqual(back.type, type, k);
    if (type === GgufValueType.FLOAT32) assert.equal(back.value, Math.fround(value as number));
    else if (k === "t.f32s") assert.deepEqual(back.value, (value as number[]).map(Math.fround));
    else assert.deepEqual(back.value, value, k);
  }
  assert.equal(g.metadata.get("t.u64"), 2n ** 63n + 5n);
  // Re-writing what we read gives the same bytes.
  const again = join(dir, "meta2.gguf");
  writeGguf(again, {
    metadata: new Map([...g.metadata.keys()].map((k) => [k, typedMetadata(g, k)!])),
    tensors: [],
  });
  assert.deepEqual(readFileSync(again), readFileSync(path));
});

test("values that do not fit their type are refused", () => {
  const p = join(dir, "bad.gguf");
  assert.throws(() => writeGguf(p, { metadata: { x: gv.u8(256) }, tensors: [] }), TongguanError);
  assert.throws(() => writeGguf(p, { metadata: { x: gv.u32(-1) }, tensors: [] }), TongguanError);
  assert.throws(() => writeGguf(p, { metadata: { x: gv.i32(1.5) }, tensors: [] }), TongguanError);
  assert.throws(
    () => writeGguf(p, { metadata: { x: { type: GgufValueType.STRING, value: 3 } }, tensors: [] }),
    TongguanError,
  );
});

for (const alignment of [32, 64]) {
  test(`tensors f32 / f16 / q8_0 / q4_0 round trip with alignment ${alignment}`, () => {
    const r = gaussian(alignment);
    const base = randomTensor([6, 64], 1, r);
    const vec = randomTensor([7], 1, r);
    const types = ["f32", "f16", "q8_0", "q4_0"] as const;
    const tensors = types.map((t) => ggufTensor(`w.${t}`, castTensor(base, t, false)));
    tensors.push(ggufTensor("vec", vec));
    const path = join(dir, `t${alignment}.gguf`);
    writeGguf(path, { metadata: { "general.architecture": gv.str("llama") }, tensors, alignment });
    const g = readGguf(path);
    assert.equal(g.alignment, alignment);
    assert.equal(g.dataOffset % alignment, 0);
    for (const t of g.tensors) assert.equal(t.fileOffset % alignment, 0, t.name);
    assert.equal(g.fileSize % alignment, 0);
    for (const type of types) {
      const info = g.tensorInfo(`w.${type}`)!;
      assert.deepEqual(info.shape, [6, 64]);
      assert.deepEqual(info.ne, [64, 6]);
      assert.equal(info.dtype, type);
      assert.equal(info.nbytes, 6 * bytesPerRow(type, 64));
      const back = toF32(g.loadTensor(`w.${type}`), false).data as Float32Array;
      // Reference: quantize/dequantize each row independently with src/tensor.
      const ref = new Float32Array(64);
      const src = base.data as Float32Array;
      for (let row = 0; row < 6; row++) {
        const x = src.slice(row * 64, row * 64 + 64);
        if (type === "q8_0" || type === "q4_0") {
          const q = new Uint8Array(bytesPerRow(type, 64));
          quantizeRow(type, x, q);
          dequantizeRow(type, q, 0, ref, 64);
        } else if (type === "f16") {
          for (let i = 0; i < 64; i++)
            assert.ok(Math.abs(back[row * 64 + i] - x[i]) <= Math.abs(x[i]) / 1024);
          continue;
        } else ref.set(x);
        assert.deepEqual(back.subarray(row * 64, row * 64 + 64), ref, `${type} row ${row}`);
      }
    }
    assert.deepEqual([...g.loadTensor("vec").data], [...vec.data]);
  });
}

test("an alignment stated in the metadata is the one the data is laid out with", () => {
  const path = join(dir, "stated.gguf");
  const w = { name: "w", shape: [1, 8], dtype: "f32" as const, bytes: new Uint8Array(32) };
  writeGguf(path, { metadata: { "general.alignment": gv.u32(128) }, tensors: [w, { ...w, name: "v" }] });
  const g = readGguf(path);
  assert.equal(g.alignment, 128);
  assert.equal(g.tensorInfo("v")!.offset, 128);
  assert.throws(() => writeGguf(path, { metadata: {}, tensors: [], alignment: 48 }), /power of two, got 48/);
});

test("a tensor whose bytes do not match its shape is refused", () => {
  assert.throws(
    () =>
      writeGguf(join(dir, "x.gguf"), {
        metadata: {},
        tensors: [{ name: "w", shape: [2, 2], dtype: "f32", bytes: new Uint8Array(12) }],
      }),
    /'w': 12 bytes given/,
  );
  assert.throws(
    () =>
      writeGguf(join(dir, "y.gguf"), {
        metadata: {},
        tensors: [{ name: "w", shape: [2, 20], dtype: "q8_0", bytes: new Uint8Array(0) }],
      }),
    /not a multiple of the Q8_0 block size/,
  );
});

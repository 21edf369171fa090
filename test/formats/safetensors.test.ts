// safetensors: write → read round trips, sharded folders, widening of small integer dtypes, header validation.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { castTensor, toF32 } from "../../src/formats/cast.ts";
import { readSafetensors, readSafetensorsFolder } from "../../src/formats/safetensors.ts";
import { writeSafetensors } from "../../src/formats/safetensors-writer.ts";
import { loadCheckpoint } from "../../src/models/checkpoint.ts";
import { memory } from "../../src/tensor/memory.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { writeTinyHfLlama } from "./tiny-hf-models.ts";
import { gaussian, randomTensor, TINY } from "./tiny-models.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-st-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A safetensors file from a raw header object and data bytes. */
function rawSafetensors(path: string, header: object, data: Uint8Array): void {
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(path, Buffer.concat([len, json, data]));
}

test("f32 / f16 / bf16 / i32 round-trip through writer and reader, into shared memory", () => {
  const r = gaussian(3);
  const a = randomTensor([3, 5], 1, r);
  const tensors = new Map<string, Tensor>([
    ["a", a],
    ["a16", castTensor(a, "f16", false)],
    ["abf", castTensor(a, "bf16", false)],
    ["ids", new Tensor([4], "i32", Int32Array.from([1, -2, 3, 2147483647]))],
  ]);
  const path = join(dir, "rt.safetensors");
  writeSafetensors(path, tensors, { format: "pt" });
  const st = readSafetensors(path);
  assert.deepEqual(st.metadata, { format: "pt" });
  assert.deepEqual(
    st.tensors.map((t) => [t.name, t.dtype, t.shape]),
    [
      ["a", "F32", [3, 5]],
      ["a16", "F16", [3, 5]],
      ["abf", "BF16", [3, 5]],
      ["ids", "I32", [4]],
    ],
  );
  for (const [name, t] of tensors) {
    const back = st.loadTensor(name);
    assert.equal(back.dtype, t.dtype);
    assert.deepEqual([...back.data], [...t.data], name);
    assert.equal(back.data.buffer, memory.buffer, "loaded into the shared wasm memory");
  }
  // f16 keeps ~3 decimal digits.
  const back16 = toF32(st.loadTensor("a16"), false).data as Float32Array;
  (a.data as Float32Array).forEach((v, i) => {
    assert.ok(Math.abs(v - back16[i]) <= Math.abs(v) * 1e-3 + 1e-4);
  });
  // The data section starts 8-aligned (the header is padded with spaces).
  assert.equal(st.tensors[0].fileOffset % 8, 0);
});

test("I8, U8, BOOL, I64 and F64 widen or narrow to i32 / f32", () => {
  const data = Buffer.alloc(3 + 2 + 16 + 8);
  data.writeInt8(-5, 0);
  data.writeInt8(7, 1);
  data.writeInt8(127, 2);
  data[3] = 200;
  data[4] = 1;
  data.writeBigInt64LE(-3n, 5);
  data.writeBigInt64LE(1n << 20n, 13);
  data.writeDoubleLE(0.25, 21);
  const path = join(dir, "ints.safetensors");
  rawSafetensors(
    path,
    {
      i8: { dtype: "I8", shape: [3], data_offsets: [0, 3] },
      u8: { dtype: "U8", shape: [1], data_offsets: [3, 4] },
      b: { dtype: "BOOL", shape: [1], data_offsets: [4, 5] },
      i64: { dtype: "I64", shape: [2], data_offsets: [5, 21] },
      f64: { dtype: "F64", shape: [1], data_offsets: [21, 29] },
    },
    data,
  );
  const st = readSafetensors(path);
  assert.deepEqual([...st.loadTensor("i8").data], [-5, 7, 127]);
  assert.deepEqual([...st.loadTensor("u8").data], [200]);
  assert.deepEqual([...st.loadTensor("b").data], [1]);
  assert.deepEqual([...st.loadTensor("i64").data], [-3, 1 << 20]);
  assert.equal(st.loadTensor("i64").dtype, "i32");
  assert.deepEqual([...st.loadTensor("f64").data], [0.25]);
});

test("bad headers fail with TongguanError naming the tensor", () => {
  const cases: [object, number, RegExp][] = [
    [{ w: { dtype: "F32", shape: [2, 2], data_offsets: [0, 12] } }, 16, /'w'.*needs 16 bytes/],
    [{ w: { dtype: "F32", shape: [4], data_offsets: [0, 16] } }, 8, /'w'.*past the 8 data bytes/],
    [{ w: { dtype: "Q4", shape: [4], data_offsets: [0, 16] } }, 16, /'w'.*unsupported dtype/],
    [{ w: { dtype: "F32", shape: [-1], data_offsets: [0, 4] } }, 16, /'w'.*shape/],
    [
      {
        a: { dtype: "F32", shape: [2], data_offsets: [0, 8] },
        b: { dtype: "F32", shape: [2], data_offsets: [4, 12] },
      },
      16,
      /overlap/,
    ],
  ];
  cases.forEach(([header, bytes, re], i) => {
    const path = join(dir, `bad${i}.safetensors`);
    rawSafetensors(path, header, new Uint8Array(bytes));
    assert.throws(
      () => readSafetensors(path),
      (e: Error) => e instanceof TongguanError && re.test(e.message) && e.message.includes(path),
    );
  });
  const notJson = join(dir, "notjson.safetensors");
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(3n);
  writeFileSync(notJson, Buffer.concat([len, Buffer.from("{x}")]));
  assert.throws(() => readSafetensors(notJson), /not valid JSON/);
});

test("sharded folder: index.json + two shards load as one checkpoint", () => {
  const sd = join(dir, "sharded");
  mkdirSync(sd);
  const r = gaussian(5);
  const a = randomTensor([4, 4], 1, r);
  const b = randomTensor([8], 1, r);
  writeSafetensors(join(sd, "model-00001-of-00002.safetensors"), new Map([["a", a]]));
  writeSafetensors(join(sd, "model-00002-of-00002.safetensors"), new Map([["b", b]]));
  const index = {
    metadata: { total_size: 96 },
    weight_map: { a: "model-00001-of-00002.safetensors", b: "model-00002-of-00002.safetensors" },
  };
  writeFileSync(join(sd, "model.safetensors.index.json"), JSON.stringify(index));
  const st = readSafetensorsFolder(sd);
  assert.deepEqual(st.tensors.map((t) => t.name).sort(), ["a", "b"]);
  const both = st.loadTensors(["a", "b"]);
  assert.deepEqual([...both.get("a")!.data], [...a.data]);
  assert.deepEqual([...both.get("b")!.data], [...b.data]);
  // An index that points at the wrong shard is rejected.
  writeFileSync(
    join(sd, "model.safetensors.index.json"),
    JSON.stringify({ weight_map: { a: "model-00002-of-00002.safetensors" } }),
  );
  assert.throws(() => readSafetensorsFolder(sd), TongguanError);
});

test("HF llama folder: loadCheckpoint keeps HF layout and checks shapes", () => {
  const hd = join(dir, "hf-llama");
  const written = writeTinyHfLlama(hd, 11);
  const ck = loadCheckpoint(hd);
  assert.equal(ck.format, "safetensors");
  assert.equal(ck.dir, hd);
  assert.equal(ck.config.architecture, "llama");
  assert.equal(ck.config.hiddenSize, TINY.dim);
  assert.equal(ck.config.numKvHeads, TINY.kvHeads);
  assert.deepEqual(ck.config.eosTokenIds, [ck.config.vocabSize - 1]);
  assert.equal(ck.tensors.size, written.size);
  for (const [name, t] of written) assert.deepEqual([...ck.tensors.get(name)!.data], [...t.data], name);
  // A config that disagrees with the weights is caught.
  writeFileSync(
    join(hd, "config.json"),
    JSON.stringify({
      model_type: "llama",
      hidden_size: 32,
      intermediate_size: 128,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      vocab_size: ck.config.vocabSize,
    }),
  );
  assert.throws(() => loadCheckpoint(hd), /has shape \[.*\], but the config implies/);
});

test("HF gpt2 folder: Conv1D weights are transposed to (out, in); prefixes and mask buffers dropped", () => {
  const gd = join(dir, "hf-gpt2");
  mkdirSync(gd);
  const D = 8;
  const V = 10;
  const r = gaussian(9);
  const w = new Map<string, Tensor>();
  w.set("transformer.wte.weight", randomTensor([V, D], 1, r));
  w.set("transformer.wpe.weight", randomTensor([16, D], 1, r));
  const p = "transformer.h.0.";
  for (const ln of ["ln_1", "ln_2"]) {
    w.set(`${p}${ln}.weight`, randomTensor([D], 1, r));
    w.set(`${p}${ln}.bias`, randomTensor([D], 1, r));
  }
  w.set(`${p}attn.bias`, Tensor.zeros([1, 1, 16, 16]));
  w.set(`${p}attn.c_attn.weight`, randomTensor([D, 3 * D], 1, r)); // Conv1D: (in, out)
  w.set(`${p}attn.c_attn.bias`, randomTensor([3 * D], 1, r));
  w.set(`${p}attn.c_proj.weight`, randomTensor([D, D], 1, r));
  w.set(`${p}attn.c_proj.bias`, randomTensor([D], 1, r));
  w.set(`${p}mlp.c_fc.weight`, randomTensor([D, 4 * D], 1, r));
  w.set(`${p}mlp.c_fc.bias`, randomTensor([4 * D], 1, r));
  w.set(`${p}mlp.c_proj.weight`, randomTensor([4 * D, D], 1, r));
  w.set(`${p}mlp.c_proj.bias`, randomTensor([D], 1, r));
  w.set("transformer.ln_f.weight", randomTensor([D], 1, r));
  w.set("transformer.ln_f.bias", randomTensor([D], 1, r));
  writeSafetensors(join(gd, "model.safetensors"), w);
  writeFileSync(
    join(gd, "config.json"),
    JSON.stringify({
      model_type: "gpt2",
      n_embd: D,
      n_layer: 1,
      n_head: 2,
      n_positions: 16,
      vocab_size: V,
      bos_token_id: 9,
      eos_token_id: 9,
    }),
  );
  const ck = loadCheckpoint(gd);
  const fc = ck.tensors.get("h.0.mlp.c_fc.weight")!;
  assert.deepEqual(fc.shape, [4 * D, D]);
  const src = w.get(`${p}mlp.c_fc.weight`)!.data as Float32Array;
  for (let o = 0; o < 4 * D; o++)
    for (let i = 0; i < D; i++) assert.equal(fc.data[o * D + i], src[i * 4 * D + o]);
  assert.deepEqual(ck.tensors.get("h.0.mlp.c_proj.weight")!.shape, [D, 4 * D]);
  assert.equal(ck.tensors.has("h.0.attn.bias"), false);
  assert.equal(ck.tensors.get("lm_head.weight"), ck.tensors.get("wte.weight"));
  assert.equal(ck.config.activation, "gelu_tanh");
  assert.equal(ck.config.intermediateSize, 4 * D);
});

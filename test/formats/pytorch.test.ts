// PyTorch .bin checkpoints: read as torch.save writes them, never run. A pickle naming anything but
// the tensor records (os.system, eval) is refused with the file and the name, and nothing runs; a
// sharded checkpoint with a missing shard names the shard.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import { castTensor, toF32 } from "../../src/formats/cast.ts";
import { unpickle } from "../../src/formats/pickle.ts";
import { readPytorchBin } from "../../src/formats/pytorch.ts";
import { loadCheckpoint } from "../../src/models/checkpoint.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { fixturesMissing, repoRoot } from "../helpers/fixtures.ts";
import { writeTinyChatGlmFolder } from "./tiny-chatglm.ts";
import { evalPickle, maliciousPickle, stateDictPickle, writeTorchBin, writeZip } from "./torch-writer.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-pytorch-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const sample = () =>
  new Map<string, Tensor>([
    ["a.weight", Tensor.from([1, 2, 3, 4, 5, 6], [2, 3])],
    ["b.bias", castTensor(Tensor.from([0.5, -2, 1024]), "f16", false)],
    ["c.weight", castTensor(Tensor.from([1.5, -0.25, 3, 7], [2, 2]), "bf16", false)],
  ]);

test("a state dict written as torch.save writes it reads back: names, shapes, dtypes, values", () => {
  const path = join(dir, "sample.bin");
  const want = sample();
  writeTorchBin(path, want);
  const ck = readPytorchBin(path);
  assert.deepEqual(
    ck.tensors.map((t) => [t.name, t.dtype, t.shape]),
    [
      ["a.weight", "F32", [2, 3]],
      ["b.bias", "F16", [3]],
      ["c.weight", "BF16", [2, 2]],
    ],
  );
  for (const [name, t] of want) {
    const got = ck.loadTensor(name);
    assert.equal(got.dtype, t.dtype);
    assert.deepEqual(Array.from(got.data), Array.from(t.data), name);
  }
});

test("a ZIP64 archive (how torch.save writes files past 4 GiB) reads the same", () => {
  const path = join(dir, "zip64.bin");
  const want = sample();
  writeTorchBin(path, want, undefined, true);
  const ck = readPytorchBin(path);
  for (const [name, t] of want)
    assert.deepEqual(Array.from(ck.loadTensor(name).data), Array.from(t.data), name);
});

test("the unpickler reads a small dict (worked example of its doc comment)", () => {
  const bytes = Uint8Array.from([
    0x80, 0x02, 0x7d, 0x71, 0x00, 0x58, 0x01, 0x00, 0x00, 0x00, 0x61, 0x71, 0x01, 0x4b, 0x01, 0x73, 0x2e,
  ]);
  const v = unpickle(bytes, "x.pkl", { globals: new Map(), persistentLoad: () => null });
  assert.deepEqual(v, new Map([["a", 1]]));
});

test("a pickle calling os.system is refused by name, and nothing runs", () => {
  const marker = join(dir, "pwned");
  const path = join(dir, "evil.bin");
  writeZip(path, [["archive/data.pkl", maliciousPickle(`touch ${marker}`)]]);
  assert.throws(
    () => readPytorchBin(path),
    (e: Error) => e instanceof TongguanError && e.message.includes(path) && e.message.includes("'os.system'"),
  );
  assert.equal(existsSync(marker), false);
});

test("a state dict holding anything but tensors is refused (builtins.eval, a plain int)", () => {
  const evil = join(dir, "eval.bin");
  writeZip(evil, [["archive/data.pkl", evalPickle()]]);
  assert.throws(() => readPytorchBin(evil), /builtins\.eval/);
  // { "x": 5 }: a dict, but not of tensors.
  const ints = join(dir, "ints.bin");
  const pkl = Uint8Array.from([0x80, 2, 0x7d, 0x58, 1, 0, 0, 0, 0x78, 0x4b, 5, 0x73, 0x2e]);
  writeZip(ints, [["archive/data.pkl", pkl]]);
  assert.throws(() => readPytorchBin(ints), /'x' is not a tensor/);
});

test("broken archives fail with the file named: not a zip, no data.pkl, truncated pickle, missing storage", () => {
  const notZip = join(dir, "not-zip.bin");
  writeFileSync(notZip, "hello, this is not a checkpoint");
  assert.throws(
    () => readPytorchBin(notZip),
    (e: Error) => e.message.startsWith(`${notZip}: not a ZIP`),
  );
  const noPkl = join(dir, "no-pkl.bin");
  writeZip(noPkl, [["archive/version", Buffer.from("3\n")]]);
  assert.throws(() => readPytorchBin(noPkl), /no data\.pkl/);
  const t = sample();
  const truncated = join(dir, "truncated.bin");
  writeZip(truncated, [["archive/data.pkl", stateDictPickle(t).subarray(0, 40)]]);
  assert.throws(() => readPytorchBin(truncated), /pickle: truncated/);
  const noData = join(dir, "no-data.bin");
  writeZip(noData, [["archive/data.pkl", stateDictPickle(t)]]);
  assert.throws(() => readPytorchBin(noData), /storage data\/0 is missing/);
});

for (const form of ["sharded", "sharded-bin"] as const) {
  test(`a sharded checkpoint (${form}) with a missing shard names the shard`, {
    skip: fixturesMissing("tokenizers/llama2/tokenizer.model"),
  }, () => {
    const folder = join(dir, `missing-${form}`);
    writeTinyChatGlmFolder(folder, form);
    const shard = join(
      folder,
      form === "sharded" ? "model-00002-of-00002.safetensors" : "pytorch_model-00002-of-00002.bin",
    );
    unlinkSync(shard);
    assert.throws(
      () => loadCheckpoint(folder),
      (e: Error) => e instanceof TongguanError && e.message.startsWith(`${shard}: shard missing`),
    );
  });
}

test("a state dict saved by real PyTorch (1.13) reads back: shared storages, offsets, parameters, i64", () => {
  const ck = readPytorchBin(join(repoRoot, "test", "formats", "data", "torch-1.13-state-dict.bin"));
  const values = (name: string) => Array.from(ck.loadTensor(name).data);
  const base = Array.from({ length: 24 }, (_, i) => i / 8);
  assert.deepEqual(ck.tensorInfo("weight")?.shape, [4, 6]);
  assert.deepEqual(values("weight"), base);
  assert.deepEqual(values("tied.weight"), base);
  assert.deepEqual(values("bias"), [0.5, -1, 2, 4]);
  assert.deepEqual(
    Array.from(toF32(ck.loadTensor("f16.weight"), false).data),
    base.map((v) => v - 1),
  );
  assert.deepEqual(Array.from(toF32(ck.loadTensor("bf16.bias"), false).data), [1.5, -2, 3.25]);
  assert.deepEqual(values("view.bias"), [4, 5, 6, 7]);
  assert.deepEqual(values("param.weight"), [1, 1, 1, 1]);
  assert.deepEqual(values("long.ids"), [0, 1, 2, 3, 4]);
});

/**
 * The tiny GGUF fixtures hold the same weights as f32, f16 and q8_0 (../shared/fixtures/gguf-tiny,
 * written by llama.cpp's tools). Our f16 conversion and q8_0 quantizer must reproduce those files
 * bit for bit, and dequantizing them must give back the f32 twins within the format's error.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { readGguf } from "../../src/formats/gguf.ts";
import { bytesPerRow, dequantizeRow, quantizeRow } from "../../src/tensor/dtypes.ts";
import { f16ToF32, f32ToF16 } from "../../src/tensor/f16.ts";
import { matmulT, matmulTPath } from "../../src/tensor/fast.ts";
import { matmulTRef } from "../../src/tensor/matmul.ts";
import { shutdownPool } from "../../src/tensor/pool.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";

after(() => shutdownPool());

const MODELS = ["llama", "qwen2", "gpt2", "bert"];

for (const model of MODELS) {
  test(`gguf-tiny ${model}: q8_0 tensors equal their f32 twins within quantization error`, {
    skip: fixturesMissing("gguf-tiny"),
  }, () => {
    const f = readGguf(fixture("gguf-tiny", `tiny-${model}-f32.gguf`));
    const q = readGguf(fixture("gguf-tiny", `tiny-${model}-q8_0.gguf`));
    let checked = 0;
    for (const info of q.tensors) {
      if (info.dtype !== "q8_0") continue;
      const a = f.loadTensor(info.name);
      const b = q.loadTensor(info.name);
      const [rows, k] = a.shape as [number, number];
      const f32 = a.data as Float32Array;
      const row = new Float32Array(k);
      const mine = new Uint8Array(bytesPerRow("q8_0", k));
      for (let r = 0; r < rows; r++) {
        const src = f32.subarray(r * k, (r + 1) * k);
        const bytes = (b.data as Uint8Array).subarray(r * mine.length, (r + 1) * mine.length);
        dequantizeRow("q8_0", bytes, 0, row, k);
        for (let blk = 0; blk < k; blk += 32) {
          let amax = 0;
          for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(src[blk + j]));
          // half a step, plus the f16 rounding of d times |q| ≤ 127
          const tol = (amax / 127) * (0.5 + 127 * 2 ** -11) + 1e-12;
          for (let j = 0; j < 32; j++)
            assert.ok(Math.abs(row[blk + j] - src[blk + j]) <= tol, `${info.name} row ${r}`);
        }
        quantizeRow("q8_0", src, mine);
        assert.deepEqual(
          mine,
          bytes,
          `${info.name} row ${r}: our q8_0 quantizer differs from llama.cpp's bytes`,
        );
      }
      checked++;
    }
    assert.ok(checked >= 5, `only ${checked} q8_0 tensors found`);
  });
}

test("gguf-tiny qwen2: f16 tensors equal their f32 twins rounded to f16", {
  skip: fixturesMissing("gguf-tiny"),
}, () => {
  const f = readGguf(fixture("gguf-tiny", "tiny-qwen2-f32.gguf"));
  const h = readGguf(fixture("gguf-tiny", "tiny-qwen2-f16.gguf"));
  let checked = 0;
  for (const info of h.tensors) {
    if (info.dtype !== "f16") continue;
    const a = f.loadTensor(info.name).data as Float32Array;
    const b = h.loadTensor(info.name).data as Uint16Array;
    for (let i = 0; i < a.length; i++) {
      assert.equal(b[i], f32ToF16(a[i]), `${info.name}[${i}]`);
      // relative error of f16: half an ulp, 2^-11 (and 2^-25 absolute for subnormals)
      assert.ok(Math.abs(f16ToF32(b[i]) - a[i]) <= Math.abs(a[i]) * 2 ** -11 + 2 ** -25);
    }
    checked++;
  }
  assert.ok(checked >= 5);
});

test("gguf-tiny llama: matmulT on the loaded q8_0 and f32 weights agree", {
  skip: fixturesMissing("gguf-tiny"),
}, () => {
  const f = readGguf(fixture("gguf-tiny", "tiny-llama-f32.gguf"));
  const q = readGguf(fixture("gguf-tiny", "tiny-llama-q8_0.gguf"));
  const name = "output.weight";
  const wf = f.loadTensor(name);
  const wq = q.loadTensor(name);
  assert.equal(matmulTPath(wq), "wasm");
  const [rows, k] = wf.shape as [number, number];
  const x = new Float32Array(2 * k).map((_, i) => Math.sin(i));
  const a = new Float32Array(2 * rows);
  const b = new Float32Array(2 * rows);
  matmulT(a, x, 2, wq);
  matmulTRef(b, x, 2, wf);
  let maxErr = 0;
  let maxAbs = 0;
  for (let i = 0; i < a.length; i++) {
    maxErr = Math.max(maxErr, Math.abs(a[i] - b[i]));
    maxAbs = Math.max(maxAbs, Math.abs(b[i]));
  }
  assert.ok(maxErr < 0.02 * maxAbs, `q8_0 vs f32 logits differ by ${maxErr} (max |logit| ${maxAbs})`);
});

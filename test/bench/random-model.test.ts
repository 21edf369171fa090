/**
 * The benchmark's random-weight files in every file type of the table: each is laid out as
 * llama.cpp's quantizer lays it out (formats/gguf-mix.ts), tongguan's logits on it equal those of
 * the same weights dequantized to f32 (within the error of llama.cpp's 8-bit activations), and
 * llama.cpp loads it and predicts the same next-token distribution.
 *
 * Tolerances: the quantized paths round the activations of every matmul through 8 bits (≤ 0.4 % of a
 * block's largest value each), so logits differ from the f32 reference by a few percent of their
 * spread; a misread block format gives unrelated logits (correlation near 0), far outside that.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { BENCH_DTYPES, type BenchShape, writeRandomModel } from "../../src/bench/random-model.ts";
import { readGguf, typedMetadata } from "../../src/formats/gguf.ts";
import { writeGguf } from "../../src/formats/gguf-writer.ts";
import { loadCausalLM } from "../../src/models/index.ts";
import { dequantizeRow } from "../../src/tensor/dtypes.ts";
import { shutdownPool } from "../../src/tensor/pool.ts";
import { evaluateWithLlamaCpp } from "../formats/llama-cpp.ts";
import { peerMissing } from "../helpers/peers.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-random-model-"));
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await shutdownPool();
});

/**
 * Two tiny shapes: Qwen2 of width 64 (its matrices of 64 columns are not whole super-blocks, so
 * K-quant files fall back to q5_0 / q5_1 / q8_0 there; ffn_down's 256 columns stay K-quants), and
 * GPT-2 of width 256 (every matrix a K-quant; a fused attn_qkv).
 */
const SHAPES: BenchShape[] = [
  {
    id: "tiny-qwen2",
    name: "tiny Qwen2",
    arch: "qwen2",
    layers: 2,
    hidden: 64,
    heads: 4,
    kvHeads: 2,
    ffn: 256,
    vocab: 320,
    ctx: 64,
    ropeTheta: 1e6,
    specials: ["<|endoftext|>"],
  },
  {
    id: "tiny-gpt2",
    name: "tiny GPT-2",
    arch: "gpt2",
    layers: 2,
    hidden: 256,
    heads: 4,
    kvHeads: 4,
    ffn: 512,
    vocab: 320,
    ctx: 64,
    ropeTheta: 0,
    specials: ["<|endoftext|>"],
  },
];

const IDS = [5, 17, 260, 99, 3, 270, 41, 8];

/** The same file with every tensor dequantized to f32 (metadata copied as it is). */
function dequantizedCopy(src: string, dst: string): void {
  const g = readGguf(src);
  const metadata = new Map([...g.metadata.keys()].map((k) => [k, typedMetadata(g, k)!]));
  const loaded = g.loadTensors(
    g.tensors.map((t) => t.name),
    false,
  );
  writeGguf(dst, {
    metadata,
    tensors: g.tensors.map((t) => {
      const n = t.shape.reduce((a, b) => a * b, 1);
      const out = new Float32Array(n);
      const tensor = loaded.get(t.name)!;
      dequantizeRow(t.dtype, tensor.data, 0, out, n);
      return { name: t.name, shape: t.shape, dtype: "f32", bytes: new Uint8Array(out.buffer) };
    }),
  });
}

async function lastLogits(path: string): Promise<Float32Array> {
  const m = await loadCausalLM(path, { fit: { cacheTypeK: "f32", cacheTypeV: "f32" } });
  return Float32Array.from(m.newSession().forward(IDS));
}

function softmax(x: Float32Array): Float64Array {
  const max = Math.max(...x);
  const e = Float64Array.from(x, (v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i] / a.length;
    mb += b[i] / a.length;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

for (const shape of SHAPES) {
  for (const dtype of BENCH_DTYPES) {
    const file = join(dir, `${shape.id}-${dtype}.gguf`);
    test(`${shape.name} ${dtype}: tongguan's logits equal the dequantized f32 model's`, async () => {
      writeRandomModel(file, shape, dtype, 3);
      const ref = join(dir, `${shape.id}-${dtype}-dequantized.gguf`);
      dequantizedCopy(file, ref);
      const got = await lastLogits(file);
      const want = await lastLogits(ref);
      let spread = 0;
      for (const v of want) spread = Math.max(spread, Math.abs(v));
      const exact = dtype === "f32" || dtype === "f16" || dtype === "bf16";
      for (let i = 0; i < want.length; i++) {
        const tol = exact ? 1e-4 * spread : 0.05 * spread;
        assert.ok(Math.abs(got[i] - want[i]) <= tol, `logit ${i}: ${got[i]} vs ${want[i]} (±${tol})`);
      }
      const r = correlation(got, want);
      assert.ok(r > 0.995, `correlation with the reference ${r}`);
    });

    test(`${shape.name} ${dtype}: llama.cpp loads the file and predicts what tongguan predicts`, {
      skip: peerMissing("node-llama-cpp"),
    }, async () => {
      writeRandomModel(file, shape, dtype, 3);
      const lc = await evaluateWithLlamaCpp(file, IDS, shape.vocab);
      const tg = softmax(await lastLogits(file));
      let worst = 0;
      for (let i = 0; i < tg.length; i++) worst = Math.max(worst, Math.abs(tg[i] - lc[i]));
      // Random weights of std 0.02 give a peaked distribution; both engines quantize activations alike.
      assert.ok(worst < 0.02 * Math.max(...tg), `probabilities differ by up to ${worst}`);
      assert.ok(correlation(tg, lc) > 0.99, `correlation ${correlation(tg, lc)}`);
    });
  }
}

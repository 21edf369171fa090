/**
 * `npm run bench:load` — peak memory and speed of loading a 0.5B-parameter model.
 *
 * Writes a GGUF with Qwen2-0.5B's shapes (24 layers, hidden 896, FFN 4864, vocab 151936, 14 heads /
 * 2 KV heads, F16, tied embeddings; ~0.99 GB of random weights and a synthetic vocabulary) to
 * ~/.cache/tongguan/bench, then loads it in fresh child processes and reports each one's peak RSS
 * over the file size:
 *
 *   tongguan    loadCheckpoint(file): header, then tensor by tensor with fs.readSync straight into
 *               the shared wasm memory (the target: peak RSS ≤ 1.2 × the file)
 *   tongguan (safetensors)  the same weights as a Hugging Face folder (model.safetensors + config.json)
 *   naive       readFileSync(file), then copy every tensor into wasm memory (the file held twice)
 *   llama.cpp   node-llama-cpp 3.21.1 loadModel with mmap off (it reads the weights into its own buffers)
 *
 * Flags: `--keep` keeps the 1 GB file for the next run (default: deleted), `--out FILE` writes the
 * results to FILE, `--write-docs` to docs/benchmarks.md (by default they are printed), `--no-llama` skips the llama.cpp peer.
 * Timings on a shared machine are noisy; the RSS figures are not.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { f32ToF16 } from "../src/tensor/f16.ts";
import { writeBenchSection } from "./report.ts";

const _root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);

const SHAPE = { layers: 24, dim: 896, ffn: 4864, vocab: 151936, heads: 14, kvHeads: 2, ctx: 32768 };

async function child(kind: string, file: string): Promise<void> {
  const baseline = process.memoryUsage().rss;
  const t0 = performance.now();
  if (kind === "tongguan" || kind === "tongguan (safetensors)") {
    const { loadCheckpoint } = await import("../src/models/checkpoint.ts");
    const ck = loadCheckpoint(file);
    if (ck.tensors.size < 24 * 12) throw new Error("incomplete load");
  } else if (kind === "naive") {
    const { readGguf } = await import("../src/formats/gguf.ts");
    const { alloc } = await import("../src/tensor/memory.ts");
    const g = readGguf(file);
    const all = readFileSync(file);
    for (const t of g.tensors) alloc(t.nbytes).set(all.subarray(t.fileOffset, t.fileOffset + t.nbytes));
  } else {
    const { getLlama } = await import("node-llama-cpp");
    const llama = await getLlama({ build: "never", gpu: false, logLevel: "error" as never });
    const model = await llama.loadModel({ modelPath: file, useMmap: false });
    await model.dispose();
  }
  const seconds = (performance.now() - t0) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify({ baseline, peak, seconds })}\n`);
}

/** Writes the 0.5B-shaped F16 GGUF, one tensor at a time. */
async function generate(file: string): Promise<void> {
  const { gv, writeGguf } = await import("../src/formats/gguf-writer.ts");
  const { dim, ffn, vocab, heads, kvHeads, layers, ctx } = SHAPE;
  const hd = dim / heads;
  // A 1 MiB tile of N(0, 0.02²)-ish f16 values, repeated: the content does not matter for loading.
  const tile = new Uint16Array(1 << 19);
  let s = 12345;
  for (let i = 0; i < tile.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    tile[i] = f32ToF16(((s / 2 ** 32) * 2 - 1) * 0.03);
  }
  const tileBytes = new Uint8Array(tile.buffer);
  const fill = (n: number) => {
    const b = new Uint8Array(n);
    for (let o = 0; o < n; o += tileBytes.length)
      b.set(tileBytes.subarray(0, Math.min(tileBytes.length, n - o)), o);
    return b;
  };
  type Entry = { name: string; shape: number[]; dtype: "f16" | "f32"; bytes: () => Uint8Array };
  const tensors: Entry[] = [];
  const mat = (name: string, rows: number, cols: number) =>
    tensors.push({ name, shape: [rows, cols], dtype: "f16", bytes: () => fill(rows * cols * 2) });
  const vec = (name: string, n: number) =>
    tensors.push({
      name,
      shape: [n],
      dtype: "f32",
      bytes: () => new Uint8Array(new Float32Array(n).fill(1).buffer),
    });
  mat("token_embd.weight", vocab, dim);
  for (let l = 0; l < layers; l++) {
    const p = `blk.${l}.`;
    vec(`${p}attn_norm.weight`, dim);
    mat(`${p}attn_q.weight`, heads * hd, dim);
    vec(`${p}attn_q.bias`, heads * hd);
    mat(`${p}attn_k.weight`, kvHeads * hd, dim);
    vec(`${p}attn_k.bias`, kvHeads * hd);
    mat(`${p}attn_v.weight`, kvHeads * hd, dim);
    vec(`${p}attn_v.bias`, kvHeads * hd);
    mat(`${p}attn_output.weight`, dim, heads * hd);
    vec(`${p}ffn_norm.weight`, dim);
    mat(`${p}ffn_gate.weight`, ffn, dim);
    mat(`${p}ffn_up.weight`, ffn, dim);
    mat(`${p}ffn_down.weight`, dim, ffn);
  }
  vec("output_norm.weight", dim);
  // A synthetic byte-level vocabulary (the 256 byte characters first, so llama.cpp finds its newline).
  const tokens: string[] = [];
  // GPT-2's bytes_to_unicode: printable bytes stand for themselves, the others for U+0100 onwards.
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
    tokens.push(String.fromCodePoint(printable ? b : 256 + extra++));
  }
  while (tokens.length < vocab) tokens.push(`tok${tokens.length}`);
  writeGguf(file, {
    metadata: {
      "general.architecture": gv.str("qwen2"),
      "general.name": gv.str("qwen2-0.5b-shaped-random"),
      "general.file_type": gv.u32(1),
      "qwen2.context_length": gv.u32(ctx),
      "qwen2.embedding_length": gv.u32(dim),
      "qwen2.block_count": gv.u32(layers),
      "qwen2.feed_forward_length": gv.u32(ffn),
      "qwen2.attention.head_count": gv.u32(heads),
      "qwen2.attention.head_count_kv": gv.u32(kvHeads),
      "qwen2.rope.freq_base": gv.f32(1e6),
      "qwen2.attention.layer_norm_rms_epsilon": gv.f32(1e-6),
      "tokenizer.ggml.model": gv.str("gpt2"),
      "tokenizer.ggml.pre": gv.str("qwen2"),
      "tokenizer.ggml.tokens": gv.strings(tokens),
      "tokenizer.ggml.token_type": gv.i32s(new Int32Array(vocab).fill(1)),
      "tokenizer.ggml.merges": gv.strings([]),
      "tokenizer.ggml.eos_token_id": gv.u32(vocab - 1),
    },
    tensors,
  });
}

/** The same weights as a Hugging Face folder: model.safetensors (F16, HF names) + config.json. */
async function makeSafetensorsFolder(ggufFile: string, dir: string): Promise<void> {
  const { readGguf } = await import("../src/formats/gguf.ts");
  const { ggufToHfName } = await import("../src/formats/names.ts");
  const { writeSafetensors } = await import("../src/formats/safetensors-writer.ts");
  const g = readGguf(ggufFile);
  const loaded = g.loadTensors(
    g.tensors.map((t) => t.name),
    false,
  );
  const tensors = new Map([...loaded].map(([name, t]) => [ggufToHfName("qwen2", name)!, t]));
  mkdirSync(dir, { recursive: true });
  writeSafetensors(join(dir, "model.safetensors"), tensors, { format: "pt" });
  const { dim, ffn, vocab, heads, kvHeads, layers, ctx } = SHAPE;
  const config = {
    model_type: "qwen2",
    hidden_size: dim,
    intermediate_size: ffn,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: kvHeads,
    max_position_embeddings: ctx,
    rms_norm_eps: 1e-6,
    rope_theta: 1e6,
    vocab_size: vocab,
    tie_word_embeddings: true,
    torch_dtype: "float16",
  };
  writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));
}

function runChild(kind: string, file: string): { baseline: number; peak: number; seconds: number } {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--child", kind, file],
    {
      encoding: "utf8",
      env: { ...process.env, NODE_LLAMA_CPP_SKIP_DOWNLOAD: "true" },
      maxBuffer: 1 << 20,
    },
  );
  if (r.status !== 0) throw new Error(`${kind} child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

async function main(): Promise<void> {
  const dir = join(homedir(), ".cache", "tongguan", "bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "qwen2-0.5b-shape-f16.gguf");
  if (!existsSync(file)) {
    const t0 = performance.now();
    await generate(file);
    console.log(`generated ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const folder = join(dir, "qwen2-0.5b-shape-f16");
  if (!existsSync(join(folder, "model.safetensors"))) await makeSafetensorsFolder(file, folder);
  const size = statSync(file).size;
  const GB = 2 ** 30;
  const kinds = [
    "tongguan",
    "tongguan (safetensors)",
    "naive",
    ...(args.includes("--no-llama") ? [] : ["llama.cpp"]),
  ];
  const lines = [
    `File: ${(size / GB).toFixed(2)} GiB (Qwen2-0.5B shapes, F16, 24 layers, vocab 151936). Peak RSS of a fresh process that loads it:`,
    "",
    "| loader | peak RSS | peak RSS / file | (peak − RSS before loading) / file | load time | vs tongguan |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  let ours = 0;
  for (const kind of kinds) {
    const r = runChild(kind, kind === "tongguan (safetensors)" ? folder : file);
    if (kind === "tongguan") ours = r.peak;
    const row = `| ${kind} | ${(r.peak / GB).toFixed(2)} GiB | ${(r.peak / size).toFixed(2)} × | ${((r.peak - r.baseline) / size).toFixed(2)} × | ${r.seconds.toFixed(1)} s | ${(r.peak / ours).toFixed(2)} × RSS |`;
    console.log(row);
    lines.push(row);
  }
  lines.push(
    "",
    `Target (issue 4): tongguan's peak RSS ≤ 1.2 × the file: ${ours <= 1.2 * size ? "met" : "NOT met"}.`,
    "Load times were measured on a shared 2-core machine and are noisy; the memory figures are not.",
  );
  if (!args.includes("--keep")) {
    rmSync(file);
    rmSync(folder, { recursive: true });
  }
  if (!args.includes("--no-write")) {
    const doc = writeBenchSection(
      "load",
      ["## Loading a 0.5B model (`npm run bench:load`)", "", ...lines].join("\n"),
    );
    console.log(doc);
  }
}

if (args[0] === "--child") await child(args[1], args[2]);
else await main();

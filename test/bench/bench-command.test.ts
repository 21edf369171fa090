// `tongguan bench` on tiny random-weight models written by src/bench's generator (which
// bench:generate uses in real shapes), and the generator's vocabulary that llama.cpp must accept.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { type BenchShape, weightBytes, writeRandomModel } from "../../src/bench/random-model.ts";
import { syntheticByteLevelVocab } from "../../src/bench/synthetic-vocab.ts";
import { readGguf } from "../../src/formats/gguf.ts";
import { runCliSync } from "../helpers/cli.ts";
import { peerMissing } from "../helpers/peers.ts";

const dir = mkdtempSync(join(tmpdir(), "tongguan-bench-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const tiny = (arch: "qwen2" | "gpt2"): BenchShape => ({
  id: `tiny-${arch}`,
  name: `tiny ${arch}`,
  arch,
  layers: 2,
  hidden: 64,
  heads: 4,
  kvHeads: arch === "gpt2" ? 4 : 2,
  ffn: 128,
  vocab: 320,
  ctx: 64,
  ropeTheta: 10000,
  specials: ["<|endoftext|>", "<|im_end|>"],
});

const tongguan = (args: string[]) => runCliSync(args);

test("the synthetic vocabulary has the asked size, unique tokens, and merges of existing tokens", () => {
  const v = syntheticByteLevelVocab(70_000, ["<|endoftext|>"]); // > 256 + 65536: needs three-byte tokens too
  assert.equal(v.tokens.length, 70_000);
  assert.equal(new Set(v.tokens).size, 70_000);
  assert.equal(v.merges.length, 70_000 - 256 - 1);
  const known = new Set(v.tokens);
  for (const m of v.merges) {
    const [a, b, extra] = m.split(" ");
    assert.equal(extra, undefined, m);
    assert.ok(known.has(a!) && known.has(b!) && known.has(a! + b!), m);
  }
  assert.equal(v.tokens.at(-1), "<|endoftext|>");
  assert.equal(v.types.at(-1), 3);
  assert.equal(v.tokens[32], "Ġ"); // byte 0x20, space, in GPT-2's byte alphabet
});

for (const arch of ["qwen2", "gpt2"] as const) {
  test(`a random ${arch} model: tongguan bench --json gives positive speeds, TTFT and RSS`, () => {
    const path = join(dir, `${arch}.gguf`);
    writeRandomModel(path, tiny(arch), "q8_0");
    const g = readGguf(path);
    assert.equal((g.metadata.get("tokenizer.ggml.tokens") as string[]).length, 320);
    assert.ok(statSync(path).size > weightBytes(tiny(arch), "q8_0"));
    const r = tongguan([
      "bench",
      path,
      "--threads",
      "1",
      "--prompt-tokens",
      "8",
      "--gen-tokens",
      "4",
      "--json",
    ]);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, number>;
    for (const key of ["prefill_tok_s", "decode_tok_s", "ttft_ms", "peak_rss_mb", "load_ms"]) {
      assert.ok(typeof j[key] === "number" && j[key] > 0 && Number.isFinite(j[key]), `${key} = ${j[key]}`);
    }
    assert.equal(j.model_bytes, statSync(path).size);
    assert.equal(j.prompt_tokens, 8);
    assert.equal(j.gen_tokens, 4);
    assert.equal(j.threads, 1);
    // Prefill of 8 tokens can't be faster than the time to the first token allows.
    assert.ok(Math.abs(j.prefill_tok_s! - 8 / (j.ttft_ms! / 1000)) < 1e-6 * j.prefill_tok_s!);
  });
}

test("tongguan bench without --json prints a readable summary", () => {
  const path = join(dir, "summary.gguf");
  writeRandomModel(path, tiny("qwen2"), "f16");
  const r = tongguan(["bench", path, "--threads", "1", "--prompt-tokens", "4", "--gen-tokens", "2"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /prefill\s+4 tokens\s+[\d.]+ tok\/s/);
  assert.match(r.stdout, /decode\s+2 tokens\s+[\d.]+ tok\/s/);
  assert.match(r.stdout, /peak RSS/);
});

test("tongguan bench on a missing file: a clear error naming it, exit code ≠ 0", () => {
  const missing = join(dir, "no-such-model.gguf");
  const r = tongguan(["bench", missing, "--json"]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no-such-model\.gguf/);
  assert.doesNotMatch(r.stderr, /\n\s+at /); // no stack trace
  assert.equal(r.stdout, "");
});

test("tongguan bench rejects bad numbers and a context overflow, naming the option", () => {
  const path = join(dir, "qwen2.gguf");
  writeRandomModel(path, tiny("qwen2"), "q8_0");
  const bad = tongguan(["bench", path, "--gen-tokens", "zero"]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--gen-tokens needs a positive integer, got "zero"/);
  const long = tongguan(["bench", path, "--prompt-tokens", "60", "--gen-tokens", "10"]); // ctx 64
  assert.notEqual(long.status, 0);
  assert.match(long.stderr, /exceeds the model's context of 64/);
});

test("llama.cpp loads and runs the random models (their synthetic tokenizer included)", {
  skip: peerMissing("node-llama-cpp"),
}, async () => {
  const { benchLlamaCpp } = await import("../../src/bench/llama-cpp.ts");
  for (const arch of ["qwen2", "gpt2"] as const) {
    const path = join(dir, `llama-${arch}.gguf`);
    writeRandomModel(path, tiny(arch), "q4_0");
    const r = await benchLlamaCpp(path, { threads: 1, promptTokens: 8, genTokens: 4 });
    assert.equal(r.engine, "llama.cpp");
    assert.ok(r.decode_tok_s > 0 && r.prefill_tok_s > 0 && r.ttft_ms > 0, JSON.stringify(r));
  }
});

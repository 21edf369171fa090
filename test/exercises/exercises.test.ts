/**
 * The exercises (exercises/*.ts): each reference solution passes its own check, the blank versions
 * fail it with one FAIL line per case, and the reference solutions agree with the engine.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { randomArray } from "../../exercises/lib/cases.ts";
import { attention } from "../../exercises/solutions/attention.ts";
import { decode, encode, getStats, train } from "../../exercises/solutions/bpe.ts";
import { KvCache } from "../../exercises/solutions/kv-cache.ts";
import { rope } from "../../exercises/solutions/rope.ts";
import { topP } from "../../exercises/solutions/top-p.ts";
import { Rope, scaledDotProductAttention, softmax, TopPProcessor } from "../../src/index.ts";
import { repoRoot } from "../helpers/fixtures.ts";

const NAMES = ["attention", "bpe", "kv-cache", "rope", "top-p"];
const runner = join(repoRoot, "scripts", "run-exercise.mjs");
const exercise = (...args: string[]) =>
  spawnSync(process.execPath, [runner, ...args], { cwd: repoRoot, encoding: "utf8" });

for (const name of NAMES) {
  test(`npm run exercise -- ${name}: the solution passes every case, the blank file fails every case`, () => {
    const ok = exercise(name, "--solution");
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const passLines = ok.stdout.split("\n").filter((l) => l.startsWith("  PASS"));
    assert.ok(passLines.length >= 4, ok.stdout);
    assert.ok(!ok.stdout.includes("FAIL"));
    assert.match(ok.stdout, new RegExp(`all ${passLines.length} cases pass`));
    const blank = exercise(name);
    assert.equal(blank.status, 1, blank.stdout + blank.stderr);
    const failLines = blank.stdout.split("\n").filter((l) => l.startsWith("  FAIL"));
    assert.equal(failLines.length, passLines.length);
    for (const l of failLines) assert.match(l, /threw: not implemented$/);
    assert.match(blank.stdout, new RegExp(`0 of ${passLines.length} cases pass`));
  });
}

test("the exercise runner lists the exercises; an unknown name is one clear line", () => {
  const list = exercise();
  assert.equal(list.status, 0);
  for (const n of NAMES) assert.match(list.stdout, new RegExp(`^  ${n}$`, "m"));
  const bad = exercise("nope");
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^tongguan: no exercise "nope" \(exercises: attention, bpe/);
});

test("solution attention = the engine's scaled dot-product attention (one head, causal or not)", () => {
  for (const causal of [false, true]) {
    const [n, d] = [6, 8];
    const [q, k, v] = [1, 2, 3].map((s) => randomArray(n * d, s));
    const out = new Float32Array(n * d);
    scaledDotProductAttention(out, q, k, v, n, n, {
      heads: 1,
      kvHeads: 1,
      headDim: d,
      qStart: 0,
      causal,
      scores: new Float32Array(n),
    });
    attention(q, k, v, n, d, causal).forEach((x, i) => {
      assert.ok(Math.abs(x - out[i]) < 1e-5, `${i}`);
    });
  }
});

test("solution rope = the engine's interleaved RoPE", () => {
  for (const [d, pos, base] of [
    [8, 3, 10000],
    [64, 100, 1e6],
  ]) {
    const x = randomArray(d, pos);
    const engine = x.slice();
    new Rope({ headDim: d, theta: base, layout: "interleaved" }).apply(engine, 1, 1, pos);
    rope(x, pos, base).forEach((y, i) => {
      assert.ok(Math.abs(y - engine[i]) < 1e-5, `${i}`);
    });
  }
});

test("solution top-p keeps what the engine's TopPProcessor keeps, renormalised", () => {
  const logits = randomArray(40, 7).map((z) => 3 * z);
  for (const p of [0.3, 0.7, 0.95]) {
    const kept = Float32Array.from(logits);
    new TopPProcessor(p).process(kept);
    const engine = Array.from(softmax(kept));
    const mine = topP(Array.from(softmax(logits)), p);
    mine.forEach((q, i) => {
      assert.ok(Math.abs(q - engine[i]) < 1e-6, `p ${p}, id ${i}: ${q} vs ${engine[i]}`);
    });
  }
});

test("solution KV cache: decoding token by token equals causal attention over the whole sequence", () => {
  const [n, d] = [5, 8];
  const [q, k, v] = [4, 5, 6].map((s) => randomArray(n * d, s));
  const full = attention(q, k, v, n, d, true);
  const cache = new KvCache(d, n);
  for (let t = 0; t < n; t++) {
    cache.append(k.subarray(t * d, (t + 1) * d), v.subarray(t * d, (t + 1) * d));
    const row = cache.attend(q.subarray(t * d, (t + 1) * d));
    row.forEach((x, e) => {
      assert.ok(Math.abs(x - full[t * d + e]) < 1e-5, `t ${t}`);
    });
  }
  assert.throws(() => cache.append(k.subarray(0, d), v.subarray(0, d)), /full/);
});

test("solution BPE: the first merge is the most frequent pair; encode ∘ decode is the identity", () => {
  const text = "low lower lowest newest widest 通关 通关";
  const bytes = Array.from(new TextEncoder().encode(text));
  const merges = train(text, 12);
  assert.equal(merges.length, 12);
  const stats = [...getStats(bytes)];
  const most = Math.max(...stats.map(([, c]) => c));
  assert.equal(merges[0].join(","), stats.find(([, c]) => c === most)![0]);
  const ids = encode(text, merges);
  assert.ok(ids.length < bytes.length);
  assert.equal(decode(ids, merges), text);
  assert.ok(ids.some((id) => id >= 256));
});

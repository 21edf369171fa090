import assert from "node:assert/strict";
import { after, test } from "node:test";
import { attention, scaledDotProductAttention } from "../../src/tensor/attention.ts";
import { allocF32 } from "../../src/tensor/memory.ts";
import { setThreads, shutdownPool } from "../../src/tensor/pool.ts";
import { loadWasm } from "../../src/tensor/wasm/kernels.ts";
import { maxAbsDiff, randomArray } from "../helpers/random.ts";

/** `values` copied into the shared tensor memory (where the wasm loops can read it). */
function shared(values: Float32Array): Float32Array {
  const a = allocF32(values.length);
  a.set(values);
  return a;
}

const cases = [
  // label, heads, kvHeads, headDim, n, qStart, causal
  ["multi-head decode", 4, 4, 8, 1, 9, true],
  ["grouped-query decode (Qwen2-like 7 per group)", 14, 2, 16, 1, 12, true],
  ["grouped-query prefill with a cache offset", 6, 2, 8, 5, 3, true],
  ["multi-query prefill", 4, 1, 12, 4, 0, true],
  ["bidirectional (BERT-like)", 4, 4, 8, 6, 0, false],
  ["odd head width (the reference runs)", 4, 2, 6, 3, 2, true],
  ["long cache: several blocks of key and value rows", 14, 2, 64, 2, 70, true],
  // A prompt's rows go to the kernel in blocks of ⌈8 / group⌉ rows; partly visible key blocks, a last
  // row block cut short, rows that see different numbers of keys.
  ["prompt of 19 rows, multi-head (blocks of 8 rows)", 4, 4, 16, 19, 0, true],
  ["prompt of 45 rows after 30 cached, Qwen2-like groups of 7", 14, 2, 64, 45, 30, true],
  ["prompt of 33 rows, multi-query", 8, 1, 32, 33, 5, true],
  ["bidirectional, 40 rows (BERT-like)", 4, 4, 32, 40, 0, false],
] as const;

after(() => shutdownPool());

for (const [label, heads, kvHeads, hd, n, qStart, causal] of cases) {
  test(`attention (${label}) equals the reference loop within 1e-5`, () => {
    const kvLen = causal ? qStart + n : n;
    const ctx = kvLen + 3; // a cache longer than what is filled: the tail must be ignored
    const q = randomArray(n * heads * hd, 11, 2);
    const k = randomArray(ctx * kvHeads * hd, 12, 2);
    const v = randomArray(ctx * kvHeads * hd, 13);
    const want = new Float32Array(n * heads * hd);
    const base = { heads, kvHeads, headDim: hd, qStart, causal };
    scaledDotProductAttention(want, q, k, v, n, kvLen, { ...base, scores: new Float32Array(kvLen) });

    const scores = allocF32(heads * ctx);
    let first: Float32Array | undefined;
    for (const threads of [1, 2]) {
      setThreads(threads);
      const out = shared(new Float32Array(n * heads * hd).fill(Number.NaN)); // stale output must be overwritten
      attention(out, shared(q), shared(k), shared(v), n, kvLen, { ...base, scores });
      assert.ok(maxAbsDiff(out, want) < 1e-5, `wasm loops, ${threads} thread(s): ${maxAbsDiff(out, want)}`);
      if (hd % 4 !== 0) assert.deepEqual(out, shared(want), "the reference ran: the same bits");
      // Items are independent: how they are split across threads changes no bit.
      if (first) assert.deepEqual(out, first, "1 and 2 threads differ");
      first = out;
    }
  });
}

test("attention: the wasm loops load here; outside tensor memory, with a mask or probabilities it is the reference", () => {
  assert.notEqual(loadWasm("attention"), null, "attention.wasm did not compile (run npm run build:wasm)");
  const heads = 4;
  const hd = 8;
  const n = 2;
  const q = randomArray(n * heads * hd, 21);
  const k = randomArray(n * 2 * hd, 22);
  const v = randomArray(n * 2 * hd, 23);
  const o = { heads, kvHeads: 2, headDim: hd, qStart: 0, causal: true };
  const want = new Float32Array(n * heads * hd);
  scaledDotProductAttention(want, q, k, v, n, n, { ...o, scores: new Float32Array(n) });
  const plain = new Float32Array(n * heads * hd); // an ordinary ArrayBuffer: the reference runs
  attention(plain, q, k, v, n, n, { ...o, scores: new Float32Array(heads * n) });
  assert.deepEqual(plain, want);
  // Query row 0 sees only key 0, so its output is exactly value row 0 of its K/V head.
  for (let h = 0; h < heads; h++) {
    const g = Math.floor(h / 2);
    for (let d = 0; d < hd; d++) assert.ok(Math.abs(plain[h * hd + d] - v[g * hd + d]) < 1e-6);
  }
  // In tensor memory but asking for the probabilities (a hook is looking): the reference, bit for bit.
  const probs = new Float32Array(heads * n * n);
  const viaSeam = shared(new Float32Array(n * heads * hd));
  attention(viaSeam, shared(q), shared(k), shared(v), n, n, { ...o, scores: allocF32(n), probs });
  assert.deepEqual(viaSeam, shared(want));
  assert.equal(probs[0], 1, "head 0, row 0 sees key 0 only");
});

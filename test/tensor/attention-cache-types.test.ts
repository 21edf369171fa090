/**
 * Attention over a KV cache stored as f16 or q8_0 (tensor/kv-rows.ts): the wasm loops read the
 * stored rows directly; the reference reads f32 copies of the same rows. Both see the same rounded
 * values, so they agree to f32 summation order (1e-5), whatever the type.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { attention, scaledDotProductAttention } from "../../src/tensor/attention.ts";
import { type CacheType, cacheRowsF32, newCacheRows, storeCacheRows } from "../../src/tensor/kv-rows.ts";
import { alloc, allocF32 } from "../../src/tensor/memory.ts";
import { maxAbsDiff, randomArray } from "../helpers/random.ts";

function shared(values: Float32Array): Float32Array {
  const a = allocF32(values.length);
  a.set(values);
  return a;
}

const cases = [
  // label, heads, kvHeads, headDim, n, qStart
  ["decode, multi-head", 4, 4, 32, 1, 9],
  ["decode, grouped-query", 8, 2, 64, 1, 40],
  ["prefill with a cache offset", 6, 2, 32, 5, 3],
  ["long cache", 4, 1, 128, 2, 150],
  ["a prompt of 21 rows after 40 cached, groups of 7", 14, 2, 64, 21, 40],
] as const;

for (const [kt, vt] of [
  ["f16", "f16"],
  ["q8_0", "q8_0"],
  ["q8_0", "f16"],
  ["f32", "q8_0"],
] as [CacheType, CacheType][]) {
  for (const [label, heads, kvHeads, hd, n, qStart] of cases) {
    test(`attention over a ${kt}/${vt} cache (${label}): the wasm loops equal the reference on the stored values within 1e-5`, () => {
      const kvLen = qStart + n;
      const ctx = kvLen + 2;
      const kvDim = kvHeads * hd;
      const q = randomArray(n * heads * hd, 31, 2);
      const k = randomArray(ctx * kvDim, 32, 2);
      const v = randomArray(ctx * kvDim, 33);
      const keys = newCacheRows(kt, ctx, kvDim, (b) => alloc(b));
      const values = newCacheRows(vt, ctx, kvDim, (b) => alloc(b));
      storeCacheRows(keys, kt, k, 0, ctx, kvDim);
      storeCacheRows(values, vt, v, 0, ctx, kvDim);
      const base = { heads, kvHeads, headDim: hd, qStart, causal: true };
      const want = new Float32Array(n * heads * hd);
      scaledDotProductAttention(
        want,
        q,
        cacheRowsF32(keys, kt, kvLen, kvDim),
        cacheRowsF32(values, vt, kvLen, kvDim),
        n,
        kvLen,
        { ...base, scores: new Float32Array(kvLen) },
      );
      const out = shared(new Float32Array(n * heads * hd).fill(Number.NaN));
      const o = { ...base, scores: allocF32(heads * ctx), keyType: kt, valueType: vt };
      attention(out, shared(q), keys, values, n, kvLen, o);
      const d = maxAbsDiff(out, want);
      assert.ok(d < 1e-5, `wasm loops: ${d}`);
      // And the stored values are the rounded originals: f16 to ~1e-3 relative, q8_0 to a block's step.
      const back = cacheRowsF32(keys, kt, ctx, kvDim);
      const err = maxAbsDiff(back, k);
      assert.ok(err < (kt === "f32" ? 1e-7 : kt === "f16" ? 4e-3 : 0.05), `stored keys off by ${err}`);
    });
  }
}

for (const type of ["f16", "q8_0"] as CacheType[]) {
  test(`attention over a ${type} cache gives the same bits as over an f32 cache of the stored values (decode and prompt)`, () => {
    // The kernels convert each block of cached rows to f32 exactly and run the f32 loops on it.
    for (const [heads, kvHeads, hd, n, qStart] of [
      [14, 2, 64, 1, 100],
      [14, 2, 64, 17, 70],
      [4, 4, 32, 11, 3],
    ]) {
      const kvLen = qStart + n;
      const kvDim = kvHeads * hd;
      const q = shared(randomArray(n * heads * hd, 41, 2));
      const keys = newCacheRows(type, kvLen, kvDim, (b) => alloc(b));
      const values = newCacheRows(type, kvLen, kvDim, (b) => alloc(b));
      storeCacheRows(keys, type, randomArray(kvLen * kvDim, 42, 2), 0, kvLen, kvDim);
      storeCacheRows(values, type, randomArray(kvLen * kvDim, 43), 0, kvLen, kvDim);
      const base = { heads, kvHeads, headDim: hd, qStart, causal: true, scores: allocF32(heads * kvLen) };
      const cached = shared(new Float32Array(n * heads * hd));
      attention(cached, q, keys, values, n, kvLen, { ...base, keyType: type, valueType: type });
      const f32 = shared(new Float32Array(n * heads * hd));
      const k32 = shared(cacheRowsF32(keys, type, kvLen, kvDim));
      const v32 = shared(cacheRowsF32(values, type, kvLen, kvDim));
      attention(f32, q, k32, v32, n, kvLen, base);
      assert.deepEqual(cached, f32, `${heads}/${kvHeads} heads, ${n} rows after ${qStart}`);
    }
  });
}

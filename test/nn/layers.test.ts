import assert from "node:assert/strict";
import { test } from "node:test";
import { TongguanError } from "../../src/errors.ts";
import type { TensorEvent } from "../../src/models/types.ts";
import { Embedding } from "../../src/nn/embedding.ts";
import { GeluMLP, SwiGLU } from "../../src/nn/ffn.ts";
import { KvCache } from "../../src/nn/kv-cache.ts";
import { Linear } from "../../src/nn/linear.ts";
import { addPositions, sinusoidalPositions } from "../../src/nn/positions.ts";
import { RMSNorm } from "../../src/nn/rms-norm.ts";
import { Rope } from "../../src/nn/rope.ts";
import { Scratch } from "../../src/nn/scratch.ts";
import { SelfAttention } from "../../src/nn/self-attention.ts";
import { f32ToF16 } from "../../src/tensor/f16.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { maxAbsDiff, randomArray } from "../helpers/random.ts";

const weight = (rows: number, k: number, seed: number) =>
  Tensor.from(randomArray(rows * k, seed, 0.5), [rows, k]);

/** y = x·Wᵀ + b by the definition. */
function naiveLinear(x: Float32Array, n: number, w: Float32Array, rows: number, k: number, b?: Float32Array) {
  const y = new Float32Array(n * rows);
  for (let t = 0; t < n; t++)
    for (let r = 0; r < rows; r++) {
      let s = b ? b[r] : 0;
      for (let i = 0; i < k; i++) s += x[t * k + i] * w[r * k + i];
      y[t * rows + r] = s;
    }
  return y;
}

test("Linear: x·Wᵀ + b for f32 and f16 weights equals the definition", () => {
  const w = weight(5, 3, 1);
  const b = randomArray(5, 2);
  const x = randomArray(2 * 3, 3);
  const y = new Float32Array(10);
  new Linear(w, b).forward(y, x, 2);
  assert.ok(maxAbsDiff(y, naiveLinear(x, 2, w.data as Float32Array, 5, 3, b)) < 1e-6);
  const h = new Uint16Array(15).map((_, i) => f32ToF16((w.data as Float32Array)[i]));
  new Linear(new Tensor([5, 3], "f16", h)).forward(y, x, 2);
  assert.ok(maxAbsDiff(y, naiveLinear(x, 2, w.data as Float32Array, 5, 3)) < 2e-3);
  assert.throws(
    () => new Linear(w, new Float32Array(4), "blk.0.attn_q"),
    (e: Error) => e instanceof TongguanError && /blk\.0\.attn_q/.test(e.message),
  );
});

test("Embedding: gathers rows; a bad id is a clear error", () => {
  const table = Tensor.from([0, 0, 1, 2, 3, 4], [3, 2]);
  const e = new Embedding(table, "token_embd");
  const out = new Float32Array(4);
  e.forward(out, [2, 1]);
  assert.deepEqual([...out], [3, 4, 1, 2]);
  e.addRange(out, 2, 1, new Float32Array(2));
  assert.deepEqual([...out], [4, 6, 4, 6]);
  assert.throws(() => e.forward(out, [3]), /token_embd: id 3 is outside 0\.\.2/);
});

test("sinusoidal positions: worked example and addPositions", () => {
  const pe = sinusoidalPositions(2, 2);
  assert.ok(maxAbsDiff(pe, [0, 1, Math.sin(1), Math.cos(1)]) < 1e-7);
  const x = new Float32Array(2);
  addPositions(x, 1, 2, pe, 1);
  assert.ok(maxAbsDiff(x, [Math.sin(1), Math.cos(1)]) < 1e-7);
});

test("FFN: SwiGLU = down(silu(gate x)·up x) and GELU MLP = down(gelu(up x)), against the definition", () => {
  const dim = 4;
  const hidden = 6;
  const x = randomArray(2 * dim, 9);
  const [g, u, d] = [weight(hidden, dim, 10), weight(hidden, dim, 11), weight(dim, hidden, 12)];
  const out = new Float32Array(2 * dim);
  new SwiGLU(new Linear(g), new Linear(u), new Linear(d)).forward(out, x, 2, {
    start: 0,
    scratch: new Scratch(),
    layer: -1,
  });
  const gx = naiveLinear(x, 2, g.data as Float32Array, hidden, dim);
  const ux = naiveLinear(x, 2, u.data as Float32Array, hidden, dim);
  const act = gx.map((v, i) => (v / (1 + Math.exp(-v))) * ux[i]);
  assert.ok(maxAbsDiff(out, naiveLinear(act, 2, d.data as Float32Array, dim, hidden)) < 1e-5);
  const bu = randomArray(hidden, 13);
  new GeluMLP(new Linear(u, bu), new Linear(d), "gelu").forward(out, x, 2, {
    start: 0,
    scratch: new Scratch(),
    layer: -1,
  });
  const h = naiveLinear(x, 2, u.data as Float32Array, hidden, dim, bu).map(
    (v) => 0.5 * v * (1 + erfNumeric(v / Math.SQRT2)),
  );
  assert.ok(maxAbsDiff(out, naiveLinear(h, 2, d.data as Float32Array, dim, hidden)) < 1e-5);
});

/** erf by Simpson's rule on 2/√π·e^(−t²): slow and obvious. */
function erfNumeric(x: number): number {
  const steps = 2000;
  const hstep = x / steps;
  let s = 0;
  for (let i = 0; i <= steps; i++) {
    const t = i * hstep;
    s += (i === 0 || i === steps ? 1 : i % 2 ? 4 : 2) * Math.exp(-t * t);
  }
  return ((2 / Math.sqrt(Math.PI)) * s * hstep) / 3;
}

test("KvCache: size in bytes, and a full context is an error, never a silent cut", () => {
  const c = new KvCache(2, 4, 8);
  assert.equal(c.bytes, 2 * 2 * 4 * 8 * 4);
  c.ensureRoom(4);
  c.length = 3;
  assert.throws(
    () => c.ensureRoom(2),
    (e: Error) => e instanceof TongguanError && /context is full: 3 .* \+ 2 .* 4/.test(e.message),
  );
  c.truncate(1);
  assert.equal(c.length, 1);
  assert.throws(() => c.truncate(2), /truncate/);
});

test("SelfAttention: a prompt at once equals token by token through the cache (GQA, bias, q/k norm, RoPE)", () => {
  const dim = 16;
  const heads = 4;
  const kvHeads = 2;
  const hd = 4;
  const attn = new SelfAttention({
    heads,
    kvHeads,
    headDim: hd,
    q: new Linear(weight(heads * hd, dim, 1), randomArray(heads * hd, 5)),
    k: new Linear(weight(kvHeads * hd, dim, 2), randomArray(kvHeads * hd, 6)),
    v: new Linear(weight(kvHeads * hd, dim, 3)),
    o: new Linear(weight(dim, heads * hd, 4)),
    qNorm: new RMSNorm(randomArray(hd, 7), 1e-6),
    kNorm: new RMSNorm(randomArray(hd, 8), 1e-6),
    rope: new Rope({ headDim: hd, theta: 10000, layout: "neox" }),
    causal: true,
  });
  const n = 5;
  const x = randomArray(n * dim, 20);
  const whole = new Float32Array(n * dim);
  const c1 = new KvCache(1, 8, kvHeads * hd);
  const events: TensorEvent[] = [];
  attn.forward(whole, x, n, {
    start: 0,
    cache: c1.layer(0),
    scratch: new Scratch(),
    hook: (e) => events.push(e),
    layer: 3,
  });
  const c2 = new KvCache(1, 8, kvHeads * hd);
  const s = new Scratch();
  const step = new Float32Array(n * dim);
  for (let t = 0; t < n; t++) {
    const out = new Float32Array(dim);
    attn.forward(out, x.subarray(t * dim, (t + 1) * dim), 1, {
      start: t,
      cache: c2.layer(0),
      scratch: s,
      layer: -1,
    });
    step.set(out, t * dim);
  }
  assert.ok(maxAbsDiff(whole, step) < 1e-5);
  const probs = events.find((e) => e.name === "attn_probs")!;
  assert.deepEqual(probs.tensor.shape, [heads, n, n]);
  assert.equal(probs.layer, 3);
  assert.deepEqual(
    events.map((e) => e.name),
    ["q", "k", "v", "attn_probs", "attn_out"],
  );
  // Row 2 of every head sums to 1 over keys 0..2 and puts nothing on the future.
  const p = probs.tensor.data as Float32Array;
  for (let h = 0; h < heads; h++) {
    const row = p.subarray((h * n + 2) * n, (h * n + 3) * n);
    assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-6);
    assert.equal(row[3], 0);
  }
});

test("SelfAttention: fused qkv rows (q, k, v) equal separate projections", () => {
  const dim = 8;
  const [wq, wk, wv] = [weight(dim, dim, 1), weight(dim, dim, 2), weight(dim, dim, 3)];
  const fused = new Float32Array(3 * dim * dim);
  fused.set(wq.data as Float32Array, 0);
  fused.set(wk.data as Float32Array, dim * dim);
  fused.set(wv.data as Float32Array, 2 * dim * dim);
  const o = new Linear(weight(dim, dim, 4));
  const common = { heads: 2, kvHeads: 2, headDim: 4, o, causal: false };
  const a = new SelfAttention({ ...common, q: new Linear(wq), k: new Linear(wk), v: new Linear(wv) });
  const b = new SelfAttention({ ...common, qkv: new Linear(Tensor.from(fused, [3 * dim, dim])) });
  const x = randomArray(3 * dim, 5);
  const ya = new Float32Array(3 * dim);
  const yb = new Float32Array(3 * dim);
  a.forward(ya, x, 3, { start: 0, scratch: new Scratch(), layer: -1 });
  b.forward(yb, x, 3, { start: 0, scratch: new Scratch(), layer: -1 });
  assert.ok(maxAbsDiff(ya, yb) < 1e-6);
});

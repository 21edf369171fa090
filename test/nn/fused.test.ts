import assert from "node:assert/strict";
import { test } from "node:test";
import { SwiGLU } from "../../src/nn/ffn.ts";
import { stackLinears, stackRows } from "../../src/nn/fused.ts";
import { Linear } from "../../src/nn/linear.ts";
import { Rope } from "../../src/nn/rope.ts";
import { Scratch } from "../../src/nn/scratch.ts";
import { SelfAttention } from "../../src/nn/self-attention.ts";
import { alloc, allocF32, bytesPerRow, quantizeRow, Tensor } from "../../src/tensor/index.ts";
import { randomArray } from "../helpers/random.ts";

/**
 * Weights `shapes` (rows, k) as q8_0 tensors in the tensor memory, back to back when `adjacent`
 * (rows·34·k/32 bytes is a multiple of the allocator's 64-byte alignment for the shapes used here),
 * else separated by a gap.
 */
function q8Weights(shapes: [number, number][], seed: number, adjacent: boolean): Tensor[] {
  return shapes.map(([rows, k], i) => {
    if (!adjacent) alloc(64); // a gap
    const bytes = alloc(rows * bytesPerRow("q8_0", k));
    quantizeRow("q8_0", randomArray(rows * k, seed + i, 0.5), bytes);
    return new Tensor([rows, k], "q8_0", bytes);
  });
}

test("stackRows: adjacent weights become one [Σrows, k] view over the same bytes; others do not", () => {
  const [a, b] = q8Weights(
    [
      [64, 32],
      [32, 32],
    ],
    1,
    true,
  );
  const s = stackRows([a!, b!])!;
  assert.deepEqual(s.shape, [96, 32]);
  assert.equal(s.data.byteOffset, a!.data.byteOffset);
  assert.equal(s.data.byteLength, a!.data.byteLength + b!.data.byteLength);
  const [c, d] = q8Weights(
    [
      [64, 32],
      [32, 32],
    ],
    3,
    false,
  );
  assert.equal(stackRows([c!, d!]), undefined, "a gap between them");
  assert.equal(stackRows([b!, a!]), undefined, "wrong order");
  assert.equal(stackRows([a!]), undefined, "nothing to stack");
  const f32 = new Tensor([2, 32], "f32", allocF32(64));
  assert.equal(stackRows([b!, f32]), undefined, "different dtypes");
});

test("stackLinears: biases are laid side by side (zeros where a layer has none)", () => {
  const [a, b] = q8Weights(
    [
      [64, 32],
      [32, 32],
    ],
    5,
    true,
  );
  const l = stackLinears([new Linear(a!, new Float32Array(64).fill(1)), new Linear(b!)], "ab")!;
  assert.equal(l.outFeatures, 96);
  assert.equal(l.bias![63], 1);
  assert.equal(l.bias![64], 0);
});

test("SelfAttention and SwiGLU give identical outputs with stacked and separate weights (prefill and decode)", () => {
  const d = 64;
  const heads = 4;
  const kvHeads = 2;
  const hd = 16;
  const hidden = 128;
  const run = (adjacent: boolean) => {
    const [q, k, v, o] = q8Weights(
      [
        [heads * hd, d],
        [kvHeads * hd, d],
        [kvHeads * hd, d],
        [d, heads * hd],
      ],
      10,
      adjacent,
    );
    const bias = (n: number, seed: number) => randomArray(n, seed, 0.1);
    const attn = new SelfAttention({
      heads,
      kvHeads,
      headDim: hd,
      q: new Linear(q!, bias(heads * hd, 20)),
      k: new Linear(k!, bias(kvHeads * hd, 21)),
      v: new Linear(v!, bias(kvHeads * hd, 22)),
      o: new Linear(o!),
      rope: new Rope({ headDim: hd, theta: 10000, layout: "neox" }),
      causal: true,
    });
    const [g, u, dn] = q8Weights(
      [
        [hidden, d],
        [hidden, d],
        [d, hidden],
      ],
      30,
      adjacent,
    );
    const ffn = new SwiGLU(new Linear(g!), new Linear(u!), new Linear(dn!));
    assert.equal(stackRows([q!, k!, v!]) !== undefined, adjacent);
    assert.equal(stackRows([g!, u!]) !== undefined, adjacent);
    const cache = {
      keys: allocF32(8 * kvHeads * hd),
      values: allocF32(8 * kvHeads * hd),
      keyType: "f32" as const,
      valueType: "f32" as const,
      contextLength: 8,
    };
    const s = new Scratch();
    const x = allocF32(4 * d);
    x.set(randomArray(4 * d, 40));
    const a = allocF32(4 * d);
    const y = allocF32(4 * d);
    attn.forward(a, x, 3, { start: 0, cache, scratch: s, layer: -1 }); // prefill 3 rows
    ffn.forward(y, a, 3, { start: 0, scratch: s, layer: -1 });
    const a1 = allocF32(d);
    const y1 = allocF32(d);
    attn.forward(a1, x.subarray(3 * d), 1, { start: 3, cache, scratch: s, layer: -1 }); // decode one
    ffn.forward(y1, a1, 1, { start: 3, scratch: s, layer: -1 });
    return [...a.subarray(0, 3 * d), ...y.subarray(0, 3 * d), ...a1, ...y1];
  };
  const stacked = run(true);
  const separate = run(false);
  assert.ok(stacked.some((v) => v !== 0));
  assert.deepEqual(stacked, separate);
});

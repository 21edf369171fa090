/** Comparing trained weights with PyTorch's: per tensor, relative to its largest value. */
import assert from "node:assert/strict";
import { toF32 } from "../../src/formats/cast.ts";
import { readSafetensors } from "../../src/formats/safetensors.ts";

/** max |a − b| / max |b|. */
export function closeness(a: Float32Array, b: Float32Array): number {
  let scale = 0;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst / Math.max(scale, 1e-12);
}

export function tensors(path: string): Map<string, Float32Array> {
  const f = readSafetensors(path);
  return new Map(f.tensors.map((t) => [t.name, toF32(f.loadTensor(t.name), false).data as Float32Array]));
}

/**
 * Every tensor of `got` within rel 1e-4 of `want`, except entries whose step-0 gradient is zero in
 * exact arithmetic (the key bias: softmax ignores a constant added to every score). float32 leaves
 * ~1e-9 of rounding noise there, PyTorch's float64 ~1e-17, and Adam's m/√v turns either into a step
 * of up to lr — so those entries may differ by steps·lr.
 */
export function assertWeightsMatch(
  got: Map<string, Float32Array>,
  want: Map<string, Float32Array>,
  grad0: Map<string, Float32Array>,
  steps: number,
  lr: number,
): void {
  assert.equal(got.size, want.size, "tensor count");
  for (const [n, r] of want) {
    const p = got.get(n);
    assert.ok(p, `missing ${n}`);
    const g = grad0.get(n)!;
    let gmax = 0;
    for (const v of g) gmax = Math.max(gmax, Math.abs(v));
    const noise = g.map((v) => (Math.abs(v) < 1e-6 * gmax ? 1 : 0));
    const kept = (a: Float32Array) => a.map((v, i) => (noise[i] ? 0 : v));
    const c = closeness(kept(p), kept(r));
    assert.ok(c <= 1e-4, `${n}: max error ${c.toExponential(2)} of its largest value`);
    noise.forEach((z, i) => {
      if (z) assert.ok(Math.abs(p[i] - r[i]) <= steps * lr, `${n}[${i}] (zero gradient) moved too far`);
    });
  }
}

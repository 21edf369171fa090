/**
 * Reading PyTorch's answers (the shared fixtures and test/seq2seq/data, made by
 * scripts/seq2seq-expectations.py) and comparing with them at a stated tolerance.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readSafetensors } from "../../src/formats/safetensors.ts";
import type { Tensor } from "../../src/tensor/tensor.ts";
import { Var } from "../../src/train/autograd/variable.ts";
import { repoRoot } from "../helpers/fixtures.ts";

export const DATA = join(repoRoot, "test", "seq2seq", "data");

/** The committed expectation files whose names start with `prefix`. */
export function dataFiles(prefix: string): string[] {
  return readdirSync(DATA)
    .filter((f) => f.startsWith(prefix) && f.endsWith(".safetensors"))
    .map((f) => join(DATA, f));
}

export interface Reference {
  path: string;
  metadata: Record<string, string>;
  tensors: Map<string, Tensor>;
  f32(name: string): Float32Array;
  ids(name: string): Int32Array;
  shape(name: string): number[];
  has(name: string): boolean;
}

export function readReference(path: string): Reference {
  const ckpt = readSafetensors(path);
  const tensors = ckpt.loadTensors(
    ckpt.tensors.map((t) => t.name),
    false,
  );
  const get = (name: string) => {
    const t = tensors.get(name);
    if (!t) throw new Error(`${path}: no tensor ${name}`);
    return t;
  };
  return {
    path,
    metadata: ckpt.metadata,
    tensors,
    f32: (name) => {
      const t = get(name);
      return (t.data as Float32Array).subarray(t.offset, t.offset + t.shape.reduce((a, b) => a * b, 1));
    },
    ids: (name) => {
      const t = get(name);
      return Int32Array.from(
        (t.data as Int32Array).subarray(t.offset, t.offset + t.shape.reduce((a, b) => a * b, 1)),
      );
    },
    shape: (name) => get(name).shape,
    has: (name) => tensors.has(name),
  };
}

/** A Var holding a copy of the reference tensor, with a gradient kept (inputs, h0). */
export function leaf(ref: Reference, name: string): Var {
  return Var.param(Float32Array.from(ref.f32(name)), ref.shape(name), name);
}

/**
 * max |actual − expected| ≤ rel · max |expected| + 1e-8 (a relative tolerance on the tensor's scale, so a
 * near-zero element does not demand an impossible relative precision; the 1e-8 is for gradients that
 * are zero in exact arithmetic, such as the bias inside a softmax, which float32 leaves at ~1e-10).
 */
export function assertClose(
  actual: ArrayLike<number> | null,
  expected: ArrayLike<number>,
  rel: number,
  what: string,
): void {
  assert.ok(actual, `${what}: no value (no gradient reached it)`);
  assert.equal(
    actual.length,
    expected.length,
    `${what}: ${actual.length} values, expected ${expected.length}`,
  );
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  assert.ok(
    worst <= rel * scale + 1e-8,
    `${what}: max error ${worst.toExponential(2)} > ${rel} × max |expected| ${scale.toExponential(2)}`,
  );
}

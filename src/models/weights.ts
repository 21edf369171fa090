/**
 * A checkpoint's tensors, by Hugging Face name, with errors that say which tensor is missing or has
 * the wrong shape. Models build their layers through this, so a bad file fails at load time with a
 * clear message instead of producing garbage at run time.
 */
import { TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import { Linear } from "../nn/linear.ts";
import { type Numerics, toF32 } from "../nn/weight-ops.ts";
import type { Tensor } from "../tensor/tensor.ts";

export class Weights {
  constructor(
    readonly tensors: Map<string, Tensor>,
    /** Names the checkpoint in errors (its path). */
    readonly source: string,
    /** Prepended to every name looked up ("bert.", "transformer.", "model." …). */
    readonly prefix = "",
    /** The numerics of every Linear built here (see nn/linear.ts). */
    readonly numerics: Numerics = "plain",
  ) {}

  /** The same tensors, looked up under `prefix` (which may be absent in some checkpoints: try both). */
  under(prefix: string): Weights {
    return new Weights(this.tensors, this.source, this.prefix + prefix, this.numerics);
  }

  has(name: string): boolean {
    return this.tensors.has(this.prefix + name);
  }

  /** Tensor `name`; with `shape`, its shape must match. */
  get(name: string, shape?: number[]): Tensor {
    const full = this.prefix + name;
    const t = this.tensors.get(full);
    if (!t) throw new TongguanError(tr("models.weights.tensorIsMissing", { source: this.source, full }));
    if (shape && (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]))) {
      throw new TongguanError(
        tr("models.weights.tensorHasShapeExpected", {
          source: this.source,
          full,
          shape: t.shape,
          shape2: shape,
        }),
      );
    }
    return t;
  }

  /** A small tensor (norm weight, bias) as f32 values. */
  f32(name: string, shape?: number[]): Float32Array {
    return toF32(this.get(name, shape));
  }

  optionalF32(name: string, shape?: number[]): Float32Array | undefined {
    return this.has(name) ? this.f32(name, shape) : undefined;
  }

  /** nn.Linear `name`.weight (out, in) and, if present (or `bias: true`), `name`.bias (out). */
  linear(name: string, out: number, inFeatures: number, bias?: boolean): Linear {
    const w = this.get(`${name}.weight`, [out, inFeatures]);
    const b =
      bias === false
        ? undefined
        : bias
          ? this.f32(`${name}.bias`, [out])
          : this.optionalF32(`${name}.bias`, [out]);
    return new Linear(w, b, this.prefix + name, this.numerics);
  }
}

/** The first of `prefixes` under which `name` exists (checkpoints differ: "bert.embeddings…" vs "embeddings…"). */
export function findPrefix(w: Weights, name: string, prefixes: string[]): string {
  for (const p of prefixes) if (w.tensors.has(p + name)) return p;
  throw new TongguanError(tr("models.weights.tensorIsMissing2", { source: w.source, v2: prefixes[0], name }));
}

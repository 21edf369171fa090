/**
 * A checkpoint's tensors, by Hugging Face name, checked against the shapes the model declares
 * (module-spec.ts), with errors that say which tensor is missing or has the wrong shape. Models build
 * their layers through this, so a bad file fails at load time with a clear message instead of
 * producing garbage at run time; what they read is kept, by name, as the model's parameters.
 */
import { TongguanError } from "../errors.ts";
import { type ExpectedTensor, shapeMatches } from "../formats/shapes.ts";
import { t as tr } from "../messages/index.ts";
import { Linear } from "../nn/linear.ts";
import { type Numerics, toF32 } from "../nn/weight-ops.ts";
import type { Tensor } from "../tensor/tensor.ts";

/** A parameter as a model holds it: a weight as stored, or a small one (norm, bias) widened to f32. */
export type Loaded = Tensor | Float32Array;

export class Weights {
  constructor(
    readonly tensors: Map<string, Tensor>,
    /** Names the checkpoint in errors (its path). */
    readonly source: string,
    /** The model's declared parameters (expectedShapes of its module tree). */
    readonly declared: Map<string, ExpectedTensor>,
    /** Prepended to every name looked up ("model.layers.3." …). */
    readonly prefix = "",
    /** The numerics of every Linear built here (see nn/linear.ts). */
    readonly numerics: Numerics = "plain",
    /** What has been read, by full name: the model's parameters, which its module tree binds to. */
    readonly loaded: Map<string, Loaded> = new Map(),
  ) {}

  /** The same tensors, looked up under `prefix`. */
  under(prefix: string): Weights {
    return new Weights(
      this.tensors,
      this.source,
      this.declared,
      this.prefix + prefix,
      this.numerics,
      this.loaded,
    );
  }

  /** The same tensors, read into Linears of other numerics (BERT's heads stay plain). */
  withNumerics(numerics: Numerics): Weights {
    return new Weights(this.tensors, this.source, this.declared, this.prefix, numerics, this.loaded);
  }

  has(name: string): boolean {
    return this.tensors.has(this.prefix + name);
  }

  /** Tensor `name`, whose shape must be the declared one. */
  get(name: string): Tensor {
    const full = this.prefix + name;
    const t = this.tensors.get(full);
    if (!t) throw new TongguanError(tr("models.weights.tensorIsMissing", { source: this.source, full }));
    const want = this.declared.get(full)?.shape;
    if (want && !shapeMatches(t.shape, want)) {
      throw new TongguanError(
        tr("models.weights.tensorHasShapeExpected2", { source: this.source, full, shape: t.shape, want }),
      );
    }
    this.loaded.set(full, t);
    return t;
  }

  /** A small tensor (norm weight, bias) as f32 values. */
  f32(name: string): Float32Array {
    const a = toF32(this.get(name));
    this.loaded.set(this.prefix + name, a);
    return a;
  }

  optionalF32(name: string): Float32Array | undefined {
    return this.has(name) ? this.f32(name) : undefined;
  }

  /** nn.Linear `name`.weight (out, in) and, if present (or `bias: true`), `name`.bias (out). */
  linear(name: string, bias?: boolean): Linear {
    const w = this.get(`${name}.weight`);
    const b = bias === false ? undefined : bias ? this.f32(`${name}.bias`) : this.optionalF32(`${name}.bias`);
    return new Linear(w, b, this.prefix + name, this.numerics);
  }
}

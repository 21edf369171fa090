/**
 * A model's parameters by their PyTorch names ("encoder.weight_ih_l0", "decoder.layers.0.norm1.bias"),
 * so a PyTorch state dict loads unchanged and a trained model saves as one safetensors file.
 *
 * Fresh parameters follow PyTorch's default initialisations, so training behaves as it does there:
 *   nn.RNN/GRU/LSTM   every weight and bias  U(−1/√hidden, 1/√hidden)
 *   nn.Linear         weight and bias        U(−1/√in, 1/√in)
 *   nn.Embedding      weight                 N(0, 1)
 *   nn.LayerNorm      weight 1, bias 0
 * (nn.Transformer re-initialises its matrices Xavier-uniform: U(±√(6/(in+out))).)
 */
import { TongguanError } from "../errors.ts";
import type { Rng } from "../generation/rng.ts";
import { t as tr } from "../messages/index.ts";
import { Tensor } from "../tensor/tensor.ts";
import { Var } from "../train/autograd/variable.ts";

export class Params {
  readonly byName = new Map<string, Var>();

  constructor(readonly rng?: Rng) {}

  /** The parameter `name`; a missing one is an error naming it. */
  get(name: string): Var {
    const v = this.byName.get(name);
    if (!v) throw new TongguanError(tr("seq2seq.params.parameterIsMissingFrom", { name }));
    return v;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Adds `name` (shape) filled by `init`, or by `uniform(bound)`. */
  add(name: string, shape: number[], fill: (i: number) => number): Var {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = fill(i);
    const v = Var.param(data, shape, name);
    this.byName.set(name, v);
    return v;
  }

  uniform(name: string, shape: number[], bound: number): Var {
    const rng = this.need();
    return this.add(name, shape, () => (2 * rng.nextFloat() - 1) * bound);
  }

  normal(name: string, shape: number[], std = 1): Var {
    const rng = this.need();
    return this.add(name, shape, () => std * gaussian(rng));
  }

  constant(name: string, shape: number[], value: number): Var {
    return this.add(name, shape, () => value);
  }

  /** nn.Linear(inF, outF): weight (out, in), bias (out). */
  linear(prefix: string, inF: number, outF: number, bias = true): void {
    const bound = 1 / Math.sqrt(inF);
    this.uniform(`${prefix}.weight`, [outF, inF], bound);
    if (bias) this.uniform(`${prefix}.bias`, [outF], bound);
  }

  /** Copies every parameter's values from `tensors` (f32, same names and shapes); extra tensors are ignored. */
  load(tensors: Map<string, Tensor>, source: string, prefix = ""): void {
    for (const [name, v] of this.byName) {
      const t = tensors.get(prefix + name);
      if (!t) throw new TongguanError(tr("seq2seq.params.tensorIsMissing", { source, v2: prefix + name }));
      if (t.dtype !== "f32" || t.shape.join(",") !== v.shape.join(",")) {
        throw new TongguanError(
          tr("seq2seq.params.tensorIsTheModel", {
            source,
            v2: prefix + name,
            dtype: t.dtype,
            shape: t.shape,
            shape2: v.shape,
          }),
        );
      }
      const src = t.data as Float32Array;
      v.data.set(src.subarray(t.offset, t.offset + v.size));
    }
  }

  /** The parameters as tensors (copies), for writing a checkpoint. */
  tensors(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [name, v] of this.byName) out.set(name, Tensor.from(v.data, [...v.shape]));
    return out;
  }

  all(): Var[] {
    return [...this.byName.values()];
  }

  private need(): Rng {
    if (!this.rng) throw new Error("Params: random initialisation needs an rng");
    return this.rng;
  }
}

/** A standard normal sample (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

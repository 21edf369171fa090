/**
 * A multi-layer, batch-first recurrent network — torch.nn.RNN / GRU / LSTM(batch_first=True) —
 * over a whole sequence or one step at a time (a decoder's).
 *
 *   x (B, T, in) ──layer 0──▶ (B, T, H) ──layer 1──▶ … ──▶ output (B, T, H)   (the last layer's h at every step)
 *   state: h (and c) of every layer after the last step — PyTorch's h_n, c_n (num_layers, B, H)
 *
 * The bottleneck of the RNN encoder-decoder is visible here: whatever the input's length, all the
 * decoder receives is `state` — num_layers × H numbers per example.
 */
import { add, mul, sub } from "../train/autograd/ops/elementwise.ts";
import { linear } from "../train/autograd/ops/linear.ts";
import { Var } from "../train/autograd/variable.ts";
import { type CellKind, type CellState, GATES, type HiddenWeights, stepOf } from "./cells.ts";
import { stackTime, timeStep } from "./ops/steps.ts";
import type { Params } from "./params.ts";

export interface RecurrentShape {
  kind: CellKind;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  /** Run the fused GRU/LSTM ops (default) or the readable step of cells.ts. */
  fused?: boolean;
}

/** One state per layer. */
export type RecurrentState = CellState[];

export class Recurrent {
  constructor(
    readonly shape: RecurrentShape,
    readonly params: Params,
    /** "encoder." in a seq2seq model, "" for a bare nn.LSTM's state dict. */
    readonly prefix = "",
  ) {}

  /** Adds the parameters with PyTorch's names and initialisation, U(±1/√H). */
  static create(shape: RecurrentShape, params: Params, prefix = ""): Recurrent {
    const { kind, inputSize, hiddenSize: H, numLayers } = shape;
    const G = GATES[kind] * H;
    const bound = 1 / Math.sqrt(H);
    for (let l = 0; l < numLayers; l++) {
      params.uniform(`${prefix}weight_ih_l${l}`, [G, l === 0 ? inputSize : H], bound);
      params.uniform(`${prefix}weight_hh_l${l}`, [G, H], bound);
      params.uniform(`${prefix}bias_ih_l${l}`, [G], bound);
      params.uniform(`${prefix}bias_hh_l${l}`, [G], bound);
    }
    return new Recurrent(shape, params, prefix);
  }

  /** A zero state for a batch of `b` (PyTorch's default h0, c0). */
  zeroState(b: number): RecurrentState {
    const zero = () => Var.constant(new Float32Array(b * this.shape.hiddenSize), [b, this.shape.hiddenSize]);
    return Array.from({ length: this.shape.numLayers }, () =>
      this.shape.kind === "lstm" ? { h: zero(), c: zero() } : { h: zero() },
    );
  }

  /**
   * The whole sequence: x (B, T, in) → output (B, T, H), final state. With `mask` (B, T), a row's
   * state passes unchanged through its padding steps (mask 0): a left-padded source then ends in
   * exactly the state it would have alone, as at inference.
   */
  forward(x: Var, state?: RecurrentState, mask?: Uint8Array): { output: Var; state: RecurrentState } {
    const [b, steps] = x.shape;
    let s = state ?? this.zeroState(b);
    const next: RecurrentState = [];
    let input = x;
    for (let l = 0; l < this.shape.numLayers; l++) {
      const xw = linear(input, this.p(`weight_ih_l${l}`), this.p(`bias_ih_l${l}`)); // (B, T, G·H), all steps at once
      const w = this.hidden(l);
      let layerState = s[l];
      const outs: Var[] = [];
      const step = stepOf(this.shape.kind, this.shape.fused ?? true);
      for (let t = 0; t < steps; t++) {
        const next = step(timeStep(xw, t), layerState, w);
        layerState = mask ? keepWherePadded(next, layerState, mask, t, b, steps) : next;
        outs.push(layerState.h);
      }
      next.push(layerState);
      input = stackTime(outs); // (B, T, H)
    }
    s = next;
    return { output: input, state: s };
  }

  /** One step: x (B, in) → the last layer's h (B, H), the new state. */
  step(x: Var, state: RecurrentState): { output: Var; state: RecurrentState } {
    const next: RecurrentState = [];
    let input = x;
    for (let l = 0; l < this.shape.numLayers; l++) {
      const xw = linear(input, this.p(`weight_ih_l${l}`), this.p(`bias_ih_l${l}`));
      const s = stepOf(this.shape.kind, this.shape.fused ?? true)(xw, state[l], this.hidden(l));
      next.push(s);
      input = s.h;
    }
    return { output: input, state: next };
  }

  private hidden(l: number): HiddenWeights {
    return { weightHH: this.p(`weight_hh_l${l}`), biasHH: this.p(`bias_hh_l${l}`) };
  }

  private p(name: string): Var {
    return this.params.get(this.prefix + name);
  }
}

/** state' = old + m·(new − old) per row: m = mask[row, t] (1 = token, 0 = padding). */
function keepWherePadded(
  next: CellState,
  old: CellState,
  mask: Uint8Array,
  t: number,
  b: number,
  steps: number,
): CellState {
  const m = new Float32Array(b);
  let all = true;
  for (let r = 0; r < b; r++) {
    m[r] = mask[r * steps + t];
    if (!m[r]) all = false;
  }
  if (all) return next;
  const mv = Var.constant(m, [b, 1]);
  const mix = (n: Var, o: Var) => add(o, mul(mv, sub(n, o)));
  return next.c && old.c ? { h: mix(next.h, old.h), c: mix(next.c, old.c) } : { h: mix(next.h, old.h) };
}

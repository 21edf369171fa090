/**
 * One step of the three recurrent cells, with PyTorch's formulas and gate orders (torch.nn.RNN, GRU,
 * LSTM docs), so PyTorch's `weight_ih_l{k}` (gates·H, in), `weight_hh_l{k}` (gates·H, H),
 * `bias_ih_l{k}`, `bias_hh_l{k}` load unchanged. `xw` is x·W_ihᵀ + b_ih, computed for every step at once.
 *
 *   RNN   h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)
 *
 *   GRU   gates (r, z, n):
 *         r = σ(x_r + h_r)            reset: how much of h the candidate may read
 *         z = σ(x_z + h_z)            update: keep the old h (z→1) or take the candidate (z→0)
 *         n = tanh(x_n + r ⊙ h_n)     candidate (the reset applies to W_hn·h + b_hn, bias included)
 *         h' = (1 − z) ⊙ n + z ⊙ h  =  n + z ⊙ (h − n)
 *
 *   LSTM  gates (i, f, g, o):
 *         i = σ(·)  input gate     f = σ(·)  forget gate     g = tanh(·)  candidate     o = σ(·)  output gate
 *         c' = f ⊙ c + i ⊙ g       the cell: an additive path through time, so gradients survive
 *         h' = o ⊙ tanh(c')
 */
import { sigmoid, tanh } from "../train/autograd/ops/activations.ts";
import { add, mul, sub } from "../train/autograd/ops/elementwise.ts";
import { linear } from "../train/autograd/ops/linear.ts";
import { sliceLast } from "../train/autograd/ops/shape.ts";
import type { Var } from "../train/autograd/variable.ts";
import { gruCell, lstmCellOutput, lstmCellState } from "./fused-cells.ts";

/** The k-th of n equal gate blocks along the last axis. */
function gate(x: Var, k: number, n: number): Var {
  const f = x.lastDim / n;
  return sliceLast(x, k * f, (k + 1) * f);
}

export type CellKind = "rnn" | "gru" | "lstm";

/** Gates stacked in each weight: RNN 1, GRU 3, LSTM 4. */
export const GATES: Record<CellKind, number> = { rnn: 1, gru: 3, lstm: 4 };

/** A layer's weights: W_hh (gates·H, H) and b_hh (the input side is already in `xw`). */
export interface HiddenWeights {
  weightHH: Var;
  biasHH: Var;
}

/** (B, H) state of one layer; `c` for the LSTM only. */
export interface CellState {
  h: Var;
  c?: Var;
}

export function rnnStep(xw: Var, s: CellState, w: HiddenWeights): CellState {
  return { h: tanh(add(xw, linear(s.h, w.weightHH, w.biasHH))) };
}

export function gruStep(xw: Var, s: CellState, w: HiddenWeights): CellState {
  const hw = linear(s.h, w.weightHH, w.biasHH); // (B, 3H)
  const r = sigmoid(add(gate(xw, 0, 3), gate(hw, 0, 3)));
  const z = sigmoid(add(gate(xw, 1, 3), gate(hw, 1, 3)));
  const n = tanh(add(gate(xw, 2, 3), mul(r, gate(hw, 2, 3))));
  return { h: add(n, mul(z, sub(s.h, n))) };
}

export function lstmStep(xw: Var, s: CellState, w: HiddenWeights): CellState {
  if (!s.c) throw new Error("lstmStep: an LSTM state needs c");
  const gates = add(xw, linear(s.h, w.weightHH, w.biasHH)); // (B, 4H)
  const i = sigmoid(gate(gates, 0, 4));
  const f = sigmoid(gate(gates, 1, 4));
  const g = tanh(gate(gates, 2, 4));
  const o = sigmoid(gate(gates, 3, 4));
  const c = add(mul(f, s.c), mul(i, g));
  return { h: mul(o, tanh(c)), c };
}

/** The same steps on the fused ops of fused-cells.ts (what training runs; equal to the ones above). */
export function gruStepFused(xw: Var, s: CellState, w: HiddenWeights): CellState {
  return { h: gruCell(xw, linear(s.h, w.weightHH, w.biasHH), s.h) };
}

export function lstmStepFused(xw: Var, s: CellState, w: HiddenWeights): CellState {
  if (!s.c) throw new Error("lstmStep: an LSTM state needs c");
  const hw = linear(s.h, w.weightHH, w.biasHH);
  const c = lstmCellState(xw, hw, s.c);
  return { h: lstmCellOutput(xw, hw, c), c };
}

type Step = (xw: Var, s: CellState, w: HiddenWeights) => CellState;

/** The readable steps (`fused` false) or the fused ones. */
export function stepOf(kind: CellKind, fused: boolean): Step {
  if (kind === "rnn") return rnnStep;
  if (kind === "gru") return fused ? gruStepFused : gruStep;
  return fused ? lstmStepFused : lstmStep;
}

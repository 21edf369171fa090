/**
 * LSTM: a cell state changed by addition, and gates that decide what to write and what to keep
 * (Hochreiter & Schmidhuber 1997; PyTorch's gate order i, f, g, o):
 *
 *   z = W_ih·x + b_ih + W_hh·h + b_hh        (4H numbers: four blocks of H)
 *   i = σ(z_i)  input gate     f = σ(z_f)  forget gate     g = tanh(z_g)  candidate     o = σ(z_o)  output gate
 *   c' = f ⊙ c + i ⊙ g                       the cell: what is kept plus what is written
 *   h' = o ⊙ tanh(c')
 *
 * One step written by hand, compared with the engine's LSTM (nn.LSTM's weights and names); then the
 * forget gate held open and the input gate shut, so the cell carries its memory unchanged.
 * Run: npm run example -- lstm-gates
 */
import { Params, Pcg32, Recurrent, Var } from "tongguan";
import { fmt, isMain } from "./lib/common.ts";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** One LSTM step with plain loops: x (I), h and c (H) → gates, c', h'. */
export function lstmStepByHand(
  x: Float32Array,
  h: Float32Array,
  c: Float32Array,
  w: { ih: Float32Array; hh: Float32Array; bih: Float32Array; bhh: Float32Array },
) {
  const H = h.length;
  const z = new Float32Array(4 * H);
  for (let r = 0; r < 4 * H; r++) {
    let s = w.bih[r] + w.bhh[r];
    for (let k = 0; k < x.length; k++) s += w.ih[r * x.length + k] * x[k];
    for (let k = 0; k < H; k++) s += w.hh[r * H + k] * h[k];
    z[r] = s;
  }
  const i = Array.from(z.subarray(0, H), sigmoid);
  const f = Array.from(z.subarray(H, 2 * H), sigmoid);
  const g = Array.from(z.subarray(2 * H, 3 * H), Math.tanh);
  const o = Array.from(z.subarray(3 * H, 4 * H), sigmoid);
  const cNext = c.map((cj, j) => f[j] * cj + i[j] * g[j]);
  const hNext = cNext.map((cj, j) => o[j] * Math.tanh(cj));
  return { i, f, g, o, c: cNext, h: hNext };
}

export function main(print: (line: string) => void = console.log) {
  const I = 3;
  const H = 4;
  const params = new Params(new Pcg32(1));
  const lstm = Recurrent.create({ kind: "lstm", inputSize: I, hiddenSize: H, numLayers: 1 }, params);
  const w = () => ({
    ih: params.get("weight_ih_l0").data,
    hh: params.get("weight_hh_l0").data,
    bih: params.get("bias_ih_l0").data,
    bhh: params.get("bias_hh_l0").data,
  });
  const x = Float32Array.of(1, -0.5, 0.25);
  const h = Float32Array.of(0.1, -0.2, 0.3, 0);
  const c = Float32Array.of(2, -1, 0.5, 1); // what the cell remembers from earlier steps
  const engineStep = () => {
    const state = [{ h: Var.constant(h.slice(), [1, H]), c: Var.constant(c.slice(), [1, H]) }];
    const next = lstm.step(Var.constant(x, [1, I]), state).state[0];
    return { h: Array.from(next.h.data), c: Array.from(next.c?.data ?? []) };
  };

  const byHand = lstmStepByHand(x, h, c, w());
  const engine = engineStep();
  print(`input gate  i = σ(z_i)    ${fmt(byHand.i)}`);
  print(`forget gate f = σ(z_f)    ${fmt(byHand.f)}`);
  print(`candidate   g = tanh(z_g) ${fmt(byHand.g)}`);
  print(`output gate o = σ(z_o)    ${fmt(byHand.o)}`);
  print(`c  (before)               ${fmt(c)}`);
  print(`c' = f⊙c + i⊙g            ${fmt(byHand.c)}   engine ${fmt(engine.c)}`);
  print(`h' = o⊙tanh(c')           ${fmt(byHand.h)}   engine ${fmt(engine.h)}`);

  // Forget gate open (f ≈ 1), input gate shut (i ≈ 0): c' ≈ c, the memory passes through the step.
  const bias = params.get("bias_ih_l0").data;
  for (let j = 0; j < H; j++) {
    bias[j] -= 20; // i's block
    bias[H + j] += 20; // f's block
  }
  const held = engineStep();
  print(`with f ≈ 1 and i ≈ 0:     c' = ${fmt(held.c)}  (c was ${fmt(c)})`);
  return { byHand, engine, held, c: Array.from(c) };
}

if (isMain(import.meta.url)) main();

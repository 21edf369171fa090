import { test } from "node:test";
import type { CellKind } from "../../src/seq2seq/cells.ts";
import { selectFirst, stackFirst } from "../../src/seq2seq/ops/steps.ts";
import { Params } from "../../src/seq2seq/params.ts";
import { Recurrent } from "../../src/seq2seq/recurrent.ts";
import { add, mul, scale } from "../../src/train/autograd/ops/elementwise.ts";
import { sum } from "../../src/train/autograd/ops/reduce.ts";
import { backward, type Var } from "../../src/train/autograd/variable.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { assertClose, dataFiles, leaf, readReference } from "./reference.ts";

const REL = 1e-4;

/**
 * PyTorch's nn.RNN/GRU/LSTM(batch_first=True) with its own weights: output, h_n (c_n) and the gradient
 * of sum(output·R) + ½·sum(h_n²) (+ ¼·sum(c_n)) for every weight, the input, h0 (and c0).
 */
function checkRecurrent(path: string, kind: CellKind, fused: boolean): void {
  const ref = readReference(path);
  const [, , inputSize] = ref.shape("input");
  const [numLayers, , hiddenSize] = ref.shape("h0");
  const params = new Params();
  for (const [name, t] of ref.tensors) {
    if (name.startsWith("weights."))
      params.add(name.slice(8), t.shape, (i) => (t.data as Float32Array)[t.offset + i]);
  }
  const net = new Recurrent({ kind, inputSize, hiddenSize, numLayers, fused }, params);
  const x = leaf(ref, "input");
  const h0 = leaf(ref, "h0");
  const c0 = kind === "lstm" ? leaf(ref, "c0") : undefined;
  const state = Array.from({ length: numLayers }, (_, l) => ({
    h: selectFirst(h0, l),
    c: c0 ? selectFirst(c0, l) : undefined,
  }));
  const { output, state: last } = net.forward(x, state);
  const hN = stackFirst(last.map((s) => s.h));
  assertClose(output.data, ref.f32("output"), REL, `${path} output`);
  assertClose(hN.data, ref.f32("h_n"), REL, `${path} h_n`);
  const R = leaf(ref, "R");
  let loss: Var = add(sum(mul(output, R)), scale(sum(mul(hN, hN)), 0.5));
  if (c0) {
    const cN = stackFirst(last.map((s) => s.c as Var));
    assertClose(cN.data, ref.f32("c_n"), REL, `${path} c_n`);
    loss = add(loss, scale(sum(cN), 0.25));
  }
  backward(loss);
  for (const [name, p] of params.byName)
    assertClose(p.grad, ref.f32(`grad.${name}`), REL, `${path} grad.${name}`);
  assertClose(x.grad, ref.f32("grad.input"), REL, `${path} grad.input`);
  assertClose(h0.grad, ref.f32("grad.h0"), REL, `${path} grad.h0`);
  if (c0) assertClose(c0.grad, ref.f32("grad.c0"), REL, `${path} grad.c0`);
}

for (const kind of ["rnn", "gru", "lstm"] as const) {
  test(`${kind}: 2 layers, h0${kind === "lstm" ? " and c0" : ""}, outputs and every gradient match PyTorch, readable and fused cells (shared fixture)`, {
    skip: fixturesMissing(`training/recurrent/${kind}.safetensors`),
  }, () => {
    for (const fused of [false, true])
      checkRecurrent(fixture("training", "recurrent", `${kind}.safetensors`), kind, fused);
  });

  test(`${kind}: other sizes and seeds (1 and 3 layers) match PyTorch (test/seq2seq/data)`, () => {
    const files = dataFiles(`recurrent-${kind}-`);
    if (files.length === 0)
      throw new Error("test/seq2seq/data has no recurrent expectations: run scripts/seq2seq-expectations.py");
    for (const f of files) for (const fused of [false, true]) checkRecurrent(f, kind, fused);
  });
}

/**
 * The examples of the seq2seq chapters (the RNN encoder-decoder, LSTM gates, translating with
 * attention, the encoder-decoder Transformer), held to the formulas they print and to what
 * training must achieve.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { main as lstmGates } from "../../examples/lstm-gates.ts";
import { main as rnnEncoderDecoder } from "../../examples/rnn-encoder-decoder.ts";
import { main as rnnTranslate } from "../../examples/rnn-translate.ts";
import { main as transformerSeq2seq } from "../../examples/transformer-seq2seq.ts";

const quiet = () => {};

test("lstm-gates: the step by hand equals the engine's LSTM; f ≈ 1, i ≈ 0 carries the cell unchanged", () => {
  const { byHand, engine, held, c } = lstmGates(quiet);
  byHand.c.forEach((x, j) => {
    assert.ok(Math.abs(x - engine.c[j]) < 1e-6, `c[${j}]`);
  });
  byHand.h.forEach((x, j) => {
    assert.ok(Math.abs(x - engine.h[j]) < 1e-6, `h[${j}]`);
  });
  for (const g of [byHand.i, byHand.f, byHand.o]) for (const x of g) assert.ok(x > 0 && x < 1);
  held.c.forEach((x, j) => {
    assert.ok(Math.abs(x - c[j]) < 1e-4, `held c[${j}] ${x} vs ${c[j]}`);
  });
});

test("rnn-encoder-decoder: the decoder gets H numbers (and the cell's H) whatever the source's length", () => {
  const { shapes, hidden, vocabSize, firstLogProbs, attention } = rnnEncoderDecoder(quiet);
  const [short, long] = shapes;
  assert.deepEqual(short.enc, [1, short.text.length, hidden]);
  assert.deepEqual(long.enc, [1, long.text.length, hidden]);
  for (const s of shapes) {
    assert.deepEqual(s.h, [1, hidden]);
    assert.deepEqual(s.c, [1, hidden]);
  }
  assert.equal(firstLogProbs.length, vocabSize);
  assert.ok(Math.abs(firstLogProbs.reduce((a, lp) => a + Math.exp(lp), 0) - 1) < 1e-5);
  assert.equal(attention, null);
});

test("rnn-translate: accuracy rises from chance; the attention rows sum to 1 and trace the anti-diagonal", () => {
  const r = rnnTranslate(quiet);
  assert.ok(r.before <= 0.05, `untrained ${r.before}`);
  assert.ok(r.after >= 0.5, `trained ${r.after}`);
  assert.ok(r.losses.at(-1)! < r.losses[0] / 2, r.losses.join(" "));
  assert.equal(r.attention.length, r.output.length + 1); // one row per output character and </s>
  for (const row of r.attention) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  if (r.output === [...r.text].reverse().join("")) {
    // Output t must look at source position S − 1 − t: most weight there for most rows.
    const S = r.text.length;
    const onDiagonal = r.attention
      .slice(0, S)
      .filter((row, t) => row.indexOf(Math.max(...row)) === S - 1 - t).length;
    assert.ok(onDiagonal >= S - 1, `${onDiagonal} of ${S} rows peak on the anti-diagonal`);
  }
});

test("transformer-seq2seq: shapes of the diagram; the decoder is causal, the source reaches every position", () => {
  const r = transformerSeq2seq(quiet);
  const { dModel, nhead, numDecoderLayers, tgtVocab } = r.config;
  assert.deepEqual(r.memoryShape, [1, 5, dModel]);
  assert.deepEqual(r.logitsShape, [1, 5, tgtVocab]);
  assert.deepEqual(r.cross, Array(numDecoderLayers).fill([1, nhead, 5, 5]));
  const last = r.afterTargetChange.length - 1;
  r.afterTargetChange.slice(0, last).forEach((d, t) => {
    assert.ok(d < 1e-5, `position ${t} changed by ${d}`);
  });
  assert.ok(r.afterTargetChange[last] > 1e-3);
  for (const d of r.afterSourceChange) assert.ok(d > 1e-3);
  assert.ok(r.trained.after >= 0.5, `trained ${r.trained.after}`);
});

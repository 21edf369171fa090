import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { Batch } from "../../src/seq2seq/batch.ts";
import type { CellKind } from "../../src/seq2seq/cells.ts";
import { Params } from "../../src/seq2seq/params.ts";
import type { AttentionKind } from "../../src/seq2seq/rnn-attention.ts";
import { RnnSeq2Seq } from "../../src/seq2seq/rnn-seq2seq.ts";
import { crossEntropy, logSoftmax } from "../../src/train/autograd/ops/softmax.ts";
import { backward } from "../../src/train/autograd/variable.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { assertClose, dataFiles, type Reference, readReference } from "./reference.ts";

const REL = 1e-4;

interface Case {
  ref: Reference;
  cell: CellKind;
  attention: AttentionKind;
  sizes: { srcVocab: number; tgtVocab: number; embed: number; hidden: number; layers: number };
  src: Int32Array;
  tgtIn: Int32Array;
  tgtOut: Int32Array;
  b: number;
  loss: number;
}

/** The model with the reference's weights; teacher-forced logits, attention, loss and every gradient. */
function check(c: Case): RnnSeq2Seq {
  const params = new Params();
  const model = new RnnSeq2Seq(
    { type: "rnn-seq2seq", cell: c.cell, attention: c.attention, ...c.sizes },
    params,
  );
  // Parameters are every tensor that has a gradient beside it.
  for (const [name, t] of c.ref.tensors) {
    if (c.ref.has(`grad.${name}`)) params.add(name, t.shape, (i) => (t.data as Float32Array)[t.offset + i]);
  }
  const srcLen = c.src.length / c.b;
  const tgtLen = c.tgtIn.length / c.b;
  const batch: Batch = {
    size: c.b,
    srcLen,
    tgtLen,
    src: c.src,
    keyMask: undefined,
    tgtIn: c.tgtIn,
    tgtOut: c.tgtOut,
  };
  const { logits, attention } = model.forward(batch);
  assertClose(logits.data, c.ref.f32("expected.logits"), REL, `${c.ref.path} logits`);
  if (c.attention !== "none") {
    assert.ok(attention);
    assertClose(attention.data, c.ref.f32("expected.attention"), REL, `${c.ref.path} attention`);
  }
  const loss = crossEntropy(logits, c.tgtOut);
  assert.ok(Math.abs(loss.item() - c.loss) <= REL * Math.abs(c.loss), `loss ${loss.item()} vs ${c.loss}`);
  backward(loss);
  for (const [name, p] of params.byName)
    assertClose(p.grad, c.ref.f32(`grad.${name}`), REL, `${c.ref.path} grad.${name}`);

  // Decoding token by token (row 0, fed the same targets) gives teacher forcing's distributions.
  const expected = logSoftmax(logits).data;
  const dec = model.decoder([...c.src.subarray(0, srcLen)]);
  let state = dec.initial();
  const V = c.sizes.tgtVocab;
  for (let t = 0; t < tgtLen; t++) {
    const r = dec.step(state, c.tgtIn[t]);
    assertClose(r.logProbs, expected.subarray(t * V, (t + 1) * V), REL, `step ${t} log-probs`);
    if (attention && r.attention) {
      assertClose(
        r.attention,
        attention.data.subarray(t * srcLen, (t + 1) * srcLen),
        REL,
        `step ${t} attention`,
      );
    }
    state = r.state;
  }
  return model;
}

test("LSTM encoder-decoder with Luong dot attention: attention, logits, loss and every gradient match PyTorch (shared fixture)", {
  skip: fixturesMissing("training/seq2seq-attention/seq2seq.json"),
}, () => {
  const json = JSON.parse(readFileSync(fixture("training", "seq2seq-attention", "seq2seq.json"), "utf8"));
  const ref = readReference(fixture("training", "seq2seq-attention", "seq2seq.safetensors"));
  const flat = (rows: number[][]) => Int32Array.from(rows.flat());
  check({
    ref,
    cell: "lstm",
    attention: "dot",
    sizes: {
      srcVocab: json.shapes.src_vocab,
      tgtVocab: json.shapes.tgt_vocab,
      embed: json.shapes.embed,
      hidden: json.shapes.hidden,
      layers: 1,
    },
    src: flat(json.src),
    tgtIn: flat(json.tgt_in),
    tgtOut: flat(json.tgt_out),
    b: json.src.length,
    loss: json.loss,
  });
});

test("RNN/GRU/LSTM encoder-decoders without attention, Luong dot/general, Bahdanau additive, 1–2 layers match PyTorch (test/seq2seq/data)", () => {
  const files = dataFiles("seq2seq-");
  assert.ok(files.length >= 5, "test/seq2seq/data: run scripts/seq2seq-expectations.py");
  for (const path of files) {
    const ref = readReference(path);
    const m = ref.metadata;
    check({
      ref,
      cell: m.cell as CellKind,
      attention: m.attention as AttentionKind,
      sizes: {
        srcVocab: Number(m.src_vocab),
        tgtVocab: Number(m.tgt_vocab),
        embed: Number(m.embed),
        hidden: Number(m.hidden),
        layers: Number(m.layers),
      },
      src: ref.ids("src"),
      tgtIn: ref.ids("tgt_in"),
      tgtOut: ref.ids("tgt_out"),
      b: ref.shape("src")[0],
      loss: Number(m.loss),
    });
  }
});

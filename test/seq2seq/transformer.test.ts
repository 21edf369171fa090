import { test } from "node:test";
import { Params } from "../../src/seq2seq/params.ts";
import { Transformer } from "../../src/seq2seq/transformer.ts";
import { mul } from "../../src/train/autograd/ops/elementwise.ts";
import { sum } from "../../src/train/autograd/ops/reduce.ts";
import { backward } from "../../src/train/autograd/variable.ts";
import { fixture, fixturesMissing } from "../helpers/fixtures.ts";
import { assertClose, dataFiles, leaf, readReference } from "./reference.ts";

const REL = 1e-4;

/** nn.Transformer with PyTorch's weights: the output and ∂ sum(output·R) for every weight, src and tgt. */
function check(path: string, nhead: number): void {
  const ref = readReference(path);
  const params = new Params();
  let enc = 0;
  let dec = 0;
  for (const [name, t] of ref.tensors) {
    if (!name.startsWith("weights.")) continue;
    params.add(name.slice(8), t.shape, (i) => (t.data as Float32Array)[t.offset + i]);
    const m = /^weights\.(encoder|decoder)\.layers\.(\d+)\./.exec(name);
    if (m?.[1] === "encoder") enc = Math.max(enc, Number(m[2]) + 1);
    if (m?.[1] === "decoder") dec = Math.max(dec, Number(m[2]) + 1);
  }
  const [dimFeedforward, dModel] = ref.shape("weights.encoder.layers.0.linear1.weight");
  const net = new Transformer(
    { dModel, nhead, numEncoderLayers: enc, numDecoderLayers: dec, dimFeedforward },
    params,
  );
  const src = leaf(ref, "src");
  const tgt = leaf(ref, "tgt");
  const out = net.forward(src, tgt);
  assertClose(out.data, ref.f32("output"), REL, `${path} output`);
  backward(sum(mul(out, leaf(ref, "R"))));
  for (const [name, p] of params.byName)
    assertClose(p.grad, ref.f32(`grad.${name}`), REL, `${path} grad.${name}`);
  assertClose(src.grad, ref.f32("grad.src"), REL, `${path} grad.src`);
  assertClose(tgt.grad, ref.f32("grad.tgt"), REL, `${path} grad.tgt`);
}

test("nn.Transformer (2+2 layers, 2 heads): output and every gradient, src and tgt included, match PyTorch (shared fixture)", {
  skip: fixturesMissing("training/transformer-encdec/transformer.safetensors"),
}, () => {
  check(fixture("training", "transformer-encdec", "transformer.safetensors"), 2);
});

test("nn.Transformer of other sizes, heads and depths matches PyTorch (test/seq2seq/data)", () => {
  const files = dataFiles("transformer-");
  if (files.length === 0) throw new Error("test/seq2seq/data: run scripts/seq2seq-expectations.py");
  for (const f of files) check(f, Number(readReference(f).metadata.nhead));
});

/**
 * The encoder-decoder Transformer of "Attention Is All You Need" (Vaswani et al. 2017), the paper's
 * whole diagram:
 *
 *   source ─embed·√D + PE─▶ encoder (self-attention, FFN) × N ─▶ memory (B, S, D)
 *   target ─embed·√D + PE─▶ decoder × N: masked self-attention, cross-attention to memory, FFN
 *                         ─▶ (B, T, D) ─linear─▶ logits (B, T, V)
 *
 * Printed: the shapes; that the decoder's self-attention is masked (changing a later target token
 * leaves the earlier positions' logits unchanged, changing the source changes them all); then the
 * same toy translation as examples/rnn-translate.ts, learned by this model instead of an LSTM.
 * Run: npm run example -- transformer-seq2seq
 */
import { CharVocab, Pcg32, TransformerSeq2Seq } from "tongguan";
import { isMain } from "./lib/common.ts";
import { main as translate } from "./rnn-translate.ts";

export function main(print: (line: string) => void = console.log) {
  const vocab = new CharVocab("abcdef");
  const config = {
    type: "transformer" as const,
    srcVocab: vocab.size,
    tgtVocab: vocab.size,
    dModel: 32,
    nhead: 4,
    numEncoderLayers: 2,
    numDecoderLayers: 2,
    dimFeedforward: 64,
    maxLength: 8,
  };
  const model = TransformerSeq2Seq.create(config, new Pcg32(1));
  const src = Int32Array.from(vocab.encode("abcde"));
  const tgt = Int32Array.from([1, ...vocab.encode("edcb")]); // 1 = <s>, then e d c b: the decoder's inputs
  const memory = model.encode(src, 1, src.length);
  const cross: number[][] = [];
  const logits = model.decodeLogits(tgt, 1, tgt.length, memory, undefined, (_layer, c) =>
    cross.push([...c.shape]),
  );
  print(`source "abcde" (B, S) = [1, ${src.length}] → memory (B, S, D) = [${memory.shape.join(", ")}]`);
  print(
    `target inputs "<s>edcb" (B, T) = [1, ${tgt.length}] → logits (B, T, V) = [${logits.shape.join(", ")}]`,
  );
  print(
    `cross-attention weights per decoder layer (B, heads, T, S): ${cross.map((s) => `[${s.join(", ")}]`).join(", ")}`,
  );

  // The mask: position t of the decoder sees target positions ≤ t only.
  const V = config.tgtVocab;
  const changedTarget = Int32Array.from(tgt);
  changedTarget[tgt.length - 1] = vocab.encode("f")[0];
  const logits2 = model.decodeLogits(changedTarget, 1, tgt.length, memory).data;
  const changedSource = model.encode(Int32Array.from(vocab.encode("fbcde")), 1, src.length);
  const logits3 = model.decodeLogits(tgt, 1, tgt.length, changedSource).data;
  const diff = (a: Float32Array, b: Float32Array, t: number) => {
    let m = 0;
    for (let j = 0; j < V; j++) m = Math.max(m, Math.abs(a[t * V + j] - b[t * V + j]));
    return m;
  };
  const afterTargetChange = Array.from({ length: tgt.length }, (_, t) => diff(logits.data, logits2, t));
  const afterSourceChange = Array.from({ length: tgt.length }, (_, t) => diff(logits.data, logits3, t));
  print(
    `largest logit change per target position when the LAST target token changes: ${afterTargetChange.map((d) => d.toExponential(1)).join(" ")}`,
  );
  print(
    `… when the FIRST source character changes:                                  ${afterSourceChange.map((d) => d.toExponential(1)).join(" ")}`,
  );
  print("trained on the toy translation:");
  const trained = translate(print, "transformer");
  return {
    memoryShape: [...memory.shape],
    logitsShape: [...logits.shape],
    cross,
    afterTargetChange,
    afterSourceChange,
    trained,
    config,
  };
}

if (isMain(import.meta.url)) main();

/**
 * The RNN encoder-decoder (Sutskever et al. 2014; Cho et al. 2014) and its bottleneck.
 *
 *   source ─embed─▶ encoder LSTM ─▶ final state (h, c) ─▶ decoder LSTM ─▶ logits ─▶ next character
 *
 * The encoder reads the source one character at a time. Whatever the source's length, all the
 * decoder receives is the encoder's final state: H numbers per layer (and the LSTM's cell, H more).
 * A 3-letter and a 20-letter input are squeezed into the same space — the bottleneck attention
 * removes (examples/rnn-translate.ts). The model here is untrained: only its shapes are the lesson.
 * Run: npm run example -- rnn-encoder-decoder
 */
import { CharVocab, Pcg32, RnnSeq2Seq } from "tongguan";
import { fmt, isMain } from "./lib/common.ts";

export function main(print: (line: string) => void = console.log) {
  const vocab = new CharVocab("abcdefghijklmnopqrstuvwxyz");
  const H = 16;
  const model = RnnSeq2Seq.create(
    {
      type: "rnn-seq2seq",
      cell: "lstm",
      attention: "none",
      srcVocab: vocab.size,
      tgtVocab: vocab.size,
      embed: 8,
      hidden: H,
      layers: 1,
    },
    new Pcg32(1),
  );
  print(`vocabulary: ${vocab.size} ids (<pad> <s> </s> and 26 letters); embedding 8, hidden H = ${H}`);
  const shapes: { text: string; enc: number[]; h: number[]; c: number[] }[] = [];
  for (const text of ["cat", "attentionisallyouneed"]) {
    const ids = vocab.encode(text);
    const { enc, state } = model.encode(Int32Array.from(ids), 1, ids.length);
    const { h, c } = state[0];
    print(`"${text}" (${ids.length} characters)`);
    print(`  encoder outputs (B, S, H) = [${enc.shape.join(", ")}]   one vector per character`);
    print(
      `  final state h (B, H) = [${h.shape.join(", ")}], c = [${c?.shape.join(", ")}]   all the decoder gets`,
    );
    print(`  h = ${fmt(h.data.subarray(0, 6))} …`);
    shapes.push({ text, enc: [...enc.shape], h: [...h.shape], c: [...(c?.shape ?? [])] });
  }
  // The decoder starts from that state and writes one character a step, fed its last output.
  const decoder = model.decoder(vocab.encode("cat"));
  const first = decoder.step(decoder.initial(), 1); // 1 = <s>, the first input of every output
  print(
    `decoder's first step: log-probabilities over ${first.logProbs.length} ids (untrained: near-uniform, ln(1/${vocab.size}) = ${Math.log(1 / vocab.size).toFixed(2)})`,
  );
  print(`  ${fmt(first.logProbs.subarray(0, 6))} …; attention: ${first.attention === null ? "none" : "yes"}`);
  return {
    shapes,
    hidden: H,
    vocabSize: vocab.size,
    firstLogProbs: Array.from(first.logProbs),
    attention: first.attention,
  };
}

if (isMain(import.meta.url)) main();

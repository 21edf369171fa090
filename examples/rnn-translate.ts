/**
 * Translating with an RNN, and attention in seq2seq (Luong et al. 2015).
 *
 * The task is a toy translation the code makes itself: reverse 3–5 letters ("abcde" → "edcba").
 * An LSTM encoder-decoder with dot-product attention: at every output step the decoder's state
 * scores every encoder output, softmax turns the scores into weights, and the weighted sum of the
 * encoder outputs (the context) joins the decoder's state before the output layer:
 *
 *   weights_t = softmax(enc · dec_t)      context_t = Σ_s weights_t[s] · enc_s
 *   logits_t  = out(tanh(combine([context_t; dec_t])))
 *
 * 150 training steps of 32 examples (seeded), then greedy decoding of examples training never saw.
 * To reverse, output step t must look at source position S − 1 − t: the heatmap shows the
 * anti-diagonal the model learned.
 * Run: npm run example -- rnn-translate
 */
import {
  attentionHeatmap,
  CharVocab,
  createSeq2SeqModel,
  evaluateSeq2Seq,
  greedyDecode,
  Pcg32,
  reverseTask,
  seq2seqModelConfig,
  trainSeq2Seq,
} from "tongguan";
import { isMain } from "./lib/common.ts";

export function main(print: (line: string) => void = console.log, model = "lstm-attention", text = "abcde") {
  const task = reverseTask(3, 5, "abcdef");
  const v = { source: new CharVocab(task.sourceChars), target: new CharVocab(task.targetChars) };
  const config = seq2seqModelConfig({
    model,
    dim: 32,
    srcVocab: v.source.size,
    tgtVocab: v.target.size,
    maxLength: 8,
  });
  const net = createSeq2SeqModel(config, new Pcg32(1));
  const before = evaluateSeq2Seq(net, task, v, { count: 100 });
  const started = performance.now();
  const losses: number[] = [];
  const { loss } = trainSeq2Seq(net, task, v, {
    steps: 150,
    seed: 1,
    batchSize: 32,
    lr: 5e-3,
    onStep: (step, l) => {
      if (step === 1 || step % 50 === 0) losses.push(l);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const after = evaluateSeq2Seq(net, task, v, { count: 100 });
  print(`${model}: ${task.description}`);
  print(
    `  loss (smoothed) at steps 1, 50, 100, 150: ${losses.map((l) => l.toFixed(3)).join(" → ")}  (${seconds.toFixed(1)} s)`,
  );
  print(
    `  exact-match accuracy on 100 unseen inputs: ${(100 * before.accuracy).toFixed(0)}% untrained → ${(100 * after.accuracy).toFixed(0)}% trained`,
  );
  const decoded = greedyDecode(net.decoder(v.source.encode(text)), task.maxTargetLength + 2);
  const output = v.target.decode(decoded.ids);
  print(`  "${text}" → "${output}"`);
  if (decoded.attention.length > 0) {
    print("  where each output character looked (rows: output, columns: source; █ ≥ 0.85):");
    for (const line of attentionHeatmap([...text], [...output, "</s>"], decoded.attention))
      print(`    ${line}`);
  }
  return {
    before: before.accuracy,
    after: after.accuracy,
    losses,
    loss,
    output,
    attention: decoded.attention,
    text,
  };
}

if (isMain(import.meta.url)) main();

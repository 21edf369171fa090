/**
 * Training a seq2seq model on a toy task, and measuring it.
 *
 * Each step draws a fresh batch from the task's train split (the generator never runs out), computes
 * the teacher-forced loss — mean cross-entropy of every target token and </s> — and takes one AdamW
 * step after clipping the gradient norm to 1 (recurrent networks' gradients can explode).
 * Accuracy is exact match of the whole greedy output on the test split, which training never sees.
 */
import { Pcg32, type Rng } from "../generation/rng.ts";
import { crossEntropy } from "../train/autograd/ops/softmax.ts";
import { backward, zeroGrad } from "../train/autograd/variable.ts";
import { AdamW } from "../train/optim/adamw.ts";
import { clipGradNorm } from "../train/optim/clip.ts";
import { makeBatch } from "./batch.ts";
import { greedy } from "./decode.ts";
import type { Seq2SeqModel } from "./model.ts";
import { type Example, sample, type Task } from "./tasks/task.ts";
import type { CharVocab } from "./vocab.ts";

export interface Vocabs {
  source: CharVocab;
  target: CharVocab;
}

export interface TrainOptions {
  steps: number;
  batchSize?: number;
  lr?: number;
  seed: number;
  /** Called after every step (progress bars). */
  onStep?: (step: number, loss: number) => void;
}

/** Examples as id sequences (no specials). */
export function encodePairs(examples: Example[], v: Vocabs) {
  return examples.map((e) => ({ src: v.source.encode(e.source), tgt: v.target.encode(e.target) }));
}

export function train(model: Seq2SeqModel, task: Task, v: Vocabs, options: TrainOptions): { loss: number } {
  const { steps, batchSize = 32, lr = 3e-3, seed } = options;
  const rng = new Pcg32(seed);
  const params = model.params.all();
  const opt = new AdamW(params, { lr, weightDecay: 0 });
  let smoothed = Number.NaN;
  for (let step = 1; step <= steps; step++) {
    const examples = Array.from({ length: batchSize }, () => sample(task, rng, "train"));
    const batch = makeBatch(encodePairs(examples, v), model.padSource);
    zeroGrad(params);
    const loss = crossEntropy(model.logits(batch), batch.tgtOut);
    backward(loss);
    clipGradNorm(params, 1);
    // Linear decay to 10% over the run: the last steps polish instead of jumping around.
    opt.lr = lr * (1 - (0.9 * (step - 1)) / steps);
    opt.update();
    smoothed = Number.isNaN(smoothed) ? loss.item() : 0.95 * smoothed + 0.05 * loss.item();
    options.onStep?.(step, smoothed);
  }
  return { loss: smoothed };
}

export interface Evaluation {
  accuracy: number;
  /** Source length → correct / total. */
  byLength: Map<number, { correct: number; total: number }>;
  mistakes: { source: string; target: string; output: string }[];
}

/** Greedy exact-match accuracy on `examples` (default: `count` drawn from the test split). */
export function evaluate(
  model: Seq2SeqModel,
  task: Task,
  v: Vocabs,
  options: { count?: number; seed?: number; examples?: Example[] } = {},
): Evaluation {
  const rng: Rng = new Pcg32(options.seed ?? 12345);
  const examples =
    options.examples ?? Array.from({ length: options.count ?? 200 }, () => sample(task, rng, "test"));
  const byLength = new Map<number, { correct: number; total: number }>();
  const mistakes: Evaluation["mistakes"] = [];
  let correct = 0;
  for (const e of examples) {
    const out = translate(model, v, e.source, task.maxTargetLength + 2);
    const ok = out === e.target;
    const n = [...e.source].length;
    const cell = byLength.get(n) ?? { correct: 0, total: 0 };
    cell.total++;
    if (ok) {
      cell.correct++;
      correct++;
    } else mistakes.push({ source: e.source, target: e.target, output: out });
    byLength.set(n, cell);
  }
  return { accuracy: correct / examples.length, byLength, mistakes };
}

export function translate(model: Seq2SeqModel, v: Vocabs, text: string, maxLength: number): string {
  return v.target.decode(greedy(model.decoder(v.source.encode(text, "input")), maxLength).ids);
}

/**
 * Training a small GPT from a text file — nanoGPT's train.py in TypeScript:
 *
 *   text → BPE tokenizer (trained on the text unless one is given) → ids → train / validation tail
 *   each step: a random batch of windows → loss → backward → clip → AdamW with warm-up + cosine
 *   every `evalEvery` steps: validation loss, a sample, a checkpoint (atomic), the loss curve SVG
 *
 * The folder it writes is a Hugging Face checkpoint (config.json, model.safetensors,
 * tokenizer.json) that `run`, `chat` and `serve` load, plus trainer.json/optimizer.safetensors to
 * resume. Callbacks report progress; the CLI draws the bar.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TongguanError } from "../errors.ts";
import type { ModelConfig } from "../formats/config.ts";
import { t } from "../messages/index.ts";
import type { Tokenizer } from "../tokenizers/index.ts";
import { noGrad } from "./autograd/index.ts";
import { hfConfigJson, loadTrainable, saveModel, writeFileAtomic } from "./checkpoint.ts";
import { evalBatches, randomBatch, type TokenStream } from "./corpus.ts";
import { type CurvePoint, lossCurveSvg } from "./loss-curve.ts";
import { initParameters, LanguageModel } from "./models/index.ts";
import { AdamW, warmupCosine } from "./optim/index.ts";
import { Random } from "./random.ts";
import { hasTrainerState, loadTrainerState, saveTrainerState } from "./resume.ts";
import { sampleIds } from "./sample.ts";
import { trainStep } from "./step.ts";

export interface GptShape {
  arch: "gpt2" | "llama";
  layers: number;
  dim: number;
  heads: number;
  ctx: number;
}

export interface GptTrainOptions extends GptShape {
  batch: number;
  steps: number;
  lr: number;
  minLr?: number;
  warmup: number;
  weightDecay: number;
  gradClip: number;
  seed: number;
  evalEvery: number;
  evalBatches: number;
  sampleTokens: number;
  /** The checkpoint folder; absent: nothing is written (the lab's live run keeps the model in memory). */
  out?: string;
  resume: boolean;
}

export interface TrainEvents {
  onStep?(e: {
    step: number;
    loss: number;
    gradNorm: number;
    lr: number;
    tokens: number;
    seconds: number;
  }): void;
  onEval?(e: { step: number; valLoss: number }): void;
  onSample?(e: { step: number; text: string }): void;
  onCheckpoint?(e: { step: number; dir: string }): void;
  /** Polled after each step: true stops training with a resumable checkpoint (Ctrl-C). */
  shouldStop?(): boolean;
}

export interface TrainOutcome {
  step: number;
  /** The step of the last checkpoint written (undefined: none yet). */
  savedStep?: number;
  valLoss?: number;
  reason: "done" | "stopped" | "nan";
}

/** The model config for a shape and vocabulary. */
export function gptConfig(shape: GptShape, vocabSize: number, eosId: number | undefined): ModelConfig {
  if (shape.dim % shape.heads !== 0)
    throw new TongguanError(t("train.gptTrainer.dimIsNotDivisible", { dim: shape.dim, heads: shape.heads }));
  const headDim = shape.dim / shape.heads;
  if (shape.arch === "llama" && headDim % 2 !== 0)
    throw new TongguanError(t("train.gptTrainer.dimHeadsRopeNeeds", { headDim }));
  const llama = shape.arch === "llama";
  return {
    architecture: shape.arch,
    vocabSize,
    hiddenSize: shape.dim,
    numLayers: shape.layers,
    numHeads: shape.heads,
    numKvHeads: shape.heads,
    headDim,
    intermediateSize: llama ? Math.round((8 * shape.dim) / 3 / 16) * 16 : 4 * shape.dim,
    contextLength: shape.ctx,
    norm: llama ? "rmsnorm" : "layernorm",
    normEps: llama ? 1e-6 : 1e-5,
    positions: llama ? "rope" : "learned",
    ropeTheta: llama ? 10000 : 0,
    ropeLayout: "neox",
    activation: llama ? "silu" : "gelu_tanh",
    tieWordEmbeddings: true,
    attentionBias: false,
    qkNorm: false,
    causal: true,
    typeVocabSize: 0,
    ...(eosId !== undefined ? { bosTokenId: eosId } : {}),
    eosTokenIds: eosId !== undefined ? [eosId] : [],
  };
}

/** Lets signals (Ctrl-C), timers (the progress bar) and I/O run between two steps. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function trainGpt(
  tokens: TokenStream,
  tokenizer: Tokenizer,
  o: GptTrainOptions,
  events: TrainEvents = {},
): Promise<TrainOutcome> {
  const eos = tokenizer.specialTokens.eos ?? tokenizer.tokenToId("<|endoftext|>");
  const rng = new Random(o.seed);
  let model: LanguageModel;
  let configJson: Record<string, unknown>;
  let train: CurvePoint[] = [];
  let val: CurvePoint[] = [];
  let start = 0;
  const out = o.out;
  const resuming = out !== undefined && o.resume && hasTrainerState(out);
  if (resuming) {
    const loaded = loadTrainable(out);
    model = loaded.model;
    configJson = loaded.configJson;
  } else {
    const config = gptConfig(o, tokenizer.vocabSize, eos);
    model = new LanguageModel(config, initParameters(config, rng));
    configJson = hfConfigJson(config);
  }
  const params = [...model.params.values()];
  const opt = new AdamW(params, { lr: o.lr, betas: [0.9, 0.95], eps: 1e-8, weightDecay: o.weightDecay });
  if (resuming) {
    const state = loadTrainerState(out, model, opt);
    start = state.step;
    rng.state = state.rngState;
    train = state.train;
    val = state.val;
  }
  const ctx = model.config.contextLength;
  const evalSet = evalBatches(tokens.val, ctx, o.batch, o.evalBatches);
  const validate = (): number =>
    noGrad(() => {
      let s = 0;
      let n = 0;
      for (const b of evalSet) {
        s += model.loss(b.inputs, b.targets, b.batch, b.steps).item() * b.batch;
        n += b.batch;
      }
      return s / n;
    });
  let savedStep: number | undefined = resuming ? start : undefined;
  const save = (step: number) => {
    if (out === undefined) return;
    savedStep = step;
    saveModel(out, model, configJson, { step: String(step) });
    saveTrainerState(out, model, opt, {
      step,
      options: { ...o },
      rngState: rng.state,
      train,
      val,
    });
    writeFileAtomic(join(out, "loss-curve.svg"), (tmp) =>
      writeFileSync(
        tmp,
        lossCurveSvg(
          train,
          val,
          `${o.arch} ${o.layers}×${o.dim}, ${model.parameterCount.toLocaleString("en")} parameters`,
        ),
      ),
    );
    events.onCheckpoint?.({ step, dir: out });
  };

  const sample = (step: number) => {
    if (o.sampleTokens <= 0) return;
    const prompt = [tokens.val[0]];
    const ids = sampleIds(model, prompt, o.sampleTokens, new Random(o.seed + step));
    events.onSample?.({ step, text: tokenizer.decode([...prompt, ...ids]) });
  };

  let step = start;
  let lastVal: number | undefined = val.at(-1)?.loss;
  while (step < o.steps) {
    const lr = warmupCosine(step, { lr: o.lr, warmup: o.warmup, total: o.steps, minLr: o.minLr });
    opt.lr = lr;
    const t0 = performance.now();
    const b = randomBatch(tokens.train, ctx, o.batch, rng);
    const r = trainStep(model, opt, b, o.gradClip);
    if (!Number.isFinite(r.loss) || !Number.isFinite(r.gradNorm)) {
      // The weights were not updated (trainStep skips a non-finite step); the last checkpoint stays.
      return { step, savedStep, valLoss: lastVal, reason: "nan" };
    }
    step++;
    train.push({ step, loss: r.loss });
    events.onStep?.({
      step,
      loss: r.loss,
      gradNorm: r.gradNorm,
      lr,
      tokens: b.batch * b.steps,
      seconds: (performance.now() - t0) / 1000,
    });
    await breathe();
    const stopping = events.shouldStop?.() ?? false;
    if (step % o.evalEvery === 0 || step === o.steps) {
      lastVal = validate();
      val.push({ step, loss: lastVal });
      events.onEval?.({ step, valLoss: lastVal });
      sample(step);
      save(step);
    } else if (stopping) save(step);
    if (stopping) return { step, valLoss: lastVal, reason: "stopped" };
  }
  if (step === start) save(step);
  return { step, valLoss: lastVal, reason: "done" };
}

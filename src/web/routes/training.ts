/**
 * The Training page's stream: a small GPT learning live in the lab's process, with the project's own
 * trainer (trainGpt: random windows → cross-entropy → backward → clip → AdamW, warm-up + cosine), on
 * a text the learner pastes or on the first chapter of Genesis (KJV, public domain) shipped in
 * assets/lab/. A byte-level BPE tokenizer is trained on the text first (trainBpe), as
 * `tongguan train gpt` does. The shape is tiny so that it learns in seconds on two cores:
 *
 *   gpt2, 2 layers, width 64, 4 heads, 32-token windows, 8 windows a step
 *
 *   POST /api/training  { text?, steps?, seed? }
 *   data: {"type":"start","corpus":"genesis-1.txt","tokens":{"train":912,"val":101},"parameters":…}
 *   data: {"type":"step","step":1,"loss":6.31,"lr":0.00015}
 *   data: {"type":"eval","step":25,"valLoss":5.2}    data: {"type":"sample","step":25,"text":"…"}
 *   data: {"type":"done","reason":"done","step":300}
 *
 * Nothing is written to disk. Closing the connection (`signal`) stops the run after the current step.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { packageRoot } from "../../package-root.ts";
import { tokenizerFromJson } from "../../tokenizers/index.ts";
import { toTokenizerJson, trainBpe } from "../../tokenizers/training/index.ts";
import { splitTokens } from "../../train/corpus.ts";
import { type GptShape, type GptTrainOptions, gptConfig, trainGpt } from "../../train/gpt-trainer.ts";
import { parameterSpecs } from "../../train/models/index.ts";
import type { LabRoute } from "../lab-route.ts";
import type { TrainingEvent } from "../page-answers.ts";
import { asBody, numberField } from "./lab-input.ts";
import { takeSlot } from "./one-at-a-time.ts";
import { streamEvents } from "./stream-events.ts";

export const LAB_CORPUS = join(packageRoot, "assets", "lab", "genesis-1.txt");
export const LAB_SHAPE: GptShape = { arch: "gpt2", layers: 2, dim: 64, heads: 4, ctx: 32 };
/** The longest text a learner may paste (characters). */
export const LAB_CORPUS_MAX = 200_000;

/** What a request asks for, checked before anything streams. */
export function parseTrainingRequest(request: unknown) {
  const body = asBody(request);
  let text: string;
  let corpus: string;
  if (body.text === undefined || body.text === null || body.text === "") {
    text = readFileSync(LAB_CORPUS, "utf8");
    corpus = "genesis-1.txt";
  } else {
    if (typeof body.text !== "string") throw new TongguanError(t("web.routes.training.textExpectedAString"));
    if (body.text.length > LAB_CORPUS_MAX)
      throw new TongguanError(
        t("web.routes.training.textCharactersTheLab", { textLength: body.text.length, LAB_CORPUS_MAX }),
      );
    text = body.text;
    corpus = "pasted";
  }
  const batch = 8;
  // byte-level BPE makes at most one token a byte: a text with fewer bytes than one step's windows
  // and a validation window cannot be trained on, and is refused before a tokenizer is trained
  const bytes = Buffer.byteLength(text);
  if (bytes < (batch + 1) * (LAB_SHAPE.ctx + 1)) throw tooSmall(`${bytes} bytes`, batch);
  return {
    text,
    corpus,
    batch,
    steps: numberField(body, "steps", 300, { min: 1, max: 5000, integer: true }),
    seed: numberField(body, "seed", 1, { min: 0, max: 2 ** 31 - 1, integer: true }),
    vocabSize: numberField(body, "vocabSize", 512, { min: 257, max: 4096, integer: true }),
    evalEvery: numberField(body, "evalEvery", 25, { min: 1, max: 1000, integer: true }),
  };
}

function tooSmall(size: string, batch: number): TongguanError {
  return new TongguanError(t("web.routes.training.textIsTooSmall", { size, batch, v3: LAB_SHAPE.ctx + 1 }));
}

/** The run a request asks for, ready to start: text, tokenizer, token stream and trainer options. */
export function prepareTraining(request: unknown) {
  const r = parseTrainingRequest(request);
  const bpe = trainBpe(r.text, { vocabSize: r.vocabSize, specialTokens: ["<|endoftext|>"] });
  const tokenizer = tokenizerFromJson(toTokenizerJson(bpe), r.corpus);
  const ids = Int32Array.from(tokenizer.encode(r.text).ids);
  const valLength = Math.max(LAB_SHAPE.ctx + 1, Math.floor(ids.length * 0.1));
  if (ids.length - valLength < (LAB_SHAPE.ctx + 1) * r.batch) throw tooSmall(`${ids.length} tokens`, r.batch);
  const tokens = splitTokens(ids, LAB_SHAPE.ctx, r.batch, 0.1, r.corpus);
  const eos = tokenizer.specialTokens.eos ?? tokenizer.tokenToId("<|endoftext|>");
  const config = gptConfig(LAB_SHAPE, tokenizer.vocabSize, eos);
  const options: GptTrainOptions = {
    ...LAB_SHAPE,
    batch: r.batch,
    steps: r.steps,
    lr: 3e-3,
    warmup: Math.min(20, Math.floor(r.steps / 10)),
    weightDecay: 0.1,
    gradClip: 1,
    seed: r.seed,
    evalEvery: r.evalEvery,
    evalBatches: 2,
    sampleTokens: 40,
    resume: false,
  };
  const start: TrainingEvent = {
    type: "start",
    corpus: r.corpus,
    characters: r.text.length,
    vocabSize: tokenizer.vocabSize,
    tokens: { train: tokens.train.length, val: tokens.val.length },
    parameters: parameterSpecs(config).reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0),
    shape: { ...LAB_SHAPE, batch: r.batch },
    steps: r.steps,
  };
  return { tokenizer, tokens, options, start };
}

/** Trains, sending each event, until the last step or until `signal` aborts (then after the current step). */
export async function runTraining(
  prepared: ReturnType<typeof prepareTraining>,
  send: (event: TrainingEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const { tokenizer, tokens, options, start } = prepared;
  send(start);
  const outcome = await trainGpt(tokens, tokenizer, options, {
    onStep: (e) => send({ type: "step", step: e.step, loss: e.loss, lr: e.lr, ms: e.seconds * 1000 }),
    onEval: (e) => send({ type: "eval", step: e.step, valLoss: e.valLoss }),
    onSample: (e) => send({ type: "sample", step: e.step, text: e.text }),
    shouldStop: () => signal.aborted,
  });
  send({ type: "done", reason: outcome.reason, step: outcome.step, valLoss: outcome.valLoss });
  if (!signal.aborted) send({ type: "end" });
}

/** prepareTraining then runTraining. */
export async function streamTraining(
  request: unknown,
  send: (event: TrainingEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  await runTraining(prepareTraining(request), send, signal);
}

export const routes: LabRoute[] = [
  {
    method: "POST",
    path: "/api/training",
    handler: async (ctx, req) => {
      const prepared = prepareTraining(req.body); // bad input: a 400 before the stream starts
      const release = takeSlot(ctx, "a training run");
      try {
        await streamEvents(req, (send, signal) => runTraining(prepared, send, signal));
      } finally {
        release();
      }
    },
  },
];

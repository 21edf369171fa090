/**
 * `tongguan train` — training from scratch and reproducing a run.
 *
 *   tongguan train gpt --corpus FILE [--tokenizer PATH | --vocab-size N] [--arch gpt2|llama]
 *       [--layers --dim --heads --ctx --batch --steps --lr --warmup --seed] --out DIR [--resume]
 *   tongguan train --from DIR --batches FILE.jsonl --steps N --lr X --betas B1,B2 --eps E
 *       --weight-decay W --grad-clip C --out DIR2 [--json]
 *
 * The first trains a tokenizer (unless given one) and a small GPT on a text file, with a progress
 * bar, validation loss on the held-out tail, samples and resumable checkpoints; the second
 * continues a Hugging Face checkpoint on exactly the given batches (how a run is compared with
 * PyTorch, step by step).
 */
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import pc from "picocolors";
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { loadTokenizer, type Tokenizer } from "../../tokenizers/index.ts";
import { trainBpe, writeTokenizerJson } from "../../tokenizers/training/index.ts";
import { readBatches } from "../../train/batches.ts";
import { loadTrainable, saveModel } from "../../train/checkpoint.ts";
import { checkCorpusBytes, readCorpusText, splitTokens } from "../../train/corpus.ts";
import { type GptTrainOptions, trainGpt } from "../../train/gpt-trainer.ts";
import { AdamW } from "../../train/optim/index.ts";
import { trainStep } from "../../train/step.ts";

interface FromFlags {
  from?: string;
  batches?: string;
  steps?: string;
  lr?: string;
  betas: string;
  eps: string;
  weightDecay: string;
  gradClip: string;
  out?: string;
  json?: boolean;
}

interface GptFlags {
  corpus: string;
  tokenizer?: string;
  vocabSize: string;
  arch: string;
  layers: string;
  dim: string;
  heads: string;
  ctx: string;
  batch: string;
  steps: string;
  lr: string;
  minLr?: string;
  warmup: string;
  weightDecay: string;
  gradClip: string;
  seed: string;
  evalEvery: string;
  evalBatches: string;
  sampleTokens: string;
  valFraction: string;
  out: string;
  resume?: boolean;
}

export function register(program: Command): void {
  // `train` and `train gpt` both take --out/--steps/--lr: options are read by the command they
  // follow (commander needs positional options on the parents for that; the root has only -V/-h).
  program.enablePositionalOptions();
  const train = program
    .command("train")
    .description(t("cli.train.description"))
    .enablePositionalOptions()
    .option("--from <dir>", t("cli.train.opt.from"))
    .option("--batches <file>", t("cli.train.opt.batches"))
    .option("--steps <n>", t("cli.train.opt.steps"))
    .option("--lr <x>", t("cli.train.opt.lr"))
    .option("--betas <b1,b2>", t("cli.train.opt.betas"), "0.9,0.999")
    .option("--eps <e>", t("cli.train.opt.eps"), "1e-8")
    .option("--weight-decay <w>", t("cli.train.opt.weightDecay"), "0.01")
    .option("--grad-clip <c>", t("cli.train.opt.gradClip"), "1.0")
    .option("--out <dir>", t("cli.train.opt.out"))
    .option("--json", t("cli.train.opt.json"))
    .action((flags: FromFlags) => trainFrom(flags));
  train
    .command("gpt")
    .description(t("cli.train.gpt.description"))
    .requiredOption("--corpus <file>", t("cli.train.gpt.opt.corpus"))
    .option("--tokenizer <path>", t("cli.train.gpt.opt.tokenizer"))
    .option("--vocab-size <n>", t("cli.train.gpt.opt.vocabSize"), "2048")
    .option("--arch <name>", t("cli.train.gpt.opt.arch"), "gpt2")
    .option("--layers <n>", t("cli.train.gpt.opt.layers"), "4")
    .option("--dim <n>", t("cli.train.gpt.opt.dim"), "192")
    .option("--heads <n>", t("cli.train.gpt.opt.heads"), "6")
    .option("--ctx <n>", t("cli.train.gpt.opt.ctx"), "128")
    .option("--batch <n>", t("cli.train.gpt.opt.batch"), "16")
    .option("--steps <n>", t("cli.train.gpt.opt.steps"), "1000")
    .option("--lr <x>", t("cli.train.gpt.opt.lr"), "3e-3")
    .option("--min-lr <x>", t("cli.train.gpt.opt.minLr"))
    .option("--warmup <n>", t("cli.train.gpt.opt.warmup"), "50")
    .option("--weight-decay <w>", t("cli.train.gpt.opt.weightDecay"), "0.1")
    .option("--grad-clip <c>", t("cli.train.gpt.opt.gradClip"), "1.0")
    .option("--seed <n>", t("cli.train.gpt.opt.seed"), "1")
    .option("--eval-every <n>", t("cli.train.gpt.opt.evalEvery"), "100")
    .option("--eval-batches <n>", t("cli.train.gpt.opt.evalBatches"), "4")
    .option("--sample-tokens <n>", t("cli.train.gpt.opt.sampleTokens"), "60")
    .option("--val-fraction <f>", t("cli.train.gpt.opt.valFraction"), "0.05")
    .requiredOption("--out <dir>", t("cli.train.gpt.opt.out"))
    .option("--resume", t("cli.train.gpt.opt.resume"))
    .addHelpText("after", t("cli.train.gpt.helpText"))
    .action(async (flags: GptFlags) => trainGptCommand(flags));
}

function num(
  flag: string,
  value: string | undefined,
  { integer = false, min = Number.NEGATIVE_INFINITY } = {},
): number {
  const n = Number(value);
  if (
    value === undefined ||
    value.trim() === "" ||
    !Number.isFinite(n) ||
    (integer && !Number.isInteger(n)) ||
    n < min
  )
    throw new TongguanError(
      t("cli.train.expected", {
        flag,
        v2: value ?? "",
        v3: t(integer ? "cli.train.aWholeNumber" : "cli.train.aNumber"),
        v4: min > Number.NEGATIVE_INFINITY ? t("cli.train.atLeast", { min }) : "",
      }),
    );
  return n;
}

function trainFrom(f: FromFlags): void {
  if (!f.from) throw new TongguanError(t("cli.train.trainGiveFromDir"));
  if (!f.batches) throw new TongguanError(t("cli.train.trainFromBatchesFile"));
  if (!f.out) throw new TongguanError(t("cli.train.trainFromOutDir"));
  if (f.lr === undefined) throw new TongguanError(t("cli.train.trainFromLrIs"));
  const lr = num("--lr", f.lr, { min: 0 });
  const betas = f.betas.split(",").map((b) => num("--betas", b, { min: 0 }));
  if (betas.length !== 2 || betas.some((b) => b >= 1))
    throw new TongguanError(t("cli.train.betasExpectedTwoNumbers", { betas: f.betas }));
  const eps = num("--eps", f.eps, { min: 0 });
  const weightDecay = num("--weight-decay", f.weightDecay, { min: 0 });
  const gradClip = num("--grad-clip", f.gradClip, { min: 0 });
  const { model, configJson } = loadTrainable(f.from);
  const batches = readBatches(f.batches, model.config.vocabSize, model.config.contextLength);
  const steps = f.steps === undefined ? batches.length : num("--steps", f.steps, { integer: true, min: 1 });
  if (steps > batches.length)
    throw new TongguanError(
      t("cli.train.stepsHoldsOnlyBatches", { steps, batches: f.batches, batchesLength: batches.length }),
    );
  const opt = new AdamW([...model.params.values()], {
    lr,
    betas: betas as [number, number],
    eps,
    weightDecay,
  });
  for (let s = 0; s < steps; s++) {
    const r = trainStep(model, opt, batches[s], gradClip);
    if (!Number.isFinite(r.loss))
      throw new TongguanError(t("cli.train.stepTheLossIs", { s, loss: r.loss, out: f.out }));
    if (f.json) process.stdout.write(`${JSON.stringify({ step: s, loss: r.loss, grad_norm: r.gradNorm })}\n`);
    else
      process.stdout.write(
        `${t("cli.train.step", { step: s, loss: r.loss.toFixed(6), gradNorm: r.gradNorm.toFixed(6) })}\n`,
      );
  }
  saveModel(f.out, model, configJson);
  if (!f.json)
    process.stdout.write(`${t("cli.train.wroteModel", { path: join(f.out, "model.safetensors") })}\n`);
}

async function trainGptCommand(f: GptFlags): Promise<void> {
  const arch = f.arch;
  if (arch !== "gpt2" && arch !== "llama")
    throw new TongguanError(t("cli.train.archExpectedGptOr", { arch }));
  const o: GptTrainOptions = {
    arch,
    layers: num("--layers", f.layers, { integer: true, min: 1 }),
    dim: num("--dim", f.dim, { integer: true, min: 2 }),
    heads: num("--heads", f.heads, { integer: true, min: 1 }),
    ctx: num("--ctx", f.ctx, { integer: true, min: 2 }),
    batch: num("--batch", f.batch, { integer: true, min: 1 }),
    steps: num("--steps", f.steps, { integer: true, min: 1 }),
    lr: num("--lr", f.lr, { min: 0 }),
    ...(f.minLr !== undefined ? { minLr: num("--min-lr", f.minLr, { min: 0 }) } : {}),
    warmup: num("--warmup", f.warmup, { integer: true, min: 0 }),
    weightDecay: num("--weight-decay", f.weightDecay, { min: 0 }),
    gradClip: num("--grad-clip", f.gradClip, { min: 0 }),
    seed: num("--seed", f.seed, { integer: true, min: 0 }),
    evalEvery: num("--eval-every", f.evalEvery, { integer: true, min: 1 }),
    evalBatches: num("--eval-batches", f.evalBatches, { integer: true, min: 1 }),
    sampleTokens: num("--sample-tokens", f.sampleTokens, { integer: true, min: 0 }),
    out: f.out,
    resume: f.resume ?? false,
  };
  const valFraction = num("--val-fraction", f.valFraction, { min: 0 });
  if (valFraction >= 0.5)
    throw new TongguanError(t("cli.train.valFractionExpectedLess", { valFraction: f.valFraction }));
  if (existsSync(join(f.out, "trainer.json")) && !o.resume)
    throw new TongguanError(t("cli.train.outHoldsATraining", { out: f.out }));
  if (o.resume && !existsSync(join(f.out, "trainer.json")))
    throw new TongguanError(t("cli.train.resumeHoldsNoTraining", { out: f.out }));
  const text = readCorpusText(f.corpus);
  checkCorpusBytes(Buffer.byteLength(text), o.ctx, o.batch, f.corpus);
  const err = process.stderr;
  mkdirSync(f.out, { recursive: true });
  let tokenizer: Tokenizer;
  if (f.tokenizer) tokenizer = await loadTokenizer(f.tokenizer);
  else if (o.resume || existsSync(join(f.out, "tokenizer.json")))
    tokenizer = await loadTokenizer(join(f.out, "tokenizer.json"));
  else {
    const vocabSize = num("--vocab-size", f.vocabSize, { integer: true, min: 257 });
    err.write(`${t("cli.train.trainingTokenizer", { vocabSize, corpus: f.corpus })}\n`);
    const bpe = trainBpe(text, { vocabSize, specialTokens: ["<|endoftext|>"] });
    tokenizer = await loadTokenizer(writeTokenizerJson(f.out, bpe));
  }
  if (f.tokenizer) writeTokenizerCopy(f.tokenizer, f.out);
  const ids = Int32Array.from(tokenizer.encode(text).ids);
  const tokens = splitTokens(ids, o.ctx, o.batch, valFraction, f.corpus);
  err.write(
    `${t("cli.train.split", {
      tokens: ids.length.toLocaleString("en"),
      train: tokens.train.length.toLocaleString("en"),
      val: tokens.val.length.toLocaleString("en"),
    })}\n`,
  );

  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    err.write(t("cli.train.stopping"));
  };
  process.on("SIGINT", onSigint);
  const bar = new cliProgress.SingleBar(
    {
      format: t("cli.train.bar"),
      stream: err,
      noTTYOutput: false,
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const showBar = err.isTTY;
  let rate = 0;
  let firstStep = true;
  const log = (line: string) => {
    if (showBar) bar.stop();
    err.write(`${line}\n`);
  };
  const started = performance.now();
  const outcome = await trainGpt(tokens, tokenizer, o, {
    onStep: (e) => {
      rate = rate === 0 ? e.tokens / e.seconds : 0.9 * rate + 0.1 * (e.tokens / e.seconds);
      if (showBar) {
        if (firstStep) bar.start(o.steps, e.step - 1, { loss: "…", tps: "…" });
        firstStep = false;
        bar.update(e.step, { loss: e.loss.toFixed(3), tps: Math.round(rate) });
      } else if (e.step % 10 === 0 || e.step === 1)
        err.write(
          `${t("cli.train.progress", { step: e.step, steps: o.steps, loss: e.loss.toFixed(3), tps: Math.round(rate) })}\n`,
        );
    },
    onEval: (e) => {
      log(
        t("cli.train.validationLoss", {
          step: pc.bold(t("cli.train.stepLabel", { step: e.step })),
          loss: e.valLoss.toFixed(3),
        }),
      );
      firstStep = true;
    },
    onSample: (e) => log(`${pc.dim(t("cli.train.sample"))} ${JSON.stringify(e.text)}`),
    shouldStop: () => interrupted,
  });
  if (showBar) bar.stop();
  process.off("SIGINT", onSigint);
  const minutes = ((performance.now() - started) / 60000).toFixed(1);
  if (outcome.reason === "nan")
    throw new TongguanError(
      t("cli.train.stepTheLossBecame", {
        v1: outcome.step + 1,
        v2:
          outcome.savedStep === undefined
            ? t("cli.train.noCheckpointYet")
            : t("cli.train.lastGoodCheckpoint", { step: outcome.savedStep, out: f.out }),
      }),
    );
  const val =
    outcome.valLoss !== undefined ? t("cli.train.valSuffix", { loss: outcome.valLoss.toFixed(3) }) : "";
  if (outcome.reason === "stopped") {
    err.write(`${t("cli.train.stoppedAt", { step: outcome.step, val })}\n`);
    process.exit(130); // the shell's code for a run ended by Ctrl-C (main would report success)
  }
  process.stdout.write(`${t("cli.train.trained", { steps: outcome.step, minutes, val, out: f.out })}\n`);
}

/** A given tokenizer goes into the checkpoint too, so the folder is complete on its own. */
function writeTokenizerCopy(from: string, out: string): void {
  const src = existsSync(join(from, "tokenizer.json")) ? join(from, "tokenizer.json") : from;
  if (!src.endsWith(".json")) throw new TongguanError(t("cli.train.tokenizerExpectedATokenizer", { from }));
  const dst = join(out, "tokenizer.json");
  if (src !== dst) copyFileSync(src, dst);
}

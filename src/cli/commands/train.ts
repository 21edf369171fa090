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
    .description("train a GPT from scratch (train gpt), or continue a checkpoint on given batches (--from)")
    .enablePositionalOptions()
    .option("--from <dir>", "a Hugging Face folder (config.json + model.safetensors): gpt2, llama or qwen2")
    .option("--batches <file>", 'one JSON line per step: {"inputs": [[ids]], "targets": [[ids]]}')
    .option("--steps <n>", "steps to run (default: one per line of --batches)")
    .option("--lr <x>", "constant learning rate")
    .option("--betas <b1,b2>", "AdamW betas", "0.9,0.999")
    .option("--eps <e>", "AdamW epsilon", "1e-8")
    .option("--weight-decay <w>", "decoupled weight decay (tensors with ≥ 2 dimensions only)", "0.01")
    .option("--grad-clip <c>", "clip the global gradient norm to this (0: no clipping)", "1.0")
    .option("--out <dir>", "where to write config.json and model.safetensors after the last step")
    .option("--json", 'print one line per step: {"step", "loss", "grad_norm"}')
    .action((flags: FromFlags) => trainFrom(flags));
  train
    .command("gpt")
    .description("train a small GPT (and its BPE tokenizer) on a text file")
    .requiredOption("--corpus <file>", "UTF-8 text to learn from (the last --val-fraction is held out)")
    .option(
      "--tokenizer <path>",
      "an existing tokenizer (tokenizer.json or a folder) instead of training one",
    )
    .option("--vocab-size <n>", "vocabulary of the BPE tokenizer trained on the corpus", "2048")
    .option(
      "--arch <name>",
      "gpt2 (LayerNorm, learned positions, GELU) or llama (RMSNorm, RoPE, SwiGLU)",
      "gpt2",
    )
    .option("--layers <n>", "Transformer blocks", "4")
    .option("--dim <n>", "width of the residual stream", "192")
    .option("--heads <n>", "attention heads", "6")
    .option("--ctx <n>", "context length (tokens per training window)", "128")
    .option("--batch <n>", "windows per step", "16")
    .option("--steps <n>", "optimizer steps in all", "1000")
    .option("--lr <x>", "peak learning rate", "3e-3")
    .option("--min-lr <x>", "learning rate at the end of the cosine decay (default lr/10)")
    .option("--warmup <n>", "linear warm-up steps", "50")
    .option("--weight-decay <w>", "AdamW decoupled weight decay", "0.1")
    .option("--grad-clip <c>", "global gradient-norm clip", "1.0")
    .option("--seed <n>", "random seed (initialisation, batches, samples)", "1")
    .option("--eval-every <n>", "validation loss, a sample and a checkpoint every N steps", "100")
    .option("--eval-batches <n>", "batches of the held-out tail per validation", "4")
    .option("--sample-tokens <n>", "tokens in each sample (0: none)", "60")
    .option("--val-fraction <f>", "share of the corpus held out for validation", "0.05")
    .requiredOption(
      "--out <dir>",
      "the checkpoint folder (config.json, model.safetensors, tokenizer.json, loss-curve.svg)",
    )
    .option("--resume", "continue the run saved in --out")
    .addHelpText(
      "after",
      "\nExample:\n  tongguan train gpt --corpus kjv.txt --vocab-size 2048 --layers 4 --dim 192 --steps 800 --out my-gpt\n  tongguan run my-gpt 'In the beginning'",
    )
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
      `${flag} ${value ?? ""}: expected ${integer ? "a whole number" : "a number"}${min > Number.NEGATIVE_INFINITY ? ` ≥ ${min}` : ""}`,
    );
  return n;
}

function trainFrom(f: FromFlags): void {
  if (!f.from)
    throw new TongguanError(
      "train: give --from DIR --batches FILE (or use `tongguan train gpt` to train from scratch)",
    );
  if (!f.batches) throw new TongguanError("train --from: --batches FILE.jsonl is required");
  if (!f.out) throw new TongguanError("train --from: --out DIR2 is required");
  if (f.lr === undefined) throw new TongguanError("train --from: --lr is required");
  const lr = num("--lr", f.lr, { min: 0 });
  const betas = f.betas.split(",").map((b) => num("--betas", b, { min: 0 }));
  if (betas.length !== 2 || betas.some((b) => b >= 1))
    throw new TongguanError(`--betas ${f.betas}: expected two numbers in [0, 1) such as 0.9,0.95`);
  const eps = num("--eps", f.eps, { min: 0 });
  const weightDecay = num("--weight-decay", f.weightDecay, { min: 0 });
  const gradClip = num("--grad-clip", f.gradClip, { min: 0 });
  const { model, configJson } = loadTrainable(f.from);
  const batches = readBatches(f.batches, model.config.vocabSize, model.config.contextLength);
  const steps = f.steps === undefined ? batches.length : num("--steps", f.steps, { integer: true, min: 1 });
  if (steps > batches.length)
    throw new TongguanError(`--steps ${steps}: ${f.batches} holds only ${batches.length} batches`);
  const opt = new AdamW([...model.params.values()], {
    lr,
    betas: betas as [number, number],
    eps,
    weightDecay,
  });
  for (let s = 0; s < steps; s++) {
    const r = trainStep(model, opt, batches[s], gradClip);
    if (!Number.isFinite(r.loss))
      throw new TongguanError(`step ${s}: the loss is ${r.loss}; nothing written to ${f.out}`);
    if (f.json) process.stdout.write(`${JSON.stringify({ step: s, loss: r.loss, grad_norm: r.gradNorm })}\n`);
    else process.stdout.write(`step ${s}: loss ${r.loss.toFixed(6)}, grad norm ${r.gradNorm.toFixed(6)}\n`);
  }
  saveModel(f.out, model, configJson);
  if (!f.json) process.stdout.write(`wrote ${join(f.out, "model.safetensors")} and config.json\n`);
}

async function trainGptCommand(f: GptFlags): Promise<void> {
  const arch = f.arch;
  if (arch !== "gpt2" && arch !== "llama") throw new TongguanError(`--arch ${arch}: expected gpt2 or llama`);
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
  if (valFraction >= 0.5) throw new TongguanError(`--val-fraction ${f.valFraction}: expected less than 0.5`);
  if (existsSync(join(f.out, "trainer.json")) && !o.resume)
    throw new TongguanError(
      `--out ${f.out}: holds a training run already; add --resume to continue it, or pick another folder`,
    );
  if (o.resume && !existsSync(join(f.out, "trainer.json")))
    throw new TongguanError(`--resume: ${f.out} holds no training run (no trainer.json)`);
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
    err.write(`training a ${vocabSize}-token BPE tokenizer on ${f.corpus}…\n`);
    const bpe = trainBpe(text, { vocabSize, specialTokens: ["<|endoftext|>"] });
    tokenizer = await loadTokenizer(writeTokenizerJson(f.out, bpe));
  }
  if (f.tokenizer) writeTokenizerCopy(f.tokenizer, f.out);
  const ids = Int32Array.from(tokenizer.encode(text).ids);
  const tokens = splitTokens(ids, o.ctx, o.batch, valFraction, f.corpus);
  err.write(
    `${ids.length.toLocaleString("en")} tokens: ${tokens.train.length.toLocaleString("en")} to train on, ${tokens.val.length.toLocaleString("en")} held out\n`,
  );

  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    err.write("\nstopping after this step; saving a resumable checkpoint…\n");
  };
  process.on("SIGINT", onSigint);
  const bar = new cliProgress.SingleBar(
    {
      format: "step {value}/{total} {bar} loss {loss} | {tps} tok/s | ETA {eta_formatted}",
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
        err.write(`step ${e.step}/${o.steps}: loss ${e.loss.toFixed(3)}, ${Math.round(rate)} tok/s\n`);
    },
    onEval: (e) => {
      log(`${pc.bold(`step ${e.step}`)}: validation loss ${e.valLoss.toFixed(3)}`);
      firstStep = true;
    },
    onSample: (e) => log(`${pc.dim("sample:")} ${JSON.stringify(e.text)}`),
    shouldStop: () => interrupted,
  });
  if (showBar) bar.stop();
  process.off("SIGINT", onSigint);
  const minutes = ((performance.now() - started) / 60000).toFixed(1);
  if (outcome.reason === "nan")
    throw new TongguanError(
      `step ${outcome.step + 1}: the loss became NaN/infinite (try a lower --lr); ` +
        (outcome.savedStep === undefined
          ? "no checkpoint had been written yet"
          : `the last good checkpoint (step ${outcome.savedStep}) is kept in ${f.out}`),
    );
  const val = outcome.valLoss !== undefined ? `, validation loss ${outcome.valLoss.toFixed(3)}` : "";
  if (outcome.reason === "stopped") {
    err.write(`stopped at step ${outcome.step}${val}; resume with the same command and --resume\n`);
    process.exit(130); // the shell's code for a run ended by Ctrl-C (main would report success)
  }
  process.stdout.write(
    `trained ${outcome.step} steps in ${minutes} min${val}; wrote ${f.out} (try: tongguan run ${f.out} "…")\n`,
  );
}

/** A given tokenizer goes into the checkpoint too, so the folder is complete on its own. */
function writeTokenizerCopy(from: string, out: string): void {
  const src = existsSync(join(from, "tokenizer.json")) ? join(from, "tokenizer.json") : from;
  if (!src.endsWith(".json"))
    throw new TongguanError(`--tokenizer ${from}: expected a tokenizer.json (or a folder holding one)`);
  const dst = join(out, "tokenizer.json");
  if (src !== dst) copyFileSync(src, dst);
}

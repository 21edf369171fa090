/**
 * `tongguan seq2seq` — the course's first third on toy tasks that train on a laptop in minutes:
 *
 *   seq2seq train --task reverse --model lstm-attention --out runs/rev   train, report test accuracy, save
 *   seq2seq translate runs/rev "attention" --show-attention            the output and where it looked
 *   seq2seq compare --task reverse                                      RNN vs attention, accuracy by input length
 *   seq2seq attention runs/numbers                                      heatmaps for the task's chosen inputs
 */
import { join } from "node:path";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import pc from "picocolors";
import { TongguanError } from "../../errors.ts";
import { Pcg32 } from "../../generation/rng.ts";
import { padEndWidth } from "../../messages/display-width.ts";
import { t as tr } from "../../messages/index.ts";
import { createModel, loadSeq2Seq, type Seq2SeqCheckpoint, saveSeq2Seq } from "../../seq2seq/checkpoint.ts";
import { beamSearch } from "../../seq2seq/decode.ts";
import { heatmap } from "../../seq2seq/heatmap.ts";
import type { Seq2SeqModel } from "../../seq2seq/model.ts";
import { MODEL_NAMES, type ModelName, modelConfig } from "../../seq2seq/model-config.ts";
import { ATTENTION_KINDS, type AttentionKind } from "../../seq2seq/rnn-attention.ts";
import { sample, TASK_NAMES, taskByName } from "../../seq2seq/tasks/index.ts";
import type { Task } from "../../seq2seq/tasks/task.ts";
import { type Evaluation, evaluate, train, type Vocabs } from "../../seq2seq/trainer.ts";
import { CharVocab, EOS } from "../../seq2seq/vocab.ts";
import { numberArg } from "../flags.ts";

/** Steps that reach high test accuracy with the default --dim (measured in docs/seq2seq.md). */
const DEFAULT_STEPS: Record<string, number> = { reverse: 800, numbers: 800, dates: 800 };
const DEFAULT_DIM = 64;

interface TrainFlags {
  task: string;
  model: string;
  steps?: number;
  dim: number;
  seed: number;
  attention?: string;
  batch: number;
  lr: number;
  out: string;
}

function attentionFlag(value: string | undefined): AttentionKind | undefined {
  if (value === undefined) return undefined;
  if (!(ATTENTION_KINDS as string[]).includes(value) || value === "none") {
    throw new TongguanError(tr("cli.seq2seq.attentionChooseDotGeneral", { value }));
  }
  return value as AttentionKind;
}

function vocabsOf(task: Task): Vocabs {
  return { source: new CharVocab(task.sourceChars), target: new CharVocab(task.targetChars) };
}

/** Trains one model with a progress bar (or a line every 10% when stderr is not a terminal). */
function trainWithProgress(
  task: Task,
  modelName: string,
  flags: { steps: number; dim: number; seed: number; attention?: AttentionKind; batch: number; lr: number },
): { model: Seq2SeqModel; meta: Seq2SeqCheckpoint; evaluation: Evaluation } {
  const v = vocabsOf(task);
  const config = modelConfig({
    model: modelName,
    dim: flags.dim,
    srcVocab: v.source.size,
    tgtVocab: v.target.size,
    maxLength: Math.max(task.maxSourceLength, task.maxTargetLength) + 2,
    attention: flags.attention,
  });
  if (!Number.isInteger(flags.steps) || flags.steps < 1)
    throw new TongguanError(tr("cli.seq2seq.stepsNeedAWhole", { steps: flags.steps }));
  if (!Number.isInteger(flags.batch) || flags.batch < 1)
    throw new TongguanError(tr("cli.seq2seq.batchNeedAWhole", { batch: flags.batch }));
  if (!(flags.lr > 0)) throw new TongguanError(tr("cli.seq2seq.lrNeedAPositive", { lr: flags.lr }));
  const model = createModel(config, new Pcg32(flags.seed));
  const label = tr("cli.seq2seq.label", { model: modelName, task: task.name });
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          format: tr("cli.seq2seq.bar", { label }),
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(flags.steps, 0, { loss: "-" });
  const started = performance.now();
  const { loss } = train(model, task, v, {
    steps: flags.steps,
    seed: flags.seed,
    batchSize: flags.batch,
    lr: flags.lr,
    onStep: (step, l) => {
      if (bar) bar.update(step, { loss: l.toFixed(3) });
      else if (step % Math.max(1, Math.round(flags.steps / 10)) === 0 || step === flags.steps)
        process.stderr.write(
          `${tr("cli.seq2seq.progress", { label, step, steps: flags.steps, loss: l.toFixed(3) })}\n`,
        );
    },
  });
  bar?.stop();
  const seconds = (performance.now() - started) / 1000;
  const evaluation = evaluate(model, task, v, { count: 200, seed: flags.seed + 1 });
  const meta: Seq2SeqCheckpoint = {
    format: "tongguan-seq2seq",
    task: task.name,
    model: modelName as ModelName,
    config,
    sourceChars: v.source.chars.join(""),
    targetChars: v.target.chars.join(""),
    trained: { steps: flags.steps, seed: flags.seed, loss, testAccuracy: evaluation.accuracy, seconds },
  };
  return { model, meta, evaluation };
}

function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** Translation of one input with the attention rows of every output token (and of </s>). */
function translateOne(model: Seq2SeqModel, v: Vocabs, text: string, maxLength: number, beam: number) {
  const src = v.source.encode(text, "input");
  const decoded = beamSearch(model.decoder(src), maxLength, beam);
  const targetTokens = [...decoded.ids.map((id) => v.target.token(id)), v.target.token(EOS)];
  return {
    output: v.target.decode(decoded.ids),
    source: src.map((id) => v.source.token(id)),
    target: targetTokens,
    attention: decoded.attention,
  };
}

function printHeatmap(r: { source: string[]; target: string[]; attention: number[][] }): void {
  if (r.attention.length === 0) {
    process.stdout.write(pc.dim(`${tr("cli.seq2seq.noAttention")}\n`));
    return;
  }
  process.stdout.write(`${heatmap(r.source, r.target, r.attention).join("\n")}\n`);
}

/** Rows "length  model-a  model-b" of accuracy by input length, in buckets. */
function lengthTable(names: string[], evals: Evaluation[]): string[] {
  const lengths = [...new Set(evals.flatMap((e) => [...e.byLength.keys()]))].sort((a, b) => a - b);
  const lo = lengths[0];
  const hi = lengths[lengths.length - 1];
  const size = Math.max(1, Math.ceil((hi - lo + 1) / 8));
  const col = Math.max(16, ...names.map((n) => n.length + 2));
  const lines = [`${padEndWidth(tr("cli.seq2seq.length"), 8)}${names.map((n) => n.padEnd(col)).join("")}`];
  for (let a = lo; a <= hi; a += size) {
    const b = Math.min(hi, a + size - 1);
    const cells = evals.map((e) => {
      let c = 0;
      let t = 0;
      for (let n = a; n <= b; n++) {
        c += e.byLength.get(n)?.correct ?? 0;
        t += e.byLength.get(n)?.total ?? 0;
      }
      if (t === 0) return "-".padEnd(col);
      const acc = c / t;
      return `${percent(acc).padStart(6)} ${"█".repeat(Math.round(acc * 8)).padEnd(8)}`.padEnd(col);
    });
    lines.push(`${(a === b ? `${a}` : `${a}–${b}`).padEnd(8)}${cells.join("")}`);
  }
  return lines;
}

export function register(program: Command): void {
  const s2s = program.command("seq2seq").description(tr("cli.seq2seq.description"));

  s2s
    .command("train")
    .description(tr("cli.seq2seq.train.description"))
    .requiredOption("--task <name>", tr("cli.seq2seq.train.opt.task", { TASK_NAMES: TASK_NAMES.join(", ") }))
    .requiredOption(
      "--model <name>",
      tr("cli.seq2seq.train.opt.model", { MODEL_NAMES: MODEL_NAMES.join(", ") }),
    )
    .requiredOption("--out <dir>", tr("cli.seq2seq.train.opt.out"))
    .option("--steps <n>", tr("cli.seq2seq.train.opt.steps"), numberArg("--steps", "positive integer"))
    .option("--dim <n>", tr("cli.seq2seq.train.opt.dim"), numberArg("--dim", "positive integer"), DEFAULT_DIM)
    .option("--seed <n>", tr("cli.seq2seq.train.opt.seed"), numberArg("--seed", "whole number"), 1)
    .option("--attention <kind>", tr("cli.seq2seq.train.opt.attention"))
    .option("--batch <n>", tr("cli.seq2seq.train.opt.batch"), numberArg("--batch", "positive integer"), 32)
    .option("--lr <x>", tr("cli.seq2seq.train.opt.lr"), numberArg("--lr"), 3e-3)
    .action((flags: TrainFlags) => {
      const task = taskByName(flags.task);
      const steps = flags.steps ?? DEFAULT_STEPS[task.name];
      const { model, meta, evaluation } = trainWithProgress(task, flags.model, {
        ...flags,
        steps,
        attention: attentionFlag(flags.attention),
      });
      saveSeq2Seq(flags.out, meta, model);
      const t = meta.trained;
      process.stdout.write(
        `${tr("cli.seq2seq.trained", {
          model: flags.model,
          task: task.name,
          steps,
          seconds: t?.seconds.toFixed(0),
          loss: t?.loss.toFixed(3),
          accuracy: pc.bold(percent(evaluation.accuracy)),
        })}\n`,
      );
      for (const m of evaluation.mistakes.slice(0, 3))
        process.stdout.write(
          pc.dim(
            `${tr("cli.seq2seq.mistake", {
              source: JSON.stringify(m.source),
              output: JSON.stringify(m.output),
              target: JSON.stringify(m.target),
            })}\n`,
          ),
        );
      process.stdout.write(
        `${tr("cli.seq2seq.saved", { out: flags.out, sample: JSON.stringify(task.samples[0]) })}\n`,
      );
    });

  s2s
    .command("translate")
    .description(tr("cli.seq2seq.translate.description"))
    .argument("<dir>", tr("cli.seq2seq.translate.arg.dir"))
    .argument("<text>", tr("cli.seq2seq.translate.arg.text"))
    .option("--show-attention", tr("cli.seq2seq.translate.opt.showAttention"))
    .option("--beam <k>", tr("cli.seq2seq.translate.opt.beam"), numberArg("--beam", "positive integer"), 1)
    .option("--json", tr("cli.seq2seq.translate.opt.json"))
    .action((dir: string, text: string, flags: { showAttention?: boolean; beam: number; json?: boolean }) => {
      if (flags.beam < 1) throw new TongguanError(tr("cli.seq2seq.beamNeedAWhole", { beam: flags.beam }));
      const { model, meta, source, target } = loadSeq2Seq(dir);
      const maxLength = taskByName(meta.task).maxTargetLength + 2;
      const r = translateOne(model, { source, target }, text, maxLength, flags.beam);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      process.stdout.write(`${r.output}\n`);
      if (flags.showAttention) printHeatmap(r);
    });

  s2s
    .command("attention")
    .description(tr("cli.seq2seq.attention.description"))
    .argument("<dir>", tr("cli.seq2seq.attention.arg.dir"))
    .argument("[inputs...]", tr("cli.seq2seq.attention.arg.inputs"))
    .action((dir: string, inputs: string[]) => {
      const { model, meta, source, target } = loadSeq2Seq(dir);
      const task = taskByName(meta.task);
      for (const text of inputs.length > 0 ? inputs : task.samples) {
        const r = translateOne(model, { source, target }, text, task.maxTargetLength + 2, 1);
        process.stdout.write(`\n${pc.bold(JSON.stringify(text))} → ${pc.bold(JSON.stringify(r.output))}\n`);
        printHeatmap(r);
      }
    });

  s2s
    .command("compare")
    .description(tr("cli.seq2seq.compare.description"))
    .argument("[dirs...]", tr("cli.seq2seq.compare.arg.dirs"))
    .option("--task <name>", tr("cli.seq2seq.compare.opt.task"), "reverse")
    .option("--models <list>", tr("cli.seq2seq.compare.opt.models"), "lstm,lstm-attention")
    .option("--steps <n>", tr("cli.seq2seq.compare.opt.steps"), numberArg("--steps", "positive integer"))
    .option(
      "--dim <n>",
      tr("cli.seq2seq.compare.opt.dim"),
      numberArg("--dim", "positive integer"),
      DEFAULT_DIM,
    )
    .option("--seed <n>", tr("cli.seq2seq.compare.opt.seed"), numberArg("--seed", "whole number"), 1)
    .option("--count <n>", tr("cli.seq2seq.compare.opt.count"), numberArg("--count", "positive integer"), 400)
    .option("--out <dir>", tr("cli.seq2seq.compare.opt.out"))
    .action(
      (
        dirs: string[],
        flags: {
          task: string;
          models: string;
          steps?: number;
          dim: number;
          seed: number;
          count: number;
          out?: string;
        },
      ) => {
        const names: string[] = [];
        const models: Seq2SeqModel[] = [];
        let task = taskByName(flags.task);
        if (dirs.length > 0) {
          for (const d of dirs) {
            const loaded = loadSeq2Seq(d);
            if (names.length > 0 && loaded.meta.task !== task.name)
              throw new TongguanError(
                tr("cli.seq2seq.trainedOnTheOthers", { d, task: loaded.meta.task, taskName: task.name }),
              );
            task = taskByName(loaded.meta.task);
            names.push(`${loaded.meta.model} (${d})`);
            models.push(loaded.model);
          }
        } else {
          for (const m of flags.models.split(",").map((x) => x.trim())) {
            const steps = flags.steps ?? DEFAULT_STEPS[task.name];
            const r = trainWithProgress(task, m, {
              steps,
              dim: flags.dim,
              seed: flags.seed,
              batch: 32,
              lr: 3e-3,
            });
            if (flags.out) saveSeq2Seq(join(flags.out, m), r.meta, r.model);
            if (flags.out) saveSeq2Seq(join(flags.out, m), r.meta, r.model);
            names.push(m);
            models.push(r.model);
          }
        }
        const rng = new Pcg32(flags.seed + 2);
        const examples = Array.from({ length: flags.count }, () => sample(task, rng, "test"));
        const v = vocabsOf(task);
        const evals = models.map((m) => evaluate(m, task, v, { examples }));
        process.stdout.write(tr("cli.seq2seq.accuracyByLength", { count: flags.count, task: task.name }));
        process.stdout.write(`${lengthTable(names, evals).join("\n")}\n`);
        process.stdout.write(
          `${padEndWidth(tr("cli.seq2seq.all"), 8)}${evals
            .map((e, i) =>
              percent(e.accuracy)
                .padStart(6)
                .padEnd(Math.max(16, names[i].length + 2)),
            )
            .join("")}\n`,
        );
      },
    );
}

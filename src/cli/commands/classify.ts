/**
 * `tongguan classify MODEL TEXT [--json]` — a sequence-classification checkpoint
 * (BertForSequenceClassification: BERT, its pooler, then `classifier`) → every label with its
 * probability, most likely first. Labels come from config.json's id2label.
 *
 *   tongguan classify ./bert-sst2 "a gorgeous, witty film"
 *     POSITIVE  0.9987
 *     NEGATIVE  0.0013
 */
import type { Command } from "commander";
import { resolveModelPath } from "../../hub/index.ts";
import { displayWidth, padEndWidth } from "../../messages/display-width.ts";
import { t } from "../../messages/index.ts";
import { loadEncoder } from "../../models/index.ts";
import { idsFromInput } from "./embed.ts";
import { parseNumerics } from "./logits.ts";

interface ClassifyFlags {
  ids?: string;
  tokenizer?: string;
  json?: boolean;
  numerics: string;
}

export function register(program: Command): void {
  program
    .command("classify")
    .description(t("cli.classify.description"))
    .argument("<model>", t("cli.classify.arg.model"))
    .argument("[text...]", t("cli.classify.arg.text"))
    .option("--ids <ids>", t("cli.classify.opt.ids"))
    .option("--tokenizer <path>", t("cli.classify.opt.tokenizer"))
    .option("--json", t("cli.classify.opt.json"))
    .option("--numerics <kind>", t("cli.classify.opt.numerics"), "plain")
    .action(async (model: string, words: string[], flags: ClassifyFlags) => classify(model, words, flags));
}

async function classify(modelArg: string, words: string[], flags: ClassifyFlags): Promise<void> {
  const modelPath = await resolveModelPath(modelArg);
  const model = await loadEncoder(modelPath, { numerics: parseNumerics(flags.numerics) });
  const ids = await idsFromInput(modelPath, words, flags.ids, flags.tokenizer);
  const labels = model.classify(ids).sort((a, b) => b.probability - a.probability);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ labels })}\n`);
    return;
  }
  const width = Math.max(...labels.map((l) => displayWidth(l.label)));
  for (const l of labels)
    process.stdout.write(`${padEndWidth(l.label, width)}  ${l.probability.toFixed(4)}\n`);
}

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
    .description(
      "labels and probabilities from a sequence-classification model (BertForSequenceClassification)",
    )
    .argument("<model>", "a model folder or hub id (ORG/NAME)")
    .argument("[text...]", "the text to classify (or give --ids)")
    .option("--ids <ids>", "token ids, comma separated, instead of text")
    .option("--tokenizer <path>", "the tokenizer (default: the model's own)")
    .option("--json", 'print {"labels": [{"label": …, "probability": …}, …]}')
    .option("--numerics <kind>", "plain, or llama.cpp to reproduce llama.cpp's CPU rounding", "plain")
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
  const width = Math.max(...labels.map((l) => l.label.length));
  for (const l of labels) process.stdout.write(`${l.label.padEnd(width)}  ${l.probability.toFixed(4)}\n`);
}

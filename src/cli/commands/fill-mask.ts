/**
 * `tongguan fill-mask MODEL "The capital of France is [MASK]." [--top 5] [--json]` — BERT's
 * pre-training task: the most likely tokens at each [MASK], with their probabilities (softmax of
 * the masked-LM head's logits at that position).
 *
 *   [MASK] 1:  paris 0.4213   lyon 0.0311   …
 */
import type { Command } from "commander";
import { TongguanError } from "../../errors.ts";
import { softmax } from "../../generation/distribution.ts";
import { resolveModelPath } from "../../hub/index.ts";
import { padEndWidth } from "../../messages/display-width.ts";
import { t as tr } from "../../messages/index.ts";
import { loadEncoder } from "../../models/index.ts";
import { loadTokenizer } from "../../tokenizers/index.ts";
import { numberArg } from "../flags.ts";
import { tokenText } from "../views/generation-view.ts";
import { bar } from "../views/heatmap.ts";

interface FillMaskFlags {
  top?: number;
  tokenizer?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("fill-mask")
    .description(tr("cli.fillMask.description"))
    .argument("<model>", tr("cli.fillMask.arg.model"))
    .argument("<text>", tr("cli.fillMask.arg.text"))
    .option("--top <k>", tr("cli.fillMask.opt.top"), numberArg("--top", true))
    .option("--tokenizer <path>", tr("cli.fillMask.opt.tokenizer"))
    .option("--json", tr("cli.fillMask.opt.json"))
    .action(async (model: string, text: string, flags: FillMaskFlags) => fillMask(model, text, flags));
}

async function fillMask(modelArg: string, text: string, flags: FillMaskFlags): Promise<void> {
  const top = flags.top ?? 5;
  if (top < 1) throw new TongguanError(tr("cli.fillMask.topIsNotA", { top }));
  const path = await resolveModelPath(modelArg);
  const tokenizer = await loadTokenizer(flags.tokenizer ?? path);
  const maskToken = ["[MASK]", "<mask>"].find((t) => tokenizer.tokenToId(t) !== undefined);
  if (maskToken === undefined) throw new TongguanError(tr("cli.fillMask.theTokenizerHasNo", { modelArg }));
  const maskId = tokenizer.tokenToId(maskToken)!;
  const ids = tokenizer.encode(text, { addSpecialTokens: true }).ids;
  const positions = ids.flatMap((id, i) => (id === maskId ? [i] : []));
  if (positions.length === 0) throw new TongguanError(tr("cli.fillMask.textItHasNo", { maskToken }));
  const model = await loadEncoder(path);
  const logits = model.fillMask(ids);
  const V = model.vocabSize;
  const masks = positions.map((position) => {
    const p = softmax(logits.subarray(position * V, (position + 1) * V));
    const order = Array.from(p.keys())
      .sort((a, b) => p[b] - p[a] || a - b)
      .slice(0, top);
    return { position, fillers: order.map((id) => ({ id, token: tokenText(tokenizer, id), p: p[id] })) };
  });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ids, masks })}\n`);
    return;
  }
  const out: string[] = [];
  masks.forEach((m, k) => {
    out.push(`${maskToken} ${k + 1} (token ${m.position}):`);
    for (const f of m.fillers) out.push(`  ${padEndWidth(f.token, 14)} ${f.p.toFixed(4)} ${bar(f.p, 1, 30)}`);
  });
  process.stdout.write(`${out.join("\n")}\n`);
}

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
    .description("BERT's masked-language-model guess for each [MASK] in a text, with probabilities")
    .argument("<model>", "a BERT folder with its masked-LM head (BertForMaskedLM), or a hub id")
    .argument("<text>", 'a text with one or more [MASK], e.g. "The capital of France is [MASK]."')
    .option("--top <k>", "fillers to list per mask (default 5)", numberArg("--top", true))
    .option("--tokenizer <path>", "the tokenizer (default: the model's own)")
    .option("--json", 'print {"masks": [{"position", "fillers": [{"id", "token", "p"}]}]}')
    .action(async (model: string, text: string, flags: FillMaskFlags) => fillMask(model, text, flags));
}

async function fillMask(modelArg: string, text: string, flags: FillMaskFlags): Promise<void> {
  const top = flags.top ?? 5;
  if (top < 1) throw new TongguanError(`--top: ${top} is not a positive integer`);
  const path = await resolveModelPath(modelArg);
  const tokenizer = await loadTokenizer(flags.tokenizer ?? path);
  const maskToken = ["[MASK]", "<mask>"].find((t) => tokenizer.tokenToId(t) !== undefined);
  if (maskToken === undefined)
    throw new TongguanError(`${modelArg}: the tokenizer has no mask token ([MASK] or <mask>)`);
  const maskId = tokenizer.tokenToId(maskToken)!;
  const ids = tokenizer.encode(text, { addSpecialTokens: true }).ids;
  const positions = ids.flatMap((id, i) => (id === maskId ? [i] : []));
  if (positions.length === 0)
    throw new TongguanError(
      `text: it has no ${maskToken} to fill (e.g. "Paris is the capital of ${maskToken}.")`,
    );
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
    for (const f of m.fillers) out.push(`  ${f.token.padEnd(14)} ${f.p.toFixed(4)} ${bar(f.p, 1, 30)}`);
  });
  process.stdout.write(`${out.join("\n")}\n`);
}

/**
 * `tongguan logits MODEL ("text" | --ids 1,2,3) [--top 20] [--all-positions] [--json]` — what the model
 * predicts after a sequence: the most likely next tokens, as text, with their logits and log-probabilities.
 *
 *   tongguan logits stories260K.bin --ids 1,403 --top 5 --json
 *   {"top": [[407, 15.9, -0.3], …]}                                  [id, logit, logprob]
 *   … --all-positions --json  →  {"top": […], "positions": [[[id, logit, logprob], …], …]}  (one per position)
 *
 * MODEL is a folder, a .gguf, a llama2.c .bin or a hub id.
 */
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { TongguanError } from "../../errors.ts";
import { isLlama2cCheckpoint } from "../../generation/open-model.ts";
import { padEndWidth } from "../../messages/display-width.ts";
import { t } from "../../messages/index.ts";
import { loadCausalLM } from "../../models/index.ts";
import type { Numerics } from "../../nn/weight-ops.ts";
import { logSoftmax, topK } from "../../tensor/index.ts";
import { loadTokenizer } from "../../tokenizers/index.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";
import { localModelPath } from "../model-path.ts";
import { tokenText } from "../views/generation-view.ts";

interface LogitsFlags {
  ids?: string;
  tokenizer?: string;
  top: string;
  allPositions?: boolean;
  json?: boolean;
  numerics: string;
}

export function register(program: Command): void {
  program
    .command("logits")
    .description(t("cli.logits.description"))
    .argument("<model>", t("cli.logits.arg.model"))
    .argument("[text]", t("cli.logits.arg.text"))
    .option("--ids <ids>", t("cli.logits.opt.ids"))
    .option("--tokenizer <path>", t("cli.logits.opt.tokenizer"))
    .option("--top <k>", t("cli.logits.opt.top"), "20")
    .option("--all-positions", t("cli.logits.opt.allPositions"))
    .option("--json", t("cli.logits.opt.json"))
    .option("--numerics <kind>", t("cli.logits.opt.numerics"), "plain")
    .action(async (model: string, text: string | undefined, flags: LogitsFlags) =>
      logits(model, text, flags),
    );
}

/** "1, 2,3" → [1, 2, 3]; anything else is an error naming the option. */
export function parseIds(text: string, option = "--ids"): number[] {
  const parts = text.split(/[\s,]+/).filter((p) => p.length > 0);
  if (parts.length === 0) throw new TongguanError(t("cli.logits.noTokenIdsGiven", { option }));
  return parts.map((p) => {
    const n = Number(p);
    if (!/^\d+$/.test(p) || !Number.isSafeInteger(n))
      throw new TongguanError(t("cli.logits.isNotAToken", { option, p }));
    return n;
  });
}

export function parseNumerics(text: string): Numerics {
  if (text !== "plain" && text !== "llama.cpp") {
    throw new TongguanError(t("cli.logits.numericsIsNotOne", { text }));
  }
  return text;
}

function parseTop(text: string): number {
  const k = Number(text);
  if (!Number.isInteger(k) || k < 1) throw new TongguanError(t("cli.logits.topIsNotA", { text }));
  return k;
}

/** [id, logit, logprob] of the k best entries of one row of logits. */
function topOf(row: Float32Array, k: number): [number, number, number][] {
  const lp = logSoftmax(new Float32Array(row.length), row, 1, row.length);
  const { indices } = topK(row, k);
  return indices.map((i) => [i, row[i], lp[i]]);
}

/** The model's tokenizer, for text and token strings; undefined when there is none to find (ids only). */
async function tokenizerFor(
  modelPath: string,
  flags: LogitsFlags,
  needed: boolean,
): Promise<Tokenizer | undefined> {
  let path = flags.tokenizer;
  if (!path) path = isLlama2cCheckpoint(modelPath) ? join(dirname(modelPath), "tokenizer.bin") : modelPath;
  try {
    return await loadTokenizer(path);
  } catch (err) {
    if (needed || flags.tokenizer) throw err;
    return undefined;
  }
}

async function logits(modelArg: string, text: string | undefined, flags: LogitsFlags): Promise<void> {
  if (text !== undefined && flags.ids !== undefined) throw new TongguanError(t("cli.logits.giveEitherAText"));
  if (text === undefined && flags.ids === undefined) throw new TongguanError(t("cli.logits.giveATextOr"));
  const k = parseTop(flags.top);
  const numerics = parseNumerics(flags.numerics);
  const modelPath = await localModelPath(modelArg);
  const model = await loadCausalLM(modelPath, { numerics });
  let tokenizer = await tokenizerFor(modelPath, flags, text !== undefined);
  if (tokenizer && tokenizer.vocabSize > model.vocabSize) {
    if (text !== undefined || flags.tokenizer)
      throw new TongguanError(
        t("cli.logits.tokenizerTokensMoreThan", {
          vocabSize: tokenizer.vocabSize,
          vocabSize2: model.vocabSize,
        }),
      );
    tokenizer = undefined; // the file beside the model is not its tokenizer: ids only
  }
  const ids =
    text !== undefined ? tokenizer!.encode(text, { addSpecialTokens: true }).ids : parseIds(flags.ids!);
  if (ids.length === 0) throw new TongguanError(t("cli.logits.textItIsEmpty"));
  const str = (id: number) => (tokenizer ? tokenText(tokenizer, id) : undefined);
  const session = model.newSession({ contextLength: Math.min(model.contextLength, Math.max(ids.length, 1)) });
  const V = model.vocabSize;
  const out = session.forward(ids, { allPositions: flags.allPositions });
  const rows = flags.allPositions ? ids.length : 1;
  const positions = Array.from({ length: rows }, (_, r) => topOf(out.subarray(r * V, (r + 1) * V), k));
  const top = positions[rows - 1];
  if (flags.json) {
    const result: Record<string, unknown> = { top };
    if (tokenizer) {
      result.ids = ids;
      result.tokens = ids.map((id) => str(id));
      result.top_tokens = top.map(([id]) => str(id));
    }
    if (flags.allPositions) result.positions = positions;
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const table = (entries: [number, number, number][]) =>
    entries
      .map(
        ([id, logit, lp]) =>
          `  ${String(id).padStart(7)}  ${tokenizer ? `${padEndWidth(`"${str(id)}"`, 14)}  ` : ""}logit ${logit.toFixed(4).padStart(10)}  logprob ${lp.toFixed(4).padStart(9)}  p ${Math.exp(lp).toFixed(4)}`,
      )
      .join("\n");
  if (flags.allPositions) {
    positions.forEach((p, r) => {
      process.stdout.write(
        `${t("cli.logits.afterPosition", { position: r, id: ids[r], token: tokenizer ? ` "${str(ids[r])}"` : "" })}\n${table(p)}\n`,
      );
    });
  } else {
    const shown = tokenizer ? `: ${ids.map((id) => `[${str(id)}]`).join("")}` : "";
    process.stdout.write(
      `${t("cli.logits.nextToken", { architecture: model.architecture, count: ids.length, shown })}\n${table(top)}\n`,
    );
  }
}

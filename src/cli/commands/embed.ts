/**
 * `tongguan embed MODEL (--ids 101,7592,102 | TEXT) [--json]` — a BERT model's sentence embedding, with
 * the model's pooling (mean over the tokens, [CLS] and [SEP] included, unless the model says "cls").
 *
 *   tongguan embed tiny-bert-f32.gguf "Hello world" --json     {"embedding": [0.12, -0.53, …]}
 *
 * Text is tokenized with the model's own tokenizer, special tokens added ([CLS] … [SEP]).
 *
 * `embed MODEL --tokens "text"` (any model, GPT-2/Llama too): the row of the token-embedding table
 * each token selects — shape, first values, norm.
 */
import type { Command } from "commander";
import { TongguanError } from "../../errors.ts";
import { resolveModelPath } from "../../hub/index.ts";
import { embeddingRows } from "../../instruments/embedding-rows.ts";
import { tokenPieces } from "../../instruments/token-pieces.ts";
import { padEndWidth } from "../../messages/display-width.ts";
import { t } from "../../messages/index.ts";
import { loadEncoder } from "../../models/index.ts";
import { loadTokenizer } from "../../tokenizers/index.ts";
import { localTokenizerPath } from "../model-path.ts";
import { openForInstruments } from "../views/open-for-instruments.ts";
import { parseIds, parseNumerics } from "./logits.ts";

interface EmbedFlags {
  ids?: string;
  tokens?: boolean;
  tokenizer?: string;
  json?: boolean;
  numerics: string;
}

export function register(program: Command): void {
  program
    .command("embed")
    .description(t("cli.embed.description"))
    .argument("<model>", t("cli.embed.arg.model"))
    .argument("[text...]", t("cli.embed.arg.text"))
    .option("--ids <ids>", t("cli.embed.opt.ids"))
    .option("--tokenizer <path>", t("cli.embed.opt.tokenizer"))
    .option("--json", t("cli.embed.opt.json"))
    .option("--tokens", t("cli.embed.opt.tokens"))
    .option("--numerics <kind>", t("cli.embed.opt.numerics"), "plain")
    .action(async (model: string, words: string[], flags: EmbedFlags) => embed(model, words, flags));
}

/** Token ids from --ids or, through the model's tokenizer, from the text (special tokens added). */
export async function idsFromInput(
  modelPath: string,
  words: string[],
  ids: string | undefined,
  tokenizer?: string,
) {
  if (ids !== undefined && words.length > 0) throw new TongguanError(t("cli.embed.giveEitherIdsOr"));
  if (ids !== undefined) return parseIds(ids);
  if (words.length === 0) throw new TongguanError(t("cli.embed.giveATextTo"));
  const tok = await loadTokenizer(tokenizer ? await localTokenizerPath(tokenizer) : modelPath);
  return tok.encode(words.join(" "), { addSpecialTokens: true }).ids;
}

async function embed(modelArg: string, words: string[], flags: EmbedFlags): Promise<void> {
  if (flags.tokens) return tokenRows(modelArg, words, flags);
  const modelPath = await resolveModelPath(modelArg);
  const model = await loadEncoder(modelPath, { numerics: parseNumerics(flags.numerics) });
  const ids = await idsFromInput(modelPath, words, flags.ids, flags.tokenizer);
  const e = model.embed(ids);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ embedding: Array.from(e) })}\n`);
    return;
  }
  const norm = Math.sqrt(e.reduce((a, v) => a + v * v, 0));
  const shown = Array.from(e.subarray(0, 8), (v) => v.toFixed(4)).join(", ");
  process.stdout.write(
    `${t("cli.embed.summary", { count: ids.length, dims: e.length, pooling: model.pooling, norm: norm.toFixed(4) })}\n[${shown}${e.length > 8 ? ", …" : ""}]\n`,
  );
}

/** `--tokens`: the embedding-table rows of the text's tokens, from a causal LM or BERT. */
async function tokenRows(modelArg: string, words: string[], flags: EmbedFlags): Promise<void> {
  if (words.length === 0 && flags.ids === undefined) throw new TongguanError(t("cli.embed.tokensGiveAText"));
  const { model, tokenizer } = await openForInstruments(modelArg, flags.tokenizer);
  const ids = flags.ids !== undefined ? parseIds(flags.ids) : tokenizer.encode(words.join(" ")).ids;
  const { dim, vocab, rows } = embeddingRows(model, ids);
  const pieces = tokenPieces(tokenizer, ids);
  if (flags.json) {
    const out = rows.map((r, i) => ({ id: r.id, token: pieces[i].label, norm: r.norm, values: r.values }));
    process.stdout.write(`${JSON.stringify({ shape: [vocab, dim], tokens: out })}\n`);
    return;
  }
  const lines = [t("cli.embed.tableTitle", { architecture: model.architecture, vocab, dim })];
  rows.forEach((r, i) => {
    const label = JSON.stringify(pieces[i].label);
    const first = r.values
      .slice(0, 6)
      .map((v) => v.toFixed(4).padStart(8))
      .join(" ");
    lines.push(
      `  ${String(r.id).padStart(7)} ${padEndWidth(label, 14)} ‖row‖ ${r.norm.toFixed(4).padStart(8)}  [${first} …]`,
    );
  });
  process.stdout.write(`${lines.join("\n")}\n`);
}

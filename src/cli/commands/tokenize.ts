/**
 * `tongguan tokenize [--tokenizer PATH] [TEXT]` — see how a tokenizer cuts text.
 *
 *   tongguan tokenize --tokenizer fixtures/tokenizers/gpt2 "Hello world"   coloured tokens, ids, count
 *   echo "Hello" | tongguan tokenize --json                                {"ids":[…],"tokens":[…]}
 *   printf '"a"\n"b"\n' | tongguan tokenize --jsonl                         one object per input line
 *   tongguan tokenize --decode 15496 995                                    the text of the ids
 *   tongguan tokenize --file big.txt [--json]                               a file read as a stream: count (or ids)
 *
 * Without --tokenizer it uses tongguan's own demo tokenizer (assets/tokenizers/tongguan-demo), a
 * byte-level BPE trained with `tongguan tokenizer train` on this repository's text.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import { packageRoot } from "../../package-root.ts";
import { loadTokenizer } from "../../tokenizers/index.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";
import { addedAround, renderLabels, renderTokens } from "../../tokenizers/visualize.ts";
import { tokenizeFile } from "../views/tokenize-file.ts";
import { compareTokenizers, formatComparison, formatTrace } from "../views/tokenize-views.ts";
import { tokenizerByName } from "../views/tokenizer-names.ts";

export const DEFAULT_TOKENIZER = join(packageRoot, "assets", "tokenizers", "tongguan-demo", "tokenizer.json");

interface TokenizeFlags {
  tokenizer?: string;
  json?: boolean;
  jsonl?: boolean;
  decode?: boolean;
  addSpecial?: boolean;
  skipSpecial?: boolean;
  color?: boolean;
  compare?: string;
  trace?: boolean;
  file?: string;
}

export function register(program: Command): void {
  program
    .command("tokenize")
    .description(t("cli.tokenize.description"))
    .argument("[text...]", t("cli.tokenize.arg.text"))
    .option("-t, --tokenizer <path>", t("cli.tokenize.opt.tokenizer"))
    .option("--json", t("cli.tokenize.opt.json"))
    .option("--jsonl", t("cli.tokenize.opt.jsonl"))
    .option("--decode", t("cli.tokenize.opt.decode"))
    .option("-f, --file <path>", t("cli.tokenize.opt.file"))
    .option("--add-special", t("cli.tokenize.opt.addSpecial"))
    .option("--skip-special", t("cli.tokenize.opt.skipSpecial"))
    .option("--color", t("cli.tokenize.opt.color"))
    .option("--no-color", t("cli.tokenize.opt.noColor"))
    .option("--compare <names>", t("cli.tokenize.opt.compare"))
    .option("--trace", t("cli.tokenize.opt.trace"))
    .action(async (words: string[], flags: TokenizeFlags) => tokenize(words, flags));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function tokenize(words: string[], flags: TokenizeFlags): Promise<void> {
  const modes = [flags.json && "--json", flags.jsonl && "--jsonl", flags.decode && "--decode"].filter(
    Boolean,
  );
  if (modes.length > 1)
    throw new TongguanError(
      t("cli.tokenize.cannotBeUsedTogether", { modes: modes.join(t("cli.tokenize.and")) }),
    );
  if (flags.jsonl && words.length > 0) {
    throw new TongguanError(t("cli.tokenize.jsonlReadsStandardInput"));
  }
  if (flags.file !== undefined) {
    const other = [
      words.length > 0 && t("cli.tokenize.aTextArgument"),
      flags.jsonl && "--jsonl",
      flags.decode && "--decode",
      flags.trace && "--trace",
      flags.compare !== undefined && "--compare",
    ].filter(Boolean);
    if (other.length > 0)
      throw new TongguanError(
        t("cli.tokenize.fileCannotBeUsed", { other: other.join(t("cli.tokenize.or")) }),
      );
  }
  if (flags.compare !== undefined) return compare(words, flags);
  const tokenizer =
    flags.tokenizer === undefined
      ? await loadTokenizer(DEFAULT_TOKENIZER)
      : await tokenizerByName(flags.tokenizer, "--tokenizer");
  if (flags.file !== undefined) return tokenizeFile(tokenizer, flags.file, flags);
  if (words.length === 0 && process.stdin.isTTY) {
    process.stderr.write(`${t("cli.tokenize.readingStdin")}\n`);
  }
  const input = words.length > 0 ? words.join(" ") : await readStdin();
  const out: string[] = [];

  if (flags.trace) {
    const { traceTokenizer } = await import("../../instruments/tokenizer-trace.ts");
    const trace = traceTokenizer(tokenizer, input);
    out.push(flags.json ? `${JSON.stringify(trace)}\n` : formatTrace(trace));
  } else if (flags.decode) {
    out.push(`${tokenizer.decode(parseIds(input, tokenizer), { skipSpecialTokens: flags.skipSpecial })}\n`);
  } else if (flags.jsonl) {
    const lines = input.split("\n");
    lines.forEach((line, i) => {
      if (line.trim() === "") return;
      let text: unknown;
      try {
        text = JSON.parse(line);
      } catch {
        text = undefined;
      }
      if (typeof text !== "string") {
        throw new TongguanError(t("cli.tokenize.standardInputLineExpected", { v1: i + 1 }));
      }
      const { ids, tokens } = tokenizer.encode(text, { addSpecialTokens: flags.addSpecial });
      out.push(`${JSON.stringify({ ids, tokens })}\n`);
    });
  } else {
    const encoding = tokenizer.encode(input, { addSpecialTokens: flags.addSpecial });
    if (flags.json) {
      out.push(`${JSON.stringify({ ids: encoding.ids, tokens: encoding.tokens })}\n`);
    } else {
      // With --add-special, the text is drawn from the plain encoding and the added tokens as labels.
      const plain = flags.addSpecial ? tokenizer.encode(input) : encoding;
      const added = addedAround(plain.ids, encoding.ids);
      const color = { color: flags.color };
      const shown = added
        ? renderLabels(encoding.tokens.slice(0, added.before), color) +
          renderTokens(input, plain, color) +
          renderLabels(encoding.tokens.slice(encoding.tokens.length - added.after), color)
        : renderTokens(input, encoding, color);
      const characters = [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(input)]
        .length;
      out.push(shown.endsWith("\n") || shown === "" ? shown : `${shown}\n`);
      out.push(`\nids: [${encoding.ids.join(", ")}]\n`);
      out.push(`${t("cli.tokenize.counts", { tokens: encoding.ids.length, characters })}\n`);
    }
  }
  process.stdout.write(out.join(""));
}

/** `--compare a,b,c TEXT`: one row of chips per tokenizer. */
async function compare(words: string[], flags: TokenizeFlags): Promise<void> {
  const names = (flags.compare ?? "")
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  if (names.length === 0) throw new TongguanError(t("cli.tokenize.compareGiveTokenizerNames"));
  if (flags.tokenizer !== undefined) throw new TongguanError(t("cli.tokenize.compareAndTokenizerCannot"));
  const text = words.length > 0 ? words.join(" ") : await readStdin();
  const named: [string, Tokenizer][] = [];
  for (const n of names) named.push([n, await tokenizerByName(n, "--compare")]);
  const rows = compareTokenizers(named, text);
  process.stdout.write(
    flags.json ? `${JSON.stringify({ text, tokenizers: rows })}\n` : formatComparison(rows, text),
  );
}

/**
 * Token ids as the user typed them: "15496 995", "15496,995" or "[15496, 995]".
 * Each must be a whole number inside the vocabulary.
 */
export function parseIds(input: string, tokenizer: Tokenizer): number[] {
  const parts = input.split(/[\s,[\]]+/).filter((s) => s.length > 0);
  if (parts.length === 0) throw new TongguanError(t("cli.tokenize.decodeNoTokenIds"));
  return parts.map((part) => {
    if (!/^\d+$/.test(part)) throw new TongguanError(t("cli.tokenize.decodeIsNotA", { part }));
    const id = Number(part);
    if (tokenizer.idToToken(id) === undefined) {
      throw new TongguanError(t("cli.tokenize.decodeIdIsNot", { id, vocabSize: tokenizer.vocabSize }));
    }
    return id;
  });
}

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
import { packageRoot } from "../../package-root.ts";
import { loadTokenizer } from "../../tokenizers/index.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";
import { addedAround, renderLabels, renderTokens } from "../../tokenizers/visualize.ts";
import { plural } from "../plural.ts";
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
    .description("show the tokens of a text, coloured, with their ids (or decode ids back to text)")
    .argument("[text...]", "the text (default: read standard input); with --decode, the ids")
    .option(
      "-t, --tokenizer <path>",
      "tokenizer.json, a folder of Hugging Face tokenizer files, a .gguf or a llama2.c tokenizer.bin " +
        "(default: tongguan's demo BPE, assets/tokenizers/tongguan-demo)",
    )
    .option("--json", 'print one object {"ids": [...], "tokens": [...]}')
    .option("--jsonl", "read one JSON string per line from standard input, print one object per line")
    .option(
      "--decode",
      "read token ids (arguments or standard input, comma or space separated), print the text",
    )
    .option(
      "-f, --file <path>",
      "read the text from a file (- for standard input) as a stream, of any size; prints the counts, or with --json the ids and tokens",
    )
    .option("--add-special", "let the post-processor add its tokens (BOS, [CLS] … [SEP])")
    .option("--skip-special", "with --decode: leave special tokens out of the text")
    .option("--color", "colour the tokens even when the output is not a terminal")
    .option("--no-color", "no colours: tokens are separated by │")
    .option(
      "--compare <names>",
      "the text under several tokenizers side by side, comma separated: tongguan, gpt2, cl100k_base, o200k_base, qwen2, bert, llama3 (if downloaded) or paths",
    )
    .option("--trace", "show how each word is cut: BPE's merges step by step, WordPiece's longest matches")
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
  if (modes.length > 1) throw new TongguanError(`${modes.join(" and ")} cannot be used together`);
  if (flags.jsonl && words.length > 0) {
    throw new TongguanError("--jsonl reads standard input; give the text there, not as arguments");
  }
  if (flags.file !== undefined) {
    const other = [
      words.length > 0 && "a text argument",
      flags.jsonl && "--jsonl",
      flags.decode && "--decode",
      flags.trace && "--trace",
      flags.compare !== undefined && "--compare",
    ].filter(Boolean);
    if (other.length > 0) throw new TongguanError(`--file cannot be used with ${other.join(" or ")}`);
  }
  if (flags.compare !== undefined) return compare(words, flags);
  const tokenizer =
    flags.tokenizer === undefined
      ? await loadTokenizer(DEFAULT_TOKENIZER)
      : await tokenizerByName(flags.tokenizer, "--tokenizer");
  if (flags.file !== undefined) return tokenizeFile(tokenizer, flags.file, flags);
  if (words.length === 0 && process.stdin.isTTY) {
    process.stderr.write("reading from standard input; end with Ctrl-D (or give the text as an argument)\n");
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
        throw new TongguanError(
          `standard input, line ${i + 1}: expected a JSON string such as "Hello world"`,
        );
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
      out.push(`${plural(encoding.ids.length, "token")}, ${plural(characters, "character")}\n`);
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
  if (names.length === 0)
    throw new TongguanError("--compare: give tokenizer names, comma separated (e.g. gpt2,cl100k_base)");
  if (flags.tokenizer !== undefined)
    throw new TongguanError("--compare and --tokenizer cannot be used together");
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
  if (parts.length === 0)
    throw new TongguanError("--decode: no token ids given (as arguments or on standard input)");
  return parts.map((part) => {
    if (!/^\d+$/.test(part))
      throw new TongguanError(`--decode: "${part}" is not a token id (a whole number)`);
    const id = Number(part);
    if (tokenizer.idToToken(id) === undefined) {
      throw new TongguanError(`--decode: id ${id} is not in the vocabulary (${tokenizer.vocabSize} tokens)`);
    }
    return id;
  });
}

/**
 * `tokenize --compare A,B,…` (the same text under several tokenizers, one chip per token, counts)
 * and `tokenize --trace` (BPE merges / WordPiece matches word by word). Data from src/instruments/.
 */
import { basename } from "node:path";
import { tokenPieces } from "../../instruments/token-pieces.ts";
import type { TokenizerTrace } from "../../instruments/tokenizer-trace.ts";
import { displayWidth, padEndWidth } from "../../messages/display-width.ts";
import { t } from "../../messages/index.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";

/** A chip: the token's text with whitespace visible, in brackets. */
const VISIBLE: Record<string, string> = { " ": "·", "\n": "↵", "\t": "→" };
const chip = (label: string) => `[${label.replace(/<[0-9a-f ]+>|[ \n\t]/g, (m) => VISIBLE[m] ?? m)}]`;

export interface Compared {
  name: string;
  count: number;
  ids: number[];
  chips: string[];
}

export function compareTokenizers(named: [string, Tokenizer][], text: string): Compared[] {
  return named.map(([path, tok]) => {
    const name = path.includes("/") ? basename(path) : path;
    const ids = tok.encode(text).ids;
    return { name, count: ids.length, ids, chips: tokenPieces(tok, ids).map((p) => p.label) };
  });
}

export function formatComparison(rows: Compared[], text: string): string {
  const width = Math.max(...rows.map((r) => displayWidth(r.name)));
  const chars = [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].length;
  const lines = rows.map(
    (r) =>
      `${padEndWidth(r.name, width)}  ${t("cli.tokenizeViews.count", { count: String(r.count).padStart(4) })}  ${r.chips.map(chip).join("")}`,
  );
  return `${lines.join("\n")}\n${t("cli.tokenizeViews.legend", { chars })}\n`;
}

export function formatTrace(trace: TokenizerTrace): string {
  const out: string[] = [];
  const sym = (s: string) => chip(s);
  for (const w of trace.words) {
    out.push(`${chip(w.word)}`);
    if (w.kind === "bpe" && w.start && w.merges) {
      out.push(`  start   ${w.start.map(sym).join(" ")}`);
      if (w.merges.length === 0) out.push(t("cli.tokenizeViews.wholeWord"));
      for (const m of w.merges)
        out.push(
          `  merge ${String(m.rank).padStart(6)}: ${sym(m.left)} + ${sym(m.right)}  →  ${m.symbols.map(sym).join(" ")}`,
        );
    } else if (w.kind === "wordpiece" && w.wordpiece) {
      for (const s of w.wordpiece) {
        const tried =
          s.triedCount > 0
            ? t("cli.tokenizeViews.tried", {
                tried: s.tried.join(", "),
                more: s.triedCount > s.tried.length ? ", …" : "",
              })
            : "";
        out.push(t("cli.tokenizeViews.longestMatch", { piece: s.piece, tried }));
      }
    }
    out.push(`  tokens  ${w.pieces.map(sym).join(" ")}   ids ${w.ids.join(" ")}`);
  }
  return `${out.join("\n")}\n`;
}

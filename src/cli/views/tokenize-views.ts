/**
 * `tokenize --compare A,B,…` (the same text under several tokenizers, one chip per token, counts)
 * and `tokenize --trace` (BPE merges / WordPiece matches word by word). Data from src/instruments/.
 */
import { basename } from "node:path";
import { tokenPieces } from "../../instruments/token-pieces.ts";
import type { TokenizerTrace } from "../../instruments/tokenizer-trace.ts";
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
  return named.map(([path, t]) => {
    const name = path.includes("/") ? basename(path) : path;
    const ids = t.encode(text).ids;
    return { name, count: ids.length, ids, chips: tokenPieces(t, ids).map((p) => p.label) };
  });
}

export function formatComparison(rows: Compared[], text: string): string {
  const width = Math.max(...rows.map((r) => r.name.length));
  const chars = [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].length;
  const lines = rows.map(
    (r) => `${r.name.padEnd(width)}  ${String(r.count).padStart(4)} tokens  ${r.chips.map(chip).join("")}`,
  );
  return `${lines.join("\n")}\n(${chars} characters; a chip such as [<e9 80>] is a token holding only part of a character's UTF-8 bytes)\n`;
}

export function formatTrace(trace: TokenizerTrace): string {
  const out: string[] = [];
  const sym = (s: string) => chip(s);
  for (const w of trace.words) {
    out.push(`${chip(w.word)}`);
    if (w.kind === "bpe" && w.start && w.merges) {
      out.push(`  start   ${w.start.map(sym).join(" ")}`);
      if (w.merges.length === 0) out.push("  (the whole word is a token)");
      for (const m of w.merges)
        out.push(
          `  merge ${String(m.rank).padStart(6)}: ${sym(m.left)} + ${sym(m.right)}  →  ${m.symbols.map(sym).join(" ")}`,
        );
    } else if (w.kind === "wordpiece" && w.wordpiece) {
      for (const s of w.wordpiece) {
        const tried =
          s.triedCount > 0
            ? `  (tried ${s.tried.join(", ")}${s.triedCount > s.tried.length ? ", …" : ""}: not in the vocabulary)`
            : "";
        out.push(`  longest match ${s.piece}${tried}`);
      }
    }
    out.push(`  tokens  ${w.pieces.map(sym).join(" ")}   ids ${w.ids.join(" ")}`);
  }
  return `${out.join("\n")}\n`;
}

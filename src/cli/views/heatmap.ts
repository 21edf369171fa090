/**
 * Attention matrices drawn in the terminal: rows are the tokens that look (queries), columns the
 * tokens looked at (keys); the darker the cell, the more attention. Cells the causal mask hides
 * (a token cannot see later ones) are drawn as `·`, so the triangle is visible.
 *
 *             Once  upon   a   time
 *   Once      ████   ·     ·    ·
 *   upon      ▓▓    ▒▒     ·    ·
 */
import type { TokenPiece } from "../../instruments/token-pieces.ts";
import { displayWidth, padEndWidth } from "../../messages/display-width.ts";

const RAMP = [" ", "░", "▒", "▓", "█"];

/** One cell's shade for a probability in [0, 1]. */
export function shade(p: number): string {
  return RAMP[Math.min(RAMP.length - 1, Math.round(p * (RAMP.length - 1)))];
}

/** A chip's text for a label: whitespace visible, at most `width` columns. */
export function chipLabel(piece: TokenPiece | undefined, id: number, width: number): string {
  const text = (piece?.label ?? String(id)).replace(/ /g, "·").replace(/\n/g, "↵").replace(/\t/g, "→");
  if (displayWidth(text) <= width) return text;
  let cut = "";
  for (const c of text) {
    if (displayWidth(`${cut}${c}`) > width - 1) break;
    cut += c;
  }
  return `${cut}…`;
}

/** The full matrix of one head with token labels on both axes and the probabilities' shades. */
export function renderHeatmap(
  probs: number[][],
  labels: string[],
  causal: boolean,
  options: { cell?: number } = {},
): string {
  const n = probs.length;
  const cell = options.cell ?? 3;
  const labelWidth = Math.max(...labels.map((l) => displayWidth(l)), 1);
  const pad = (s: string, w: number) => padEndWidth(s, w);
  const lines: string[] = [];
  // column headers: the key tokens, written vertically would be unreadable: number them instead
  lines.push(
    `${" ".repeat(labelWidth)} │${Array.from({ length: n }, (_, j) => String(j).padStart(cell)).join("")}`,
  );
  lines.push(`${"─".repeat(labelWidth)}─┼${"─".repeat(n * cell)}`);
  for (let i = 0; i < n; i++) {
    let row = "";
    for (let j = 0; j < n; j++) {
      const masked = causal && j > i;
      row += masked ? " ".repeat(cell - 1) + "·" : " ".repeat(cell - 2) + shade(probs[i][j]).repeat(2);
    }
    lines.push(`${pad(labels[i], labelWidth)} │${row}  ${String(i)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Every head of a layer as small matrices side by side (one character a cell). */
export function renderSmallMultiples(heads: number[][][], causal: boolean, perLine = 6): string {
  const n = heads[0]?.length ?? 0;
  const width = Math.max(n, 4);
  const blocks: string[] = [];
  for (let start = 0; start < heads.length; start += perLine) {
    const group = heads.slice(start, start + perLine);
    const lines: string[] = [group.map((_, g) => `head ${start + g}`.padEnd(width)).join("  ")];
    for (let i = 0; i < n; i++)
      lines.push(
        group
          .map((h) => {
            let row = "";
            for (let j = 0; j < n; j++) row += causal && j > i ? "·" : shade(h[i][j]);
            return row.padEnd(width);
          })
          .join("  "),
      );
    blocks.push(lines.join("\n"));
  }
  return `${blocks.join("\n\n")}\n`;
}

/** A bar of `width` characters for value/max. */
export function bar(value: number, max: number, width = 20): string {
  const filled = max > 0 ? Math.round((value / max) * width) : 0;
  return "█".repeat(Math.max(0, Math.min(width, filled))).padEnd(width, " ");
}

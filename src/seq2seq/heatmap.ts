/**
 * An attention matrix as a terminal picture: one row per output token, one column per source token,
 * each cell a shade of how much weight that output step put on that source token.
 *
 *          t  h  r  e  e  …
 *   3      █  ▓  ░
 *   0                        …
 *
 * Shades: " " < 0.05 ≤ "·" < 0.15 ≤ "░" < 0.35 ≤ "▒" < 0.6 ≤ "▓" < 0.85 ≤ "█". Each cell is two
 * terminal columns wide, so CJK source characters line up with ASCII ones.
 */
const SHADES: [number, string][] = [
  [0.85, "█"],
  [0.6, "▓"],
  [0.35, "▒"],
  [0.15, "░"],
  [0.05, "·"],
];

export function shade(w: number): string {
  for (const [at, s] of SHADES) if (w >= at) return s;
  return " ";
}

/** Terminal width of one character: 2 for CJK and full-width forms, else 1. */
function width(c: string): number {
  const cp = c.codePointAt(0) ?? 0;
  return (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xff00 && cp <= 0xff60)
    ? 2
    : 1;
}

/** A cell of exactly two columns holding `text` (a space shown as "␣"). */
function cell(text: string): string {
  const t = text === " " ? "␣" : text;
  return t + " ".repeat(Math.max(0, 2 - [...t].reduce((n, c) => n + width(c), 0)));
}

/** Lines of the heatmap; `source` and `target` are display tokens, `weights[t][s]`. */
export function heatmap(source: string[], target: string[], weights: number[][]): string[] {
  const label = Math.max(4, ...target.map((t) => t.length)) + 1;
  const lines = [" ".repeat(label) + source.map(cell).join("")];
  target.forEach((t, i) => {
    const row = weights[i] ?? [];
    lines.push(t.padEnd(label) + source.map((_, j) => shade(row[j] ?? 0).repeat(2)).join(""));
  });
  return lines;
}

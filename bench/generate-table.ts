/**
 * The tables of `npm run bench:generate` as docs/benchmarks.md keeps them, and which prompt a row
 * can measure on a model.
 *
 * A table's rows are keyed by their first cells (model, format, threads, prompt …): a run merges the
 * rows it measured into the table already in the doc, so runs with `--only`, `--prompt`, `--threads`,
 * `--chat` or cut short by `--until` fill the table in step by step:
 *
 *   old:  | GPT-2 | Q8_0 | 2 | 128 | 447 | …        this run: | GPT-2 | Q8_0 | 1 | 128 | 210 | …
 *   →     | GPT-2 | Q8_0 | 2 | 128 | 447 | …  (kept)
 *         | GPT-2 | Q8_0 | 1 | 128 | 210 | …  (added)
 */

/** A line of a markdown table, and whether it holds a measurement (else it only carries a note). */
export interface TableRow {
  line: string;
  measured: boolean;
}

/** The cells of a table line, trimmed: "| a | b |" → ["a", "b"]. */
export function cells(line: string): string[] {
  return line
    .split("|")
    .slice(1, -1)
    .map((c) => c.trim());
}

/**
 * `head` (the header line and the `---` line), then the rows of the table under that header in `old`
 * (a section of the doc; none if it holds no such table) merged with `rows`: a measured row replaces
 * the old row of its key, a row without a measurement only fills a gap. Sorted by `order` (arrays of
 * numbers, compared element by element).
 */
export function mergeTable(
  old: string,
  head: string[],
  rows: TableRow[],
  key: (line: string) => string,
  order: (line: string) => number[],
): string[] {
  const byKey = new Map<string, string>();
  const at = old.indexOf(`${head[0]}\n`);
  if (at >= 0)
    for (const l of old.slice(at).split("\n").slice(2)) {
      if (!l.startsWith("| ")) break;
      byKey.set(key(l), l);
    }
  for (const r of rows) if (r.measured || !byKey.has(key(r.line))) byKey.set(key(r.line), r.line);
  const lines = [...byKey.values()].sort((x, y) => {
    const a = order(x);
    const b = order(y);
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  });
  return [...head, ...lines];
}

/**
 * The prompt a row measures when `gen` tokens are decoded after it on a model whose context holds
 * `ctx` tokens (GPT-2: 1024, so no 4096-token row; Qwen2-0.5B: 32768):
 *   prompt + gen ≤ ctx   → the prompt asked for;
 *   prompt ≤ ctx         → ctx − gen, with a note (GPT-2's "1024" row measures 896 + 128);
 *   prompt > ctx         → none: `skip` says why.
 */
export function fitPrompt(
  prompt: number,
  gen: number,
  ctx: number,
): { prompt: number; note?: string; skip?: string } {
  if (prompt + gen <= ctx) return { prompt };
  if (prompt <= ctx && ctx - gen >= 1)
    return {
      prompt: ctx - gen,
      note: `a ${prompt}-token prompt asked for: the model's context of ${ctx} tokens holds ${ctx - gen} + ${gen} decoded`,
    };
  return {
    prompt,
    skip: `a ${prompt}-token prompt + ${gen} decoded exceed the model's context of ${ctx} tokens`,
  };
}

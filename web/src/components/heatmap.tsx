/**
 * A matrix as coloured cells (SVG): rows × columns, with optional labels, each cell's value in its
 * tooltip and in `data-value` (what the end-to-end tests read). `null` cells are drawn hatched — the
 * causal mask's hidden entries.
 *
 *   <Heatmap values={table} label="PE (positions × dims)" diverging />
 *
 * Colours: `diverging` (negative blue, 0 white, positive red, scaled by the largest |value|) or
 * sequential (white → dark blue from min to max).
 */
import { useMemo, useState } from "preact/hooks";

export interface HeatmapProps {
  values: readonly (readonly (number | null)[])[];
  /** What the picture shows, for screen readers and the caption. */
  label: string;
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
  diverging?: boolean;
  /** Colour range; default the data's. */
  min?: number;
  max?: number;
  /** Cell width and height in pixels (default: to fit ~640 px wide, 4..28). */
  cell?: number;
  /** Write each value inside its cell (small matrices). */
  showValues?: boolean;
  digits?: number;
}

export function colourOf(v: number, lo: number, hi: number, diverging: boolean): string {
  if (diverging) {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    const s = Math.max(-1, Math.min(1, v / m));
    const a = Math.round(255 * (1 - Math.abs(s)));
    return s >= 0 ? `rgb(255,${a},${a})` : `rgb(${a},${a},255)`;
  }
  const s = hi > lo ? Math.max(0, Math.min(1, (v - lo) / (hi - lo))) : 0;
  const r = Math.round(255 - s * 225);
  const g = Math.round(255 - s * 160);
  const b = Math.round(255 - s * 80);
  return `rgb(${r},${g},${b})`;
}

export function Heatmap(props: HeatmapProps) {
  const { values, label, rowLabels, colLabels, diverging = false, showValues = false, digits = 2 } = props;
  const [hover, setHover] = useState<string | undefined>();
  const rows = values.length;
  const cols = rows > 0 ? values[0].length : 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const row of values)
    for (const v of row)
      if (v !== null && Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
  lo = props.min ?? lo;
  hi = props.max ?? hi;
  const cell = props.cell ?? Math.max(4, Math.min(28, Math.floor(640 / Math.max(1, cols))));
  const left = rowLabels ? 72 : 0;
  const top = colLabels ? 64 : 0;
  const width = left + cols * cell;
  const height = top + rows * cell;
  // The cells are drawn once per matrix: moving the mouse only rewrites the caption.
  const cells = useMemo(
    () => (
      <g>
        {values.map((row, r) =>
          row.map((v, c) => {
            const text = v === null ? "masked" : v.toFixed(digits + 2);
            return (
              <g key={`${r}-${c}`}>
                <rect
                  x={left + c * cell}
                  y={top + r * cell}
                  width={cell}
                  height={cell}
                  fill={v === null ? "url(#masked)" : colourOf(v, lo, hi, diverging)}
                  data-row={r}
                  data-col={c}
                  data-value={v === null ? "" : String(v)}
                >
                  <title>{`[${rowLabels?.[r] ?? r}, ${colLabels?.[c] ?? c}] ${text}`}</title>
                </rect>
                {showValues && v !== null && cell >= 24 && (
                  <text
                    x={left + c * cell + cell / 2}
                    y={top + r * cell + cell / 2 + 3}
                    text-anchor="middle"
                    class="cell-value"
                  >
                    {v.toFixed(digits)}
                  </text>
                )}
              </g>
            );
          }),
        )}
      </g>
    ),
    [values, lo, hi, diverging, cell, left, top, showValues, digits, rowLabels, colLabels],
  );
  return (
    <figure class="heatmap">
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={label}
        onMouseMove={(e) => {
          // one listener for all cells: the cell under the pointer names its row and column
          const el = e.target as Element;
          const r = el.getAttribute("data-row");
          const c = el.getAttribute("data-col");
          if (r === null || c === null) return;
          const v = values[Number(r)]?.[Number(c)];
          const text = v === null || v === undefined ? "masked" : v.toFixed(digits + 2);
          setHover(`[${rowLabels?.[Number(r)] ?? r}, ${colLabels?.[Number(c)] ?? c}] = ${text}`);
        }}
        onMouseLeave={() => setHover(undefined)}
      >
        <defs>
          <pattern id="masked" width="4" height="4" patternUnits="userSpaceOnUse">
            <rect width="4" height="4" fill="#f1f1f1" />
            <path d="M0,4 L4,0" stroke="#c8c8c8" stroke-width="1" />
          </pattern>
        </defs>
        {rowLabels?.map((l, r) => (
          <text
            key={`r${r}`}
            x={left - 4}
            y={top + r * cell + cell / 2 + 4}
            text-anchor="end"
            class="axis-label"
          >
            {l}
          </text>
        ))}
        {colLabels?.map((l, c) => (
          <text
            key={`c${c}`}
            transform={`translate(${left + c * cell + cell / 2 + 4},${top - 4}) rotate(-60)`}
            class="axis-label"
          >
            {l}
          </text>
        ))}
        {cells}
      </svg>
      <figcaption>
        {label}
        {Number.isFinite(lo) && (
          <span class="range">
            {" "}
            [{lo.toFixed(3)} … {hi.toFixed(3)}]
          </span>
        )}
        {hover && <span class="hover"> · {hover}</span>}
      </figcaption>
    </figure>
  );
}

/**
 * One or more lines over a shared x axis (SVG), with the y range written at the side (a NaN value
 * leaves its point out):
 * q·k against distance, ‖x‖ through the layers.
 *
 *   <LineChart x={[0, 1, 2]} series={[{ name: "RoPE", values: [1, 0.9, 0.7] }]} label="q·k vs distance" />
 */
export interface Series {
  name: string;
  values: readonly number[];
  colour?: string;
}

const PALETTE = ["#1f6fb2", "#d1495b", "#2e933c", "#8f5db7", "#e08e0b", "#555"];

export function LineChart({
  x,
  series,
  label,
  xLabel,
  width = 560,
  height = 220,
}: {
  x: readonly (number | string)[];
  series: readonly Series[];
  label: string;
  xLabel?: string;
  width?: number;
  height?: number;
}) {
  const pad = { left: 56, right: 12, top: 12, bottom: 32 };
  const all = series.flatMap((s) => s.values.filter(Number.isFinite));
  let lo = Math.min(0, ...all);
  let hi = Math.max(...all, lo + 1e-9);
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const n = Math.max(1, x.length - 1);
  const px = (i: number) => pad.left + (i / n) * (width - pad.left - pad.right);
  const py = (v: number) => pad.top + (1 - (v - lo) / (hi - lo)) * (height - pad.top - pad.bottom);
  return (
    <figure class="line-chart">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
        <line x1={pad.left} x2={width - pad.right} y1={py(0)} y2={py(0)} stroke="#bbb" />
        <line x1={pad.left} x2={pad.left} y1={pad.top} y2={height - pad.bottom} stroke="#bbb" />
        <text x={pad.left - 4} y={pad.top + 8} text-anchor="end" class="axis-label">
          {hi.toPrecision(3)}
        </text>
        <text x={pad.left - 4} y={height - pad.bottom} text-anchor="end" class="axis-label">
          {lo.toPrecision(3)}
        </text>
        <text x={pad.left} y={height - 8} class="axis-label">
          {String(x[0] ?? "")}
        </text>
        <text x={width - pad.right} y={height - 8} text-anchor="end" class="axis-label">
          {xLabel ? `${xLabel} ${String(x[x.length - 1] ?? "")}` : String(x[x.length - 1] ?? "")}
        </text>
        {series.map((s, k) => (
          <polyline
            key={s.name}
            fill="none"
            stroke={s.colour ?? PALETTE[k % PALETTE.length]}
            stroke-width="2"
            points={s.values
              .map((v, i) => (Number.isFinite(v) ? `${px(i).toFixed(1)},${py(v).toFixed(1)}` : ""))
              .filter((xy) => xy !== "")
              .join(" ")}
            data-series={s.name}
          />
        ))}
      </svg>
      <figcaption>
        {label}
        {series.length > 1 &&
          series.map((s, k) => (
            <span key={s.name} class="legend" style={{ color: s.colour ?? PALETTE[k % PALETTE.length] }}>
              {" "}
              ■ {s.name}
            </span>
          ))}
      </figcaption>
    </figure>
  );
}

/**
 * Labelled points on a plane (SVG), scaled to fit: the 2-D PCA of word vectors. Each point carries
 * its coordinates in `data-x`/`data-y` (what the end-to-end tests read).
 */
export interface ScatterPoint {
  label: string;
  x: number;
  y: number;
}

export function Scatter({
  points,
  label,
  size = 420,
}: {
  points: readonly ScatterPoint[];
  label: string;
  size?: number;
}) {
  const pad = 40;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const span = Math.max(x1 - x0, y1 - y0) || 1; // one scale for both axes: distances stay true
  const sx = (x: number) => pad + ((x - (x0 + x1) / 2) / span + 0.5) * (size - 2 * pad);
  const sy = (y: number) => size - pad - ((y - (y0 + y1) / 2) / span + 0.5) * (size - 2 * pad);
  return (
    <figure class="scatter">
      <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label}>
        <rect x="0.5" y="0.5" width={size - 1} height={size - 1} fill="none" stroke="#ddd" />
        {points.map((p) => (
          <g key={p.label} class="point" data-label={p.label} data-x={String(p.x)} data-y={String(p.y)}>
            <circle cx={sx(p.x)} cy={sy(p.y)} r="4" />
            <text x={sx(p.x) + 6} y={sy(p.y) - 6}>
              {p.label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

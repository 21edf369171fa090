/**
 * A 2-D scatter plot with a label at each point, as plain SVG (no chart library): what
 * `vectors project WORDS… --svg FILE` draws from the PCA coordinates.
 */

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function scatterSvg(
  labels: string[],
  points: number[][],
  options: { title?: string; xLabel?: string; yLabel?: string; width?: number; height?: number } = {},
): string {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const margin = 48;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1] ?? 0);
  const span = (v: number[]) => {
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    return hi > lo ? [lo, hi] : [lo - 1, hi + 1];
  };
  const [x0, x1] = span(xs);
  const [y0, y1] = span(ys);
  const px = (x: number) => margin + ((x - x0) / (x1 - x0)) * (width - 2 * margin);
  const py = (y: number) => height - margin - ((y - y0) / (y1 - y0)) * (height - 2 * margin);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<line x1="${margin}" y1="${height - margin}" x2="${width - margin}" y2="${height - margin}" stroke="#999"/>`,
    `<line x1="${margin}" y1="${margin}" x2="${margin}" y2="${height - margin}" stroke="#999"/>`,
  ];
  if (options.title)
    parts.push(
      `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(options.title)}</text>`,
    );
  if (options.xLabel)
    parts.push(
      `<text x="${width / 2}" y="${height - 12}" text-anchor="middle" fill="#555">${escapeXml(options.xLabel)}</text>`,
    );
  if (options.yLabel)
    parts.push(
      `<text x="16" y="${height / 2}" text-anchor="middle" fill="#555" transform="rotate(-90 16 ${height / 2})">${escapeXml(options.yLabel)}</text>`,
    );
  labels.forEach((label, i) => {
    const cx = px(xs[i]).toFixed(1);
    const cy = py(ys[i]).toFixed(1);
    parts.push(`<circle cx="${cx}" cy="${cy}" r="4" fill="#2b6cb0"/>`);
    parts.push(
      `<text x="${(Number(cx) + 7).toFixed(1)}" y="${(Number(cy) + 4).toFixed(1)}">${escapeXml(label)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

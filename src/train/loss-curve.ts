/**
 * The loss curve as a small standalone SVG: training loss per step (thin line) and validation
 * loss at each evaluation (dots joined), log-free axes labelled with steps and nats.
 */
export interface CurvePoint {
  step: number;
  loss: number;
}

export function lossCurveSvg(train: CurvePoint[], val: CurvePoint[], title = "loss"): string {
  const w = 640;
  const h = 360;
  const m = { left: 50, right: 20, top: 30, bottom: 40 };
  const all = [...train, ...val].filter((p) => Number.isFinite(p.loss));
  const maxStep = Math.max(1, ...all.map((p) => p.step));
  const lo = Math.min(...all.map((p) => p.loss), Number.POSITIVE_INFINITY);
  const hi = Math.max(...all.map((p) => p.loss), Number.NEGATIVE_INFINITY);
  const yMin = Number.isFinite(lo) ? Math.floor(lo) : 0;
  const yMax = Number.isFinite(hi) ? Math.ceil(hi) : 1;
  const x = (s: number) => m.left + ((w - m.left - m.right) * s) / maxStep;
  const y = (l: number) => h - m.bottom - ((h - m.top - m.bottom) * (l - yMin)) / Math.max(1e-9, yMax - yMin);
  const path = (pts: CurvePoint[]) =>
    pts
      .filter((p) => Number.isFinite(p.loss))
      .map((p, i) => `${i === 0 ? "M" : "L"}${x(p.step).toFixed(1)},${y(p.loss).toFixed(1)}`)
      .join(" ");
  const ticks: string[] = [];
  for (let v = yMin; v <= yMax; v += Math.max(1, Math.round((yMax - yMin) / 6)))
    ticks.push(
      `<line x1="${m.left}" x2="${w - m.right}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="${m.left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`,
    );
  for (let i = 0; i <= 4; i++) {
    const s = Math.round((maxStep * i) / 4);
    ticks.push(`<text x="${x(s)}" y="${h - m.bottom + 16}" text-anchor="middle">${s}</text>`);
  }
  const dots = val
    .map((p) => `<circle cx="${x(p.step).toFixed(1)}" cy="${y(p.loss).toFixed(1)}" r="3" fill="#d62728"/>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="11">
<rect width="${w}" height="${h}" fill="white"/>
<text x="${w / 2}" y="18" text-anchor="middle" font-size="13">${escapeXml(title)}</text>
${ticks.join("\n")}
<path d="${path(train)}" fill="none" stroke="#1f77b4" stroke-width="1"/>
<path d="${path(val)}" fill="none" stroke="#d62728" stroke-width="1.5"/>${dots}
<text x="${w / 2}" y="${h - 8}" text-anchor="middle">step</text>
<text x="14" y="${h / 2}" text-anchor="middle" transform="rotate(-90 14 ${h / 2})">cross-entropy (nats)</text>
<text x="${w - m.right}" y="${m.top}" text-anchor="end" fill="#1f77b4">train</text>
<text x="${w - m.right}" y="${m.top + 14}" text-anchor="end" fill="#d62728">validation</text>
</svg>
`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);
}

/**
 * Page 4, Positions: the sinusoidal encoding as a heatmap (positions × dimensions), RoPE as one pair
 * of entries rotating with the position, and how q·k depends on the distance for both.
 * API: /api/positions/* (src/web/routes/positions.ts, computed with src/nn's code).
 */
import { useState } from "preact/hooks";
import { api, useApi } from "../api.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { Heatmap } from "../components/heatmap.tsx";
import { LineChart } from "../components/line-chart.tsx";
import { useT } from "../i18n/index.ts";
import type { PageProps } from "./index.ts";

/** A number input that keeps its text while typed and reports whole numbers in [min, max]. */
function NumberInput(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (n: number) => void;
  testid?: string;
}) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        data-testid={props.testid}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={props.value}
        onInput={(e) => {
          const n = Number((e.target as HTMLInputElement).value);
          if (Number.isFinite(n) && n >= props.min && n <= props.max) props.onChange(n);
        }}
      />
    </label>
  );
}

export function PositionsPage({ model }: PageProps) {
  const t = useT();
  const usesRope = model.positions === "rope";
  return (
    <div class="page positions-page">
      <p class="lead">
        {usesRope
          ? t("positions.modelRope", { name: model.name, theta: model.ropeTheta, dim: model.headDim })
          : t("positions.modelLearned", { name: model.name, n: model.contextLength })}
      </p>
      <Sinusoidal defaultDim={Math.min(model.hiddenSize, 256)} />
      <RopePairs
        defaultDim={usesRope ? model.rotaryDim : 64}
        defaultTheta={usesRope ? model.ropeTheta : 10000}
        layout={usesRope && model.ropeLayout === "interleaved" ? "interleaved" : "neox"}
      />
      <Distance
        defaultDim={usesRope ? model.rotaryDim : 64}
        defaultTheta={usesRope ? model.ropeTheta : 10000}
      />
    </div>
  );
}

function Sinusoidal({ defaultDim }: { defaultDim: number }) {
  const t = useT();
  const [count, setCount] = useState(64);
  const [dim, setDim] = useState(defaultDim % 2 === 0 ? defaultDim : 128);
  const r = useApi(
    (s) => api<{ table: number[][] }>("/api/positions/sinusoidal", { count, dim }, s),
    [count, dim],
    200,
  );
  return (
    <section class="card">
      <h3>{t("positions.sinusoidal")}</h3>
      <p class="lead">{t("positions.sinusoidalHow")}</p>
      <div class="row">
        <NumberInput
          label={t("positions.count")}
          value={count}
          min={1}
          max={256}
          onChange={setCount}
          testid="pe-count"
        />
        <NumberInput
          label={t("positions.dim")}
          value={dim}
          min={2}
          max={512}
          step={2}
          onChange={(n) => setDim(n - (n % 2))}
          testid="pe-dim"
        />
      </div>
      <ErrorNote error={r.error} />
      {r.data && (
        <div data-testid="pe-heatmap" class="scroll">
          <Heatmap
            values={r.data.table}
            label={t("positions.heatmapLabel")}
            diverging
            min={-1}
            max={1}
            cell={Math.max(3, Math.min(12, Math.floor(720 / dim)))}
          />
        </div>
      )}
    </section>
  );
}

interface RopeAnswer {
  freqs: number[];
  angles: number[];
  points: [number, number][];
}

function RopePairs({
  defaultDim,
  defaultTheta,
  layout,
}: {
  defaultDim: number;
  defaultTheta: number;
  layout: string;
}) {
  const t = useT();
  const [headDim, setHeadDim] = useState(defaultDim);
  const [theta, setTheta] = useState(defaultTheta);
  const [pair, setPair] = useState(0);
  const [count, setCount] = useState(16);
  const p = Math.min(pair, headDim / 2 - 1);
  const r = useApi(
    (s) => api<RopeAnswer>("/api/positions/rope", { headDim, theta, count, pair: p, layout }, s),
    [headDim, theta, count, p, layout],
    150,
  );
  const size = 260;
  const c = size / 2;
  const radius = size / 2 - 24;
  return (
    <section class="card">
      <h3>{t("positions.rope")}</h3>
      <p class="lead">{t("positions.ropeHow")}</p>
      <div class="row">
        <NumberInput
          label={t("positions.headDim")}
          value={headDim}
          min={2}
          max={512}
          step={2}
          onChange={(n) => setHeadDim(n - (n % 2))}
        />
        <NumberInput label="θ (base)" value={theta} min={2} max={1e9} onChange={setTheta} />
        <NumberInput label={t("positions.count")} value={count} min={1} max={64} onChange={setCount} />
        <label>
          {t("positions.pair", { i: p, n: headDim / 2 })}
          <input
            type="range"
            data-testid="rope-pair"
            min={0}
            max={headDim / 2 - 1}
            value={p}
            onInput={(e) => setPair(Number((e.target as HTMLInputElement).value))}
          />
        </label>
      </div>
      <ErrorNote error={r.error} />
      {r.data && (
        <div class="columns">
          <figure>
            <svg
              width={size}
              height={size}
              role="img"
              aria-label={t("positions.ropeCircle")}
              data-testid="rope-circle"
            >
              <circle cx={c} cy={c} r={radius} fill="none" stroke="#ccc" />
              {r.data.points.map(([x, y], i) => (
                <g key={i} data-position={i} data-x={String(x)} data-y={String(y)}>
                  <line
                    x1={c}
                    y1={c}
                    x2={c + x * radius}
                    y2={c - y * radius}
                    stroke="#1f6fb2"
                    stroke-opacity={0.25}
                  />
                  <circle cx={c + x * radius} cy={c - y * radius} r={4} fill="#1f6fb2" />
                  <text
                    x={c + x * (radius + 12)}
                    y={c - y * (radius + 12) + 4}
                    text-anchor="middle"
                    class="axis-label"
                  >
                    {i}
                  </text>
                </g>
              ))}
            </svg>
            <figcaption>{t("positions.ropeCircle")}</figcaption>
          </figure>
          <table class="numbers" data-testid="rope-angles">
            <caption>{t("positions.freq", { theta: r.data.freqs[p]?.toPrecision(4) ?? "" })}</caption>
            <thead>
              <tr>
                <th>p</th>
                <th>{t("positions.angle")}</th>
                <th>(x, y)</th>
              </tr>
            </thead>
            <tbody>
              {r.data.angles.map((a, i) => (
                <tr key={i}>
                  <td>{i}</td>
                  <td>{a.toFixed(3)}</td>
                  <td>
                    ({r.data!.points[i][0].toFixed(3)}, {r.data!.points[i][1].toFixed(3)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Distance({ defaultDim, defaultTheta }: { defaultDim: number; defaultTheta: number }) {
  const t = useT();
  const [offset, setOffset] = useState(0);
  const [maxDistance, setMaxDistance] = useState(128);
  const dim = defaultDim;
  const r = useApi(
    (s) =>
      api<{ distances: number[]; sinusoidal: number[]; rope: number[] }>(
        "/api/positions/distance",
        { dim, theta: defaultTheta, maxDistance, offset },
        s,
      ),
    [dim, defaultTheta, maxDistance, offset],
    150,
  );
  return (
    <section class="card">
      <h3>{t("positions.distance")}</h3>
      <p class="lead">{t("positions.distanceHow", { dim })}</p>
      <div class="row">
        <NumberInput
          label={t("positions.offset")}
          value={offset}
          min={0}
          max={256}
          onChange={setOffset}
          testid="distance-offset"
        />
        <NumberInput
          label={t("positions.maxDistance")}
          value={maxDistance}
          min={1}
          max={256}
          onChange={setMaxDistance}
        />
      </div>
      <ErrorNote error={r.error} />
      {r.data && (
        <div class="columns" data-testid="distance-charts">
          <LineChart
            x={r.data.distances}
            series={[{ name: "PE·PE", values: r.data.sinusoidal }]}
            label={t("positions.sinDot")}
            xLabel="Δ"
            width={420}
          />
          <LineChart
            x={r.data.distances}
            series={[{ name: "RoPE q·k", values: r.data.rope, colour: "#d1495b" }]}
            label={t("positions.ropeDot")}
            xLabel="Δ"
            width={420}
          />
        </div>
      )}
    </section>
  );
}

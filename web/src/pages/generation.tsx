/**
 * Page 6, Generation: the same prompt generated greedily twice, side by side — with the KV cache
 * (prefill once, then one token a step) and without it (the whole sequence every step) — streamed
 * token by token: the text, the time of each step, the positions and bytes the cache holds.
 * Data: POST /api/generation, Server-Sent Events (src/web/routes/generation.ts).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { CacheStep, GenerationEvent, RunName } from "../../../src/web/page-answers.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { LineChart } from "../components/line-chart.tsx";
import { RunControls } from "../components/run-controls.tsx";
import { postEvents } from "../event-stream.ts";
import { useT } from "../i18n/index.ts";

interface RunState {
  text: string;
  steps: CacheStep[];
  contextLength: number;
  done?: Extract<GenerationEvent, { type: "done" }>;
}

const RUNS: RunName[] = ["cache", "nocache"];
const empty = (): Record<RunName, RunState> => ({
  cache: { text: "", steps: [], contextLength: 0 },
  nocache: { text: "", steps: [], contextLength: 0 },
});
const kib = (b: number | undefined) => (b === undefined ? "?" : (b / 1024).toFixed(1));

export function GenerationPage() {
  const t = useT();
  const [prompt, setPrompt] = useState("In the beginning");
  const [maxNewTokens, setMax] = useState(24);
  const [runs, setRuns] = useState(empty);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => controller.current?.abort(), []); // leaving the page stops the generation

  const start = async () => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setRuns(empty());
    setError(undefined);
    setRunning(true);
    try {
      await postEvents<GenerationEvent>(
        "/api/generation",
        { text: prompt, maxNewTokens },
        (e) => {
          if (e.type === "end" || e.type === "error") return;
          setRuns((all) => {
            const r = { ...all[e.run] };
            if (e.type === "start") r.contextLength = e.contextLength;
            if (e.type === "step") {
              r.text += e.text;
              if (e.step) r.steps = [...r.steps, e.step];
            }
            if (e.type === "done") r.done = e;
            return { ...all, [e.run]: r };
          });
        },
        c.signal,
      );
    } catch (err) {
      setError(err as Error);
    } finally {
      if (controller.current === c) setRunning(false);
    }
  };
  const stop = () => {
    controller.current?.abort();
    setRunning(false);
  };

  const longest = Math.max(runs.cache.steps.length, runs.nocache.steps.length);
  return (
    <div class="page generation-page">
      <p class="lead">{t("generation.lead")}</p>
      <label class="block">
        {t("generation.prompt")}
        <textarea
          rows={2}
          value={prompt}
          onInput={(e) => setPrompt((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <RunControls
        id="generation"
        countTestId="generation-max"
        countLabel={t("generation.maxNewTokens")}
        min={1}
        max={256}
        count={maxNewTokens}
        onCount={setMax}
        running={running}
        start={start}
        stop={stop}
        startLabel={t("generation.start")}
        stopLabel={t("generation.stop")}
        runningLabel={t("generation.running")}
      />
      <ErrorNote error={error} />
      <LineChart
        label={t("generation.chart")}
        xLabel={t("generation.step")}
        x={Array.from({ length: longest }, (_, i) => i)}
        series={RUNS.map((run) => ({
          name: t(run === "cache" ? "generation.cache" : "generation.nocache"),
          colour: run === "cache" ? "#1f77b4" : "#d62728",
          values: Array.from({ length: longest }, (_, i) => runs[run].steps[i]?.ms ?? Number.NaN),
        }))}
      />
      <div class="side-by-side">
        {RUNS.map((run) => {
          const r = runs[run];
          const last = r.steps.at(-1);
          const decode = r.steps.slice(1);
          const decodeMs = decode.reduce((s, x) => s + x.ms, 0);
          return (
            <div key={run} class="run" data-testid={`generation-${run}`} data-steps={r.steps.length}>
              <h3>{t(run === "cache" ? "generation.cache" : "generation.nocache")}</h3>
              <p class="generated" data-testid={`generation-text-${run}`}>
                <span class="prompt">{prompt}</span>
                {r.text}
              </p>
              {last && (
                <p class="note">
                  {t("generation.summary", {
                    prefill: r.steps[0].ms.toFixed(1),
                    decode: decode.length > 0 ? (decodeMs / decode.length).toFixed(2) : "–",
                    cached: last.cached,
                    ctx: r.contextLength,
                    kib: kib(last.bytesUsed),
                  })}
                </p>
              )}
              {run === "cache" && last && (
                <div class="cache-bar" title={t("generation.cacheBar")}>
                  <span
                    style={{ width: `${((100 * last.cached) / Math.max(1, r.contextLength)).toFixed(1)}%` }}
                  />
                </div>
              )}
              <table class="step-table">
                <thead>
                  <tr>
                    <th>{t("generation.step")}</th>
                    <th>{t("generation.ran")}</th>
                    <th>{t("generation.cached")}</th>
                    <th>KiB</th>
                    <th>ms</th>
                  </tr>
                </thead>
                <tbody>
                  {r.steps.map((s) => (
                    <tr key={s.step} data-ran={s.ran} data-cached={s.cached}>
                      <td>{s.step === 0 ? t("generation.prefill") : s.step}</td>
                      <td>{s.ran}</td>
                      <td>{s.cached}</td>
                      <td>{kib(s.bytesUsed)}</td>
                      <td>{s.ms.toFixed(2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        })}
      </div>
    </div>
  );
}

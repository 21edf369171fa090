/**
 * Page 8, Training: a tiny GPT learning live in the lab's process — the loss of every step and the
 * validation loss, and a sample at each evaluation, from gibberish to the corpus's words. Start
 * trains on the pasted text (or the shipped first chapter of Genesis); Stop, or leaving the page,
 * closes the connection and the server stops after the current step.
 * Data: POST /api/training, Server-Sent Events (src/web/routes/training.ts — the project's trainer).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { TrainingEvent } from "../../../src/web/page-answers.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { LineChart } from "../components/line-chart.tsx";
import { RunControls } from "../components/run-controls.tsx";
import { postEvents } from "../event-stream.ts";
import { useT } from "../i18n/index.ts";

type Start = Extract<TrainingEvent, { type: "start" }>;
type Done = Extract<TrainingEvent, { type: "done" }>;

export function TrainingPage() {
  const t = useT();
  const [text, setText] = useState("");
  const [steps, setSteps] = useState(300);
  const [info, setInfo] = useState<Start | undefined>();
  const [losses, setLosses] = useState<[number, number][]>([]);
  const [val, setVal] = useState<[number, number][]>([]);
  const [samples, setSamples] = useState<{ step: number; text: string }[]>([]);
  const [done, setDone] = useState<Done | undefined>();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const controller = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => controller.current?.abort(), []); // leaving the page stops the training

  const start = async () => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setInfo(undefined);
    setLosses([]);
    setVal([]);
    setSamples([]);
    setDone(undefined);
    setError(undefined);
    setRunning(true);
    try {
      await postEvents<TrainingEvent>(
        "/api/training",
        { text, steps },
        (e) => {
          if (e.type === "start") setInfo(e);
          else if (e.type === "step") setLosses((l) => [...l, [e.step, e.loss]]);
          else if (e.type === "eval") setVal((v) => [...v, [e.step, e.valLoss]]);
          else if (e.type === "sample") setSamples((s) => [{ step: e.step, text: e.text }, ...s]);
          else if (e.type === "done") setDone(e);
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
  const last = losses.at(-1);
  const valAt = new Map(val);

  return (
    <div class="page training-page">
      <p class="lead">{t("training.lead")}</p>
      <label class="block">
        {t("training.text")}
        <textarea
          rows={4}
          value={text}
          placeholder={t("training.placeholder")}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <RunControls
        id="training"
        countTestId="training-steps"
        countLabel={t("training.steps")}
        min={1}
        max={5000}
        count={steps}
        onCount={setSteps}
        running={running}
        start={start}
        stop={stop}
        startLabel={t("training.start")}
        stopLabel={t("training.stop")}
        runningLabel={t("training.running")}
      />
      <ErrorNote error={error} />
      {info && (
        <p class="note" data-testid="training-info">
          {t("training.info", {
            corpus: info.corpus === "pasted" ? t("training.pasted") : info.corpus,
            train: info.tokens.train,
            val: info.tokens.val,
            vocab: info.vocabSize,
            params: info.parameters.toLocaleString(),
            layers: info.shape.layers,
            dim: info.shape.dim,
            heads: info.shape.heads,
            ctx: info.shape.ctx,
            batch: info.shape.batch,
          })}
        </p>
      )}
      {last && (
        <p class="status" data-testid="training-status" data-step={last[0]} data-loss={last[1]}>
          {t("training.status", { step: last[0], steps: info?.steps ?? steps, loss: last[1].toFixed(3) })}
          {val.length > 0 && ` · ${t("training.val", { loss: val[val.length - 1][1].toFixed(3) })}`}
          {done && ` · ${t(done.reason === "stopped" ? "training.stopped" : "training.done")}`}
        </p>
      )}
      <LineChart
        label={t("training.chart")}
        xLabel={t("training.step")}
        x={losses.map(([step]) => step)}
        series={[
          { name: t("training.train"), colour: "#1f77b4", values: losses.map(([, loss]) => loss) },
          {
            name: t("training.validation"),
            colour: "#d62728",
            values: losses.map(([step]) => valAt.get(step) ?? Number.NaN),
          },
        ]}
      />
      <h3>{t("training.samples")}</h3>
      <ol class="samples" data-testid="training-samples">
        {samples.map((s) => (
          <li key={s.step}>
            <b>{t("training.atStep", { step: s.step })}</b> <span class="sample">{s.text}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

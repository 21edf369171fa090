/**
 * Page 3, Attention: for the text, each layer's attention as query × key heatmaps — one head large,
 * all heads as small multiples (click one to pick it), softmax probabilities or the raw scores
 * q·k/√d they come from, the causal mask hatched, and the shapes of Q, K, V.
 * Data: POST /api/attention (src/web/routes/attention.ts — the same trace as `tongguan trace`).
 */
import { useState } from "preact/hooks";
import type { AttentionView } from "../../../src/web/page-answers.ts";
import { api, useApi } from "../api.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { Heatmap } from "../components/heatmap.tsx";
import { TokenChips } from "../components/token-chips.tsx";
import { useT } from "../i18n/index.ts";

const shape = (s: readonly number[]) => `(${s.join(", ")})`;

export function AttentionPage() {
  const t = useT();
  const [text, setText] = useState("In the beginning God created the heaven and the earth.");
  const [layer, setLayer] = useState(0);
  const [head, setHead] = useState(0);
  const [raw, setRaw] = useState(false);
  const { data, error, loading } = useApi(
    (signal) => api<AttentionView>("/api/attention", { text, layer }, signal),
    [text, layer],
    250,
  );
  const labels = data?.tokens.map((p) => p.label.replace(/ /g, "·")) ?? [];
  const h = data ? Math.min(head, data.heads - 1) : 0;
  // the probabilities a causal mask hides are 0; drawn hatched like their scores (null)
  const matrix = data
    ? raw
      ? data.scores[h]
      : data.probs[h].map((row, i) => row.map((p, j) => (data.scores[h][i][j] === null ? null : p)))
    : [];
  return (
    <div class="page attention-page">
      <p class="lead">{t("attention.lead")}</p>
      <label class="block">
        {t("attention.text")}
        <textarea rows={2} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      </label>
      <div class="row">
        <label>
          {t("attention.layer")}{" "}
          <select
            data-testid="attention-layer"
            value={layer}
            onChange={(e) => setLayer(Number((e.target as HTMLSelectElement).value))}
          >
            {Array.from({ length: data?.layers ?? 1 }, (_, l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("attention.head")}{" "}
          <select
            data-testid="attention-head"
            value={h}
            onChange={(e) => setHead(Number((e.target as HTMLSelectElement).value))}
          >
            {Array.from({ length: data?.heads ?? 1 }, (_, k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label class="inline">
          <input
            type="checkbox"
            data-testid="attention-raw"
            checked={raw}
            onChange={(e) => setRaw((e.target as HTMLInputElement).checked)}
          />{" "}
          {t("attention.raw")}
        </label>
        {loading && <span class="busy">{t("attention.loading")}</span>}
      </div>
      <ErrorNote error={error} />
      {data && (
        <>
          <TokenChips pieces={data.tokens} showIds />
          <p class="shapes" data-testid="attention-shapes">
            {t("attention.shapes", {
              q: shape(data.shapes.q),
              k: shape(data.shapes.k),
              v: shape(data.shapes.v),
              scores: shape(data.shapes.scores),
            })}
            {data.kvHeads !== data.heads && ` ${t("attention.gqa", { group: data.heads / data.kvHeads })}`}
          </p>
          <p class="note">
            {data.causal ? t("attention.causal") : t("attention.bidirectional")}{" "}
            {raw ? t("attention.rawNote", { d: data.headDim }) : t("attention.probsNote")}
          </p>
          <div
            data-testid="attention-main"
            data-layer={data.layer}
            data-head={h}
            data-mode={raw ? "scores" : "probs"}
          >
            <Heatmap
              values={matrix}
              label={t("attention.caption", { layer: data.layer, head: h })}
              rowLabels={labels}
              colLabels={labels}
              diverging={raw}
              min={raw ? undefined : 0}
              max={raw ? undefined : 1}
              showValues={data.ids.length <= 12}
            />
          </div>
          <h3>{t("attention.allHeads", { layer: data.layer })}</h3>
          <div class="small-multiples">
            {data.probs.map((probs, k) => (
              <button
                type="button"
                key={k}
                class={k === h ? "multiple picked" : "multiple"}
                data-testid={`attention-head-${k}`}
                aria-pressed={k === h}
                onClick={() => setHead(k)}
              >
                <Heatmap
                  values={raw ? data.scores[k] : probs}
                  label={t("attention.headN", { head: k })}
                  diverging={raw}
                  min={raw ? undefined : 0}
                  max={raw ? undefined : 1}
                  cell={Math.max(3, Math.floor(120 / data.ids.length))}
                />
              </button>
            ))}
          </div>
        </>
      )}
    </div>
  );
}

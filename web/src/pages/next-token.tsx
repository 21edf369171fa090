/**
 * Page 5, Next token: the probabilities of the next token, and how each logits processor reshapes
 * them, in the order they run (repetition penalty → temperature → top-k → top-p → min-p): one column
 * per stage, a bar per token, 0 where the stage removed it. Step appends the picked token.
 * Data: POST /api/next-token (src/web/routes/next-token.ts — generate()'s own sampler and observer).
 */
import { useState } from "preact/hooks";
import type { NextTokenView } from "../../../src/web/page-answers.ts";
import { api, useApi } from "../api.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { TokenChips } from "../components/token-chips.tsx";
import { type MessageKey, useT } from "../i18n/index.ts";

interface Settings {
  temperature: number;
  topK: number;
  topP: number;
  minP: number;
  repetitionPenalty: number;
}

const SLIDERS: { key: keyof Settings; min: number; max: number; step: number; off: number }[] = [
  { key: "temperature", min: 0, max: 2, step: 0.05, off: 1 },
  { key: "topK", min: 0, max: 50, step: 1, off: 0 },
  { key: "topP", min: 0.05, max: 1, step: 0.01, off: 1 },
  { key: "minP", min: 0, max: 0.5, step: 0.01, off: 0 },
  { key: "repetitionPenalty", min: 1, max: 2, step: 0.05, off: 1 },
];

const visible = (label: string) => label.replace(/ /g, "·").replace(/\n/g, "↵");

export function NextTokenPage() {
  const t = useT();
  const [text, setText] = useState("And God said, Let there be");
  const [ids, setIds] = useState<number[] | undefined>();
  const [settings, setSettings] = useState<Settings>({
    temperature: 0.8,
    topK: 20,
    topP: 0.9,
    minP: 0,
    repetitionPenalty: 1,
  });
  const [seed, setSeed] = useState(1);
  const { data, error, loading } = useApi(
    (signal) =>
      api<NextTokenView>("/api/next-token", { ...(ids ? { ids } : { text }), ...settings, seed }, signal),
    [text, ids, settings, seed],
    200,
  );
  const step = () => {
    if (!data) return;
    setIds([...data.ids, data.pick.id]);
    setText(data.continued);
    setSeed((s) => s + 1);
  };
  // bars are drawn on one scale, the largest probability of any stage filling a cell
  const top = Math.max(1e-12, ...(data?.bars.flatMap((b) => b.p) ?? []));
  const set = (key: keyof Settings, value: number) => setSettings((s) => ({ ...s, [key]: value }));
  return (
    <div class="page next-token-page">
      <p class="lead">{t("next.lead")}</p>
      <label class="block">
        {t("next.text")}
        <textarea
          rows={2}
          value={text}
          onInput={(e) => {
            setIds(undefined); // typed text is tokenized again
            setText((e.target as HTMLTextAreaElement).value);
          }}
        />
      </label>
      <div class="sliders">
        {SLIDERS.map((s) => (
          <label key={s.key} class="slider">
            <span>
              {t(`next.${s.key}` as MessageKey)}: <b data-testid={`value-${s.key}`}>{settings[s.key]}</b>
              {settings[s.key] === s.off && <small> ({t("next.off")})</small>}
            </span>
            <input
              type="range"
              data-testid={`slider-${s.key}`}
              min={s.min}
              max={s.max}
              step={s.step}
              value={settings[s.key]}
              onInput={(e) => set(s.key, Number((e.target as HTMLInputElement).value))}
            />
          </label>
        ))}
      </div>
      <div class="row">
        <button type="button" data-testid="next-step" onClick={step} disabled={!data || loading}>
          {t("next.step")}
        </button>
        <button
          type="button"
          data-testid="next-redraw"
          onClick={() => setSeed((s) => s + 1)}
          disabled={!data}
        >
          {t("next.redraw")}
        </button>
        {loading && <span class="busy">{t("next.loading")}</span>}
      </div>
      <ErrorNote error={error} />
      {data && (
        <>
          <TokenChips pieces={data.tokens} />
          <p class="note" data-testid="next-count">
            {t("next.count", { n: data.ids.length, ctx: data.contextLength })}{" "}
            {settings.temperature === 0 && t("next.greedy")}
          </p>
          <table class="stage-table" data-testid="next-bars">
            <thead>
              <tr>
                <th>{t("next.token")}</th>
                {data.stages.map((s) => (
                  <th key={s.name} title={t("next.kept", { kept: s.kept, removed: s.removedCount })}>
                    {s.name}
                    <br />
                    <small>{t("next.kept", { kept: s.kept, removed: s.removedCount })}</small>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.bars.map((b) => (
                <tr key={b.id} class={b.id === data.pick.id ? "picked" : undefined}>
                  <td class="token-label" title={`id ${b.id}`}>
                    {visible(b.label)}
                    {b.id === data.pick.id && " ◀"}
                  </td>
                  {b.p.map((p, s) => (
                    <td key={data.stages[s].name} class={p === 0 ? "removed" : undefined}>
                      <div class="stage-bar" data-id={b.id} data-stage={data.stages[s].name} data-p={p}>
                        <span style={{ width: `${((p / top) * 100).toFixed(1)}%` }} />
                        <small>{p === 0 ? "—" : p.toFixed(4)}</small>
                      </div>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p class="pick" data-testid="next-pick" data-id={data.pick.id} data-p={data.pick.p}>
            {t("next.pick", { token: visible(data.pick.label), p: data.pick.p.toFixed(4) })}
            {data.seed !== undefined && ` (${t("next.seed", { seed: data.seed })})`}
          </p>
        </>
      )}
    </div>
  );
}

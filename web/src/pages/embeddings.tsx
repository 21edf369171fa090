/**
 * Page 2, Embeddings: the shipped GloVe vectors — nearest neighbours of a word, the analogy calculator
 * (king − man + woman ≈ queen), a 2-D PCA scatter of chosen words and their cosine similarities.
 * API: /api/embeddings/* (src/web/routes/embeddings.ts, KeyedVectors underneath).
 */
import { useState } from "preact/hooks";
import { api, useApi } from "../api.ts";
import { Bars } from "../components/bars.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { Heatmap } from "../components/heatmap.tsx";
import { Scatter } from "../components/scatter.tsx";
import { useT } from "../i18n/index.ts";
import type { PageProps } from "./index.ts";

type Scored = [string, number];

/** "King, queen  man" → ["king", "queen", "man"]: GloVe's words are lower case. */
export function wordsOf(text: string): string[] {
  return text
    .split(/[\s,，、]+/)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== "");
}

export function EmbeddingsPage(_props: PageProps) {
  const t = useT();
  const info = useApi(
    (s) => api<{ source: string; count: number; dim: number }>("/api/embeddings", undefined, s),
    [],
  );
  return (
    <div class="page embeddings-page">
      <p class="lead">
        {t("embeddings.lead")}{" "}
        {info.data && t("embeddings.source", { source: info.data.source, dim: info.data.dim })}
      </p>
      <ErrorNote error={info.error} />
      <div class="columns">
        <Neighbours />
        <Analogy />
      </div>
      <Projection />
    </div>
  );
}

function Neighbours() {
  const t = useT();
  const [word, setWord] = useState("king");
  const w = wordsOf(word)[0] ?? "";
  const r = useApi(
    (s) =>
      w
        ? api<{ neighbors: Scored[] }>("/api/embeddings/neighbors", { word: w, topn: 10 }, s)
        : Promise.resolve(undefined),
    [w],
    200,
  );
  return (
    <section class="card">
      <h3>{t("embeddings.neighbours")}</h3>
      <label>
        {t("embeddings.word")}
        <input
          data-testid="neighbour-word"
          value={word}
          onInput={(e) => setWord((e.target as HTMLInputElement).value)}
        />
      </label>
      <ErrorNote error={r.error} />
      {r.data && (
        <div data-testid="neighbours">
          <Bars
            items={r.data.neighbors.map(([label, value]) => ({ label, value }))}
            max={1}
            label={t("embeddings.cosine")}
          />
        </div>
      )}
    </section>
  );
}

function Analogy() {
  const t = useT();
  const [a, setA] = useState("king");
  const [b, setB] = useState("man");
  const [c, setC] = useState("woman");
  const [pa, pb, pc] = [a, b, c].map((x) => wordsOf(x)[0] ?? "");
  const r = useApi(
    (s) =>
      pa && pb && pc
        ? api<{ results: Scored[] }>(
            "/api/embeddings/analogy",
            { positive: [pa, pc], negative: [pb], topn: 8 },
            s,
          )
        : Promise.resolve(undefined),
    [pa, pb, pc],
    200,
  );
  const field = (value: string, set: (v: string) => void, label: string, id: string) => (
    <label>
      {label}
      <input
        data-testid={id}
        size={10}
        value={value}
        onInput={(e) => set((e.target as HTMLInputElement).value)}
      />
    </label>
  );
  return (
    <section class="card">
      <h3>{t("embeddings.analogy")}</h3>
      <div class="row analogy">
        {field(a, setA, "a", "analogy-a")} <span aria-hidden="true">−</span>{" "}
        {field(b, setB, "b", "analogy-b")} <span aria-hidden="true">+</span>{" "}
        {field(c, setC, "c", "analogy-c")} <span aria-hidden="true">≈</span>
        <strong data-testid="analogy-answer">{r.data?.results[0]?.[0] ?? "…"}</strong>
      </div>
      <p class="lead">{t("embeddings.analogyHow")}</p>
      <ErrorNote error={r.error} />
      {r.data && (
        <Bars
          items={r.data.results.map(([label, value], i) => ({ label, value, highlight: i === 0 }))}
          max={1}
          label={t("embeddings.score")}
        />
      )}
    </section>
  );
}

function Projection() {
  const t = useT();
  const [text, setText] = useState(
    "king, queen, man, woman, prince, princess, boy, girl, paris, france, rome, italy",
  );
  const words = [...new Set(wordsOf(text))];
  const key = words.join(" ");
  const projected = useApi(
    (s) =>
      words.length >= 2
        ? api<{ words: string[]; points: number[][]; explainedVarianceRatio: number[] }>(
            "/api/embeddings/project",
            { words },
            s,
          )
        : Promise.resolve(undefined),
    [key],
    250,
  );
  const similar = useApi(
    (s) =>
      words.length >= 2 && words.length <= 20
        ? api<{ words: string[]; matrix: number[][] }>("/api/embeddings/similarity", { words }, s)
        : Promise.resolve(undefined),
    [key],
    250,
  );
  return (
    <section class="card">
      <h3>{t("embeddings.scatter")}</h3>
      <label class="block">
        {t("embeddings.words")}
        <input
          data-testid="scatter-words"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
      </label>
      {words.length < 2 && <p class="lead">{t("embeddings.needTwo")}</p>}
      <ErrorNote error={projected.error} />
      <div class="columns">
        {projected.data && (
          <div data-testid="scatter">
            <Scatter
              points={projected.data.words.map((label, i) => ({
                label,
                x: projected.data!.points[i][0],
                y: projected.data!.points[i][1],
              }))}
              label={t("embeddings.variance", {
                a: (projected.data.explainedVarianceRatio[0] * 100).toFixed(1),
                b: (projected.data.explainedVarianceRatio[1] * 100).toFixed(1),
              })}
            />
          </div>
        )}
        {similar.data && (
          <div data-testid="similarity">
            <Heatmap
              values={similar.data.matrix}
              rowLabels={similar.data.words}
              colLabels={similar.data.words}
              label={t("embeddings.matrix")}
              min={-1}
              max={1}
              diverging
              cell={34}
              showValues
            />
          </div>
        )}
      </div>
    </section>
  );
}

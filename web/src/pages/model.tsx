/**
 * Page 7, Model: the module tree with shapes and parameter counts (what `tongguan inspect` prints),
 * the config, and the residual stream's size ‖x‖ after each layer for a text, read from the model's
 * own forward pass. API: /api/model, /api/model/residual (src/web/routes/model.ts).
 */
import { useState } from "preact/hooks";
import type { ResidualAnswer, TreeNode } from "../../../src/web/api-types.ts";
import { api, useApi } from "../api.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { Heatmap } from "../components/heatmap.tsx";
import { LineChart } from "../components/line-chart.tsx";
import { TokenChips } from "../components/token-chips.tsx";
import { useT } from "../i18n/index.ts";
import type { PageProps } from "./index.ts";

interface ModelAnswer {
  config: Record<string, unknown>;
  tree: TreeNode;
  totals: {
    parameters: number;
    bytes: number;
    byDtype: Record<string, { parameters: number; bytes: number }>;
  };
}

/** 1234567 → "1.23M", as `tongguan inspect` writes counts. */
export function count(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

function bytes(b: number): string {
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(1)} MiB`;
  if (b >= 2 ** 10) return `${(b / 2 ** 10).toFixed(1)} KiB`;
  return `${b} B`;
}

export function ModelPage({ model }: PageProps) {
  const t = useT();
  const r = useApi((s) => api<ModelAnswer>("/api/model", undefined, s), []);
  return (
    <div class="page model-page">
      <ErrorNote error={r.error} />
      {r.data && (
        <>
          <p class="lead" data-testid="model-totals" data-parameters={r.data.totals.parameters}>
            {t("model.totals", {
              name: model.name,
              arch: model.architecture,
              params: count(r.data.totals.parameters),
              exact: r.data.totals.parameters.toLocaleString("en"),
              bytes: bytes(r.data.totals.bytes),
            })}
          </p>
          <div class="columns">
            <section class="card tree" data-testid="module-tree">
              <h3>{t("model.tree")}</h3>
              <ul class="tree-root">
                <Node node={r.data.tree} />
              </ul>
            </section>
            <section class="card">
              <h3>{t("model.config")}</h3>
              <table class="numbers config" data-testid="model-config">
                <tbody>
                  {Object.entries(r.data.config)
                    .filter(([, v]) => v !== undefined && typeof v !== "object")
                    .map(([k, v]) => (
                      <tr key={k}>
                        <th scope="row">{k}</th>
                        <td>{String(v)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </section>
          </div>
        </>
      )}
      <Residual />
    </div>
  );
}

function Node({ node }: { node: TreeNode }) {
  const head = (
    <>
      {node.name && <span class="tree-name">({node.name}): </span>}
      {node.repeat && <span class="tree-repeat">{node.repeat} × </span>}
      <span class="tree-type">{node.type}</span>
      {node.args !== undefined && <span class="tree-args">({node.args})</span>}
      {node.count > 0 && (
        <span class="tree-count" data-count={node.count}>
          {" "}
          {count(node.count)}
          {node.repeat ? " ×" + node.repeat : ""}
        </span>
      )}
      {node.params.length > 0 && (
        <span class="tree-shapes">
          {" "}
          {node.params.map((p) => `${p.dtype}[${p.shape.join("×")}]${p.tied ? " (tied)" : ""}`).join(" ")}
        </span>
      )}
    </>
  );
  if (node.children.length === 0) return <li class="tree-leaf">{head}</li>;
  return (
    <li>
      <details open={!node.repeat || node.children.length < 6}>
        <summary>{head}</summary>
        <ul>
          {node.children.map((c, i) => (
            <Node key={i} node={c} />
          ))}
        </ul>
      </details>
    </li>
  );
}

function Residual() {
  const t = useT();
  const [text, setText] = useState("In the beginning God created the heaven and the earth.");
  const r = useApi(
    (s) =>
      text.trim() ? api<ResidualAnswer>("/api/model/residual", { text }, s) : Promise.resolve(undefined),
    [text],
    250,
  );
  const d = r.data;
  const layerLabels = d ? ["embed", ...d.norms.map((n) => `L${n.layer}`)] : [];
  const matrix = d ? [d.embedNorms, ...d.norms.map((n) => n.residual)] : [];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return (
    <section class="card">
      <h3>{t("model.residual")}</h3>
      <p class="lead">{t("model.residualHow")}</p>
      <label class="block">
        {t("model.text")}
        <input
          data-testid="residual-text"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
      </label>
      <ErrorNote error={r.error} />
      {d && (
        <>
          <TokenChips pieces={d.tokens} />
          <div class="columns">
            <div data-testid="residual-heatmap" class="scroll">
              <Heatmap
                values={matrix}
                rowLabels={layerLabels}
                colLabels={d.tokens.map((p) => p.label)}
                label={t("model.residualHeatmap")}
                cell={Math.max(10, Math.min(28, Math.floor(640 / Math.max(1, d.tokens.length))))}
              />
            </div>
            <LineChart
              x={layerLabels}
              series={[
                { name: "‖x‖", values: matrix.map(mean) },
                { name: "‖attn‖", values: [Number.NaN, ...d.norms.map((n) => mean(n.attention))] },
                { name: "‖ffn‖", values: [Number.NaN, ...d.norms.map((n) => mean(n.ffn))] },
              ]}
              label={t("model.residualMean")}
              width={420}
            />
          </div>
        </>
      )}
    </section>
  );
}

/**
 * Page 7, Model: the module tree (models/module-tree.ts, what `tongguan inspect` prints) with shapes
 * and parameter counts, the config, and how large the residual stream is after each layer for a text
 * (instruments/attention-trace.ts's norms, read from the model's own TensorHook).
 *
 *   GET  /api/model           → { summary, config, tree: TreeNode, totals: { parameters, bytes, byDtype } }
 *   POST /api/model/residual  { text } → { tokens, embedNorms: ‖x‖ per position after the embeddings,
 *                                          norms: [{ layer, residual, attention, ffn }] per position }
 */
import { traceAttention } from "../../instruments/attention-trace.ts";
import { type ModuleNode, moduleTree, totals } from "../../models/module-tree.ts";
import type { ResidualAnswer, TreeNode } from "../api-types.ts";
import { stringField } from "../fields.ts";
import type { LabRoute } from "../lab-route.ts";
import { encodeForModel } from "../model-text.ts";
import { modelSummary } from "./lab.ts";

/** The tree without the typed arrays its tied parameters point at; a tensor seen before is `tied`. */
export function treeJson(root: ModuleNode): TreeNode {
  const seen = new Set<object>();
  const visit = (n: ModuleNode): TreeNode => {
    const params = n.params.map((p) => {
      const tied = p.shared !== undefined && seen.has(p.shared);
      if (p.shared) seen.add(p.shared);
      return {
        shape: p.shape,
        dtype: p.dtype,
        bytes: p.bytes,
        count: p.shape.reduce((a, b) => a * b, 1),
        tied,
      };
    });
    const children = n.children.map(visit);
    const count =
      params.reduce((s, p) => s + (p.tied ? 0 : p.count), 0) +
      children.reduce((s, c) => s + c.count * (c.repeat ?? 1), 0);
    return {
      name: n.name,
      type: n.type,
      args: n.args,
      repeat: n.repeat,
      params,
      count,
      children,
    };
  };
  return visit(root);
}

export const routes: LabRoute[] = [
  {
    method: "GET",
    path: "/api/model",
    handler: (ctx) => {
      const root = moduleTree(ctx.model);
      const t = totals(root);
      return {
        summary: modelSummary(ctx),
        config: ctx.model.config,
        tree: treeJson(root),
        totals: { parameters: t.parameters, bytes: t.bytes, byDtype: Object.fromEntries(t.byDtype) },
      };
    },
  },
  {
    method: "POST",
    path: "/api/model/residual",
    handler: (ctx, req): ResidualAnswer => {
      const text = stringField(req.body, "text", { max: 4000 });
      const { ids, pieces } = encodeForModel(ctx, text);
      const trace = traceAttention(ctx.model, ids, { layers: [] });
      return { ids, tokens: pieces, embedNorms: trace.embedNorms, norms: trace.norms };
    },
  },
];

/**
 * The Attention page's data: for the text, one layer's attention of every head, as `tongguan trace`
 * computes it (captureTensors + traceFromCapture — the model that generates text, observed through
 * its TensorHook):
 *
 *   scores[h][i][j] = q_i·k_j / √d_head     (null where the causal mask hides j > i)
 *   probs[h][i]     = softmax(scores[h][i]) (the model's own attn_probs)
 *
 *   POST /api/attention  { text | ids, layer }  →  tokens, shapes, probs (heads, n, n), scores (heads, n, n)
 */
import { TongguanError } from "../../errors.ts";
import { captureTensors, traceFromCapture } from "../../instruments/index.ts";
import { t } from "../../messages/index.ts";
import type { Model } from "../../models/index.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";
import type { LabRoute } from "../lab-route.ts";
import type { AttentionView } from "../page-answers.ts";
import { asBody, numberField, requestIds } from "./lab-input.ts";

/** Tokens the page draws at most: heads × n × n cells, twice, must stay a quick answer. */
export const ATTENTION_MAX_TOKENS = 128;

export function attentionView(model: Model, tokenizer: Tokenizer, request: unknown): AttentionView {
  const body = asBody(request);
  const limit = Math.min(ATTENTION_MAX_TOKENS, model.contextLength);
  const ids = requestIds(body, tokenizer, model.vocabSize, limit);
  const layer = numberField(body, "layer", 0, { min: 0, integer: true });
  const capture = captureTensors(model, ids, (name) => name === "q" || name === "k" || name === "attn_probs");
  if (layer >= capture.layers)
    throw new TongguanError(
      t("web.routes.attention.layerIsOutsideThe", { layer, v2: capture.layers - 1, layers: capture.layers }),
    );
  const tr = traceFromCapture(model.architecture, capture, ids, { tokenizer, layers: [layer] });
  const n = ids.length;
  const a = tr.attention[0];
  return {
    architecture: tr.architecture,
    ids,
    tokens: tr.tokens ?? [],
    layers: tr.layers,
    heads: tr.heads,
    kvHeads: tr.kvHeads,
    headDim: tr.headDim,
    causal: tr.causal,
    layer,
    shapes: {
      q: [n, tr.heads, tr.headDim],
      k: [n, tr.kvHeads, tr.headDim],
      v: [n, tr.kvHeads, tr.headDim],
      scores: [tr.heads, n, n],
    },
    probs: a.probs,
    scores: a.scores,
  };
}

export const routes: LabRoute[] = [
  {
    method: "POST",
    path: "/api/attention",
    handler: (ctx, req) => attentionView(ctx.model, ctx.tokenizer, req.body),
  },
];

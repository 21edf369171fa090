/**
 * GET /api/lab — what the page shell shows and every page may need: the loaded model's name, family
 * and sizes.
 *
 *   { "model": { "name": "default-model", "architecture": "gpt2", "causal": true, "layers": 4,
 *                "heads": 4, "hiddenSize": 128, "contextLength": 64, "positions": "learned", … } }
 */
import type { LabModel } from "../api-types.ts";
import type { LabContext, LabRoute } from "../lab-route.ts";

export function modelSummary(ctx: LabContext): LabModel {
  const c = ctx.model.config;
  return {
    name: ctx.modelName,
    architecture: c.architecture,
    causal: c.causal,
    vocabSize: c.vocabSize,
    hiddenSize: c.hiddenSize,
    layers: c.numLayers,
    heads: c.numHeads,
    kvHeads: c.numKvHeads,
    headDim: c.headDim,
    contextLength: ctx.model.contextLength,
    positions: c.positions,
    ropeTheta: c.ropeTheta,
    ropeLayout: c.ropeLayout,
    rotaryDim: c.rotaryDim ?? c.headDim,
  };
}

export const routes: LabRoute[] = [
  { method: "GET", path: "/api/lab", handler: (ctx) => ({ model: modelSummary(ctx) }) },
];

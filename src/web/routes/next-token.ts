/**
 * The Next-token page's data: the distribution after the text, stage by stage through the logits
 * processors in their order (Hugging Face's: repetition penalty → temperature → top-k → top-p →
 * min-p), and the token picked — the same pipeline and observer as `tongguan run --show-probs`:
 * one step of generate() with maxNewTokens 1.
 *
 *   POST /api/next-token  { text | ids, temperature, topK, topP, minP, repetitionPenalty, seed, top }
 *   → stages   [{ name, kept, removedCount }]          "raw" first, then each active processor
 *     bars     [{ id, label, p: [p after each stage] }] the raw top tokens (and the pick)
 *     pick     { id, label, p }                         drawn from the last stage's distribution
 *
 * A bar whose p drops to 0 at a stage was removed there: that is what the sliders show.
 */
import { generate } from "../../generation/generate.ts";
import type { GenerationObserver } from "../../generation/observer.ts";
import {
  bytesLabel,
  combineObservers,
  probabilities,
  recordSampling,
  tokenBytes,
  tokenPieces,
} from "../../instruments/index.ts";
import type { Model } from "../../models/index.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";
import type { LabRoute } from "../lab-route.ts";
import type { NextTokenView } from "../page-answers.ts";
import { causalModel } from "./causal-model.ts";
import { asBody, numberField, requestIds } from "./lab-input.ts";

/** The longest text the page takes (one forward pass of the prompt per request). */
export const NEXT_TOKEN_MAX_TOKENS = 1024;

/** Keeps the whole distribution after every stage (vocab floats each), to read any token's bars. */
function stageDistributions(): { observer: GenerationObserver; stages: Float64Array[] } {
  const stages: Float64Array[] = [];
  return { observer: { stage: (_name, scores) => stages.push(probabilities(scores)) }, stages };
}

/** The `top` most likely ids of a distribution, best first (ties: lower id first). */
function topIds(p: Float64Array, top: number): number[] {
  return Array.from(p.keys())
    .sort((a, b) => p[b] - p[a] || a - b)
    .slice(0, top);
}

export async function nextTokenView(
  model: Model,
  tokenizer: Tokenizer,
  request: unknown,
): Promise<NextTokenView> {
  const lm = causalModel(model, "Next token");
  const body = asBody(request);
  const session = lm.newSession();
  try {
    const ids = requestIds(
      body,
      tokenizer,
      lm.vocabSize,
      Math.min(NEXT_TOKEN_MAX_TOKENS, session.contextLength - 1),
      "fits the model's context with room for the next token",
    );
    const top = numberField(body, "top", 12, { min: 1, max: 50, integer: true });
    const sampling = recordSampling({ top, maxRemoved: 0 });
    const dist = stageDistributions();
    const seed =
      body.seed === undefined || body.seed === null
        ? undefined
        : numberField(body, "seed", 0, { integer: true, min: 0, max: 2 ** 31 - 1 });
    const result = await generate(lm, tokenizer, ids, {
      temperature: numberField(body, "temperature", 1, { min: 0, max: 100 }),
      topK: numberField(body, "topK", 0, { min: 0, integer: true }),
      topP: numberField(body, "topP", 1, { min: 0.001, max: 1 }),
      minP: numberField(body, "minP", 0, { min: 0, max: 1 }),
      repetitionPenalty: numberField(body, "repetitionPenalty", 1, { min: 0.01, max: 100 }),
      seed,
      maxNewTokens: 1,
      stopTokens: [], // the end-of-text token is a pick like any other here
      session,
      observer: combineObservers(sampling.observer, dist.observer),
    });
    const step = sampling.steps[0];
    const label = (id: number) => bytesLabel(tokenBytes(tokenizer, id));
    const raw = topIds(dist.stages[0], top);
    const shown = raw.includes(step.pick) ? raw : [...raw, step.pick];
    return {
      ids,
      tokens: tokenPieces(tokenizer, ids),
      contextLength: session.contextLength,
      stages: step.stages.map((s) => ({ name: s.name, kept: s.kept, removedCount: s.removedCount })),
      bars: shown.map((id) => ({ id, label: label(id), p: dist.stages.map((d) => d[id]) })),
      pick: { id: step.pick, label: label(step.pick), p: step.pickProbability },
      seed: result.seed,
      continued: tokenizer.decode([...ids, step.pick]),
    };
  } finally {
    session.release();
  }
}

export const routes: LabRoute[] = [
  {
    method: "POST",
    path: "/api/next-token",
    handler: (ctx, req) => nextTokenView(ctx.model, ctx.tokenizer, req.body),
  },
];

/**
 * A page's text → the loaded model's token ids, checked: not empty, not longer than the context.
 * Every route that runs the model on a text goes through here, so the pages share one message.
 *
 *   encodeForModel(ctx, "In the beginning")  → { ids: [2047?, …], pieces: [{ id, label, … }, …] }
 */

import { type TokenPiece, tokenPieces } from "../instruments/token-pieces.ts";
import type { Model } from "../models/index.ts";
import { badField } from "../server/http-error.ts";
import type { LabContext } from "./lab-route.ts";

/** Tokens the model reads at most (its positions, or its session's context). */
export function modelContext(model: Model): number {
  return model.contextLength;
}

export function encodeForModel(
  ctx: LabContext,
  text: string,
  field = "text",
): { ids: number[]; pieces: TokenPiece[] } {
  // The post-processor's tokens (BOS, [CLS] … [SEP]) as the CLI's trace adds them.
  const ids = ctx.tokenizer.encode(text, { addSpecialTokens: true }).ids;
  if (ids.length === 0) throw badField(field, "gives no tokens");
  const limit = modelContext(ctx.model);
  if (ids.length > limit)
    throw badField(
      field,
      `is ${ids.length} tokens, more than the ${limit} the model ${ctx.modelName} reads at once; shorten it`,
    );
  return { ids, pieces: tokenPieces(ctx.tokenizer, ids) };
}

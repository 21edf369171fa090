/**
 * Page 1, Tokens: a text cut by several tokenizers side by side, and one word's BPE merges step by step.
 *
 *   GET  /api/tokenizers     → { tokenizers: [{ name, source }], model: NAME }
 *   POST /api/tokens         { text, tokenizers?: [NAME…] }
 *                            → { results: [{ name, count, ids, pieces: TokenPiece[] }] }
 *   POST /api/tokens/trace   { text, tokenizer }  → TokenizerTrace (instruments/tokenizer-trace.ts)
 *
 * ids are the tokenizer's `encode(text).ids` (no BOS/[CLS] added: the text's own tokens); pieces are
 * the instruments' chips, byte pieces as <e9 80>.
 */
import { tokenPieces } from "../../instruments/token-pieces.ts";
import { traceTokenizer } from "../../instruments/tokenizer-trace.ts";
import { stringField, stringsField } from "../fields.ts";
import type { LabRoute } from "../lab-route.ts";

/** Longest text the page sends (characters). */
export const MAX_TEXT = 20_000;
/** Longest text traced merge by merge. */
export const MAX_TRACE_TEXT = 200;

export const routes: LabRoute[] = [
  {
    method: "GET",
    path: "/api/tokenizers",
    handler: (ctx) => ({ tokenizers: ctx.tokenizers.list(), model: ctx.tokenizers.list()[0]?.name }),
  },
  {
    method: "POST",
    path: "/api/tokens",
    handler: async (ctx, req) => {
      const text = stringField(req.body, "text", { max: MAX_TEXT, allowEmpty: true });
      const names = stringsField(req.body, "tokenizers", {
        min: 1,
        max: 12,
        default: [ctx.tokenizers.list()[0].name],
      });
      const results = [];
      for (const name of names) {
        const tokenizer = await ctx.tokenizers.get(name, "tokenizers");
        const ids = tokenizer.encode(text).ids;
        results.push({ name, count: ids.length, ids, pieces: tokenPieces(tokenizer, ids) });
      }
      return { chars: [...text].length, bytes: Buffer.byteLength(text), results };
    },
  },
  {
    method: "POST",
    path: "/api/tokens/trace",
    handler: async (ctx, req) => {
      const text = stringField(req.body, "text", { max: MAX_TRACE_TEXT });
      const name = stringField(req.body, "tokenizer", { default: ctx.tokenizers.list()[0].name });
      return traceTokenizer(await ctx.tokenizers.get(name), text);
    },
  },
];

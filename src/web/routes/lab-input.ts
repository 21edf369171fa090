/**
 * Reading the fields of a lab page's request (a parsed JSON body) with one-line errors that name
 * the field: the page shows the message where the learner typed the value.
 *
 *   { "text": "In the beginning" }   → the tokenizer's ids (BOS added, as `trace` and `logits` do)
 *   { "ids": [2047, 512, 77] }       → those ids, checked against the vocabulary
 */
import { TongguanError } from "../../errors.ts";
import { t } from "../../messages/index.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";

export type Body = Record<string, unknown>;

/** A JSON body as an object (an empty body is `{}`); anything else is an error. */
export function asBody(body: unknown): Body {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body))
    throw new TongguanError(t("web.routes.labInput.requestBodyExpectedA"));
  return body as Body;
}

/** An optional number field within [min, max] (integer when asked); `fallback` when absent. */
export function numberField(
  body: Body,
  name: string,
  fallback: number,
  { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY, integer = false } = {},
): number {
  const v = body[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
    throw new TongguanError(
      t("web.routes.labInput.isNotIn", {
        name,
        v: JSON.stringify(v),
        v3: t(integer ? "web.routes.labInput.anInteger" : "web.routes.labInput.aNumber"),
        min,
        max,
      }),
    );
  return v;
}

/**
 * The token ids a request names: `ids` as given, else `text` encoded with the special tokens the
 * tokenizer adds (BOS). At most `maxTokens`, so that a page never waits on a text it cannot draw.
 */
export function requestIds(
  body: Body,
  tokenizer: Tokenizer,
  vocabSize: number,
  maxTokens: number,
  limitNote = "this page takes",
): number[] {
  let ids: number[];
  if (body.ids !== undefined && body.ids !== null) {
    if (!Array.isArray(body.ids) || body.ids.some((id) => !Number.isInteger(id) || id < 0 || id >= vocabSize))
      throw new TongguanError(t("web.routes.labInput.idsExpectedAList", { v1: vocabSize - 1 }));
    ids = body.ids as number[];
  } else {
    const text = body.text ?? "";
    if (typeof text !== "string") throw new TongguanError(t("web.routes.labInput.textExpectedAString"));
    // a text far longer than any allowed token count is refused before it is tokenized
    if (text.length > maxTokens * 64)
      throw new TongguanError(
        t("web.routes.labInput.textCharactersIsToo", { textLength: text.length, maxTokens }),
      );
    ids = tokenizer.encode(text, { addSpecialTokens: true }).ids;
  }
  if (ids.length === 0) throw new TongguanError(t("web.routes.labInput.textItIsEmpty"));
  if (ids.length > maxTokens)
    throw new TongguanError(
      t("web.routes.labInput.textTokensIsMore", { idsLength: ids.length, limitNote, maxTokens }),
    );
  return ids;
}

/**
 * Reading the fields of a lab page's request (a parsed JSON body) with one-line errors that name
 * the field: the page shows the message where the learner typed the value.
 *
 *   { "text": "In the beginning" }   → the tokenizer's ids (BOS added, as `trace` and `logits` do)
 *   { "ids": [2047, 512, 77] }       → those ids, checked against the vocabulary
 */
import { TongguanError } from "../../errors.ts";
import type { Tokenizer } from "../../tokenizers/types.ts";

export type Body = Record<string, unknown>;

/** A JSON body as an object (an empty body is `{}`); anything else is an error. */
export function asBody(body: unknown): Body {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body))
    throw new TongguanError("request body: expected a JSON object");
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
      `${name}: ${JSON.stringify(v)} is not ${integer ? "an integer" : "a number"} in [${min}, ${max}]`,
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
      throw new TongguanError(`ids: expected a list of token ids in 0..${vocabSize - 1}`);
    ids = body.ids as number[];
  } else {
    const text = body.text ?? "";
    if (typeof text !== "string") throw new TongguanError("text: expected a string");
    // a text far longer than any allowed token count is refused before it is tokenized
    if (text.length > maxTokens * 64)
      throw new TongguanError(
        `text: ${text.length} characters is too long for this page (at most ${maxTokens} tokens)`,
      );
    ids = tokenizer.encode(text, { addSpecialTokens: true }).ids;
  }
  if (ids.length === 0) throw new TongguanError("text: it is empty and the tokenizer added no tokens");
  if (ids.length > maxTokens)
    throw new TongguanError(
      `text: ${ids.length} tokens is more than ${limitNote} (at most ${maxTokens}); shorten it`,
    );
  return ids;
}

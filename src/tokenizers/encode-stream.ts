/**
 * Token ids of a text that arrives in pieces (a file read as a stream, standard input), or of one
 * too long to keep a per-token object for: window by window (chunked-encode.ts) into an Int32Array,
 * 4 bytes a token, with the ids `tokenizer.encode(wholeText).ids` would give.
 *
 *   const ids = await encodeStream(tok, createReadStream("big.txt", "utf8"));   // Int32Array
 *   const same = encodeIds(tok, readFileSync("big.txt", "utf8"));
 */
import { ChunkedEncoder, type ChunkOptions, windowTokensOf } from "./chunked-encode.ts";
import { IdBuffer } from "./id-buffer.ts";
import type { EncodeOptions, Tokenizer } from "./types.ts";

export interface StreamEncodeOptions extends EncodeOptions, ChunkOptions {
  /** Called with the ids committed so far each time more are (a view: copy it to keep it). */
  onIds?: (ids: Int32Array) => void;
}

/** The ids of `text`, as `tokenizer.encode(text, options).ids` gives them. */
export function encodeIds(tokenizer: Tokenizer, text: string, options: StreamEncodeOptions = {}): Int32Array {
  const run = start(tokenizer, options);
  run.encoder.write(text);
  return run.finish();
}

/** The ids of the text `source` yields, piece after piece (strings; no piece may end inside a character). */
export async function encodeStream(
  tokenizer: Tokenizer,
  source: AsyncIterable<string> | Iterable<string>,
  options: StreamEncodeOptions = {},
): Promise<Int32Array> {
  const run = start(tokenizer, options);
  for await (const piece of source) {
    run.encoder.write(piece);
    run.report();
  }
  return run.finish();
}

function start(tokenizer: Tokenizer, options: StreamEncodeOptions) {
  const ids = new IdBuffer();
  const around = options.addSpecialTokens ? specialAround(tokenizer) : { before: [], after: [] };
  ids.pushAll(around.before);
  const encoder = new ChunkedEncoder(
    (text) => windowTokensOf(tokenizer.encode(text, { parseSpecial: options.parseSpecial })),
    { push: (id) => ids.push(id) },
    options,
  );
  let reported = 0;
  const report = () => {
    if (options.onIds && ids.length > reported) {
      reported = ids.length;
      options.onIds(ids.view());
    }
  };
  const finish = () => {
    encoder.end();
    ids.pushAll(around.after);
    report();
    return ids.toArray();
  };
  return { encoder, report, finish };
}

/**
 * The ids the post-processor puts around any text (`[CLS]` … `[SEP]`, `<s>` …), found by encoding
 * a short text with and without them: "a" → [64] and [101, 64, 102] give [101] before, [102] after.
 */
function specialAround(tokenizer: Tokenizer): { before: number[]; after: number[] } {
  const plain = tokenizer.encode("a").ids;
  const full = tokenizer.encode("a", { addSpecialTokens: true }).ids;
  for (let k = 0; k + plain.length <= full.length; k++) {
    if (plain.every((id, i) => full[k + i] === id))
      return { before: full.slice(0, k), after: full.slice(k + plain.length) };
  }
  return { before: [], after: [] };
}

/**
 * A training corpus: a UTF-8 text file turned into one long stream of token ids, split into a
 * training part and a held-out tail for validation (the tail is text the model never trains on, so
 * its loss says whether the model learned the language or memorised the lines).
 */
import { readFileSync, statSync } from "node:fs";
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import type { Random } from "./random.ts";

/** Reads a corpus file, refusing what cannot be one: missing, empty, binary, not UTF-8. */
export function readCorpusText(path: string): string {
  let bytes: Buffer;
  try {
    if (!statSync(path).isFile()) throw new TongguanError(t("train.corpus.corpusNotAFile", { path }));
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof TongguanError) throw e;
    throw new TongguanError(
      t("train.corpus.corpus", {
        path,
        v2: (e as NodeJS.ErrnoException).code === "ENOENT" ? t("train.noSuchFile") : (e as Error).message,
      }),
    );
  }
  if (bytes.length === 0 || bytes.toString("utf8").trim() === "")
    throw new TongguanError(t("train.corpus.corpusTheFileIs", { path }));
  if (bytes.includes(0)) throw new TongguanError(t("train.corpus.corpusBinaryDataA", { path }));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new TongguanError(t("train.corpus.corpusNotUtfText", { path }));
  }
  return text;
}

export interface TokenStream {
  train: Int32Array;
  val: Int32Array;
}

/**
 * Splits ids into training ids and a validation tail of `valFraction` (at least one window of
 * ctx + 1 ids). Refuses a corpus too small for one batch of `batch` windows.
 */
export function splitTokens(
  ids: Int32Array,
  ctx: number,
  batch: number,
  valFraction: number,
  source: string,
): TokenStream {
  const window = ctx + 1;
  const valLength = Math.max(window, Math.floor(ids.length * valFraction));
  const trainLength = ids.length - valLength;
  if (trainLength < window * batch) throw tooSmall(source, `${ids.length} tokens`, batch, ctx);
  return { train: ids.subarray(0, trainLength), val: ids.subarray(trainLength) };
}

/**
 * A corpus of `bytes` bytes cannot make more tokens than bytes (byte-level BPE): when even that is
 * less than one batch and a validation window, refuse before training a tokenizer on it.
 */
export function checkCorpusBytes(bytes: number, ctx: number, batch: number, source: string): void {
  if (bytes < (batch + 1) * (ctx + 1)) throw tooSmall(source, `${bytes} bytes`, batch, ctx);
}

function tooSmall(source: string, size: string, batch: number, ctx: number): TongguanError {
  return new TongguanError(t("train.corpus.corpusIsTooSmall", { source, size, batch, v4: ctx + 1 }));
}

/** `batch` random windows of ctx + 1 ids: inputs are the first ctx, targets the last ctx. */
export function randomBatch(ids: Int32Array, ctx: number, batch: number, rng: Random) {
  const inputs = new Int32Array(batch * ctx);
  const targets = new Int32Array(batch * ctx);
  for (let b = 0; b < batch; b++) {
    const start = rng.int(ids.length - ctx);
    inputs.set(ids.subarray(start, start + ctx), b * ctx);
    targets.set(ids.subarray(start + 1, start + ctx + 1), b * ctx);
  }
  return { inputs, targets, batch, steps: ctx };
}

/** Up to `count` evenly spaced windows over `ids` (the same ones every evaluation). */
export function evalBatches(ids: Int32Array, ctx: number, batch: number, count: number) {
  const windows = Math.max(1, Math.min(count * batch, Math.floor((ids.length - 1) / ctx)));
  const stride = Math.max(1, Math.floor((ids.length - ctx - 1) / Math.max(1, windows - 1)));
  const starts: number[] = [];
  for (let w = 0; w < windows; w++) starts.push(Math.min(w * stride, ids.length - ctx - 1));
  const out = [];
  for (let i = 0; i < starts.length; i += batch) {
    const group = starts.slice(i, i + batch);
    const inputs = new Int32Array(group.length * ctx);
    const targets = new Int32Array(group.length * ctx);
    group.forEach((s, b) => {
      inputs.set(ids.subarray(s, s + ctx), b * ctx);
      targets.set(ids.subarray(s + 1, s + ctx + 1), b * ctx);
    });
    out.push({ inputs, targets, batch: group.length, steps: ctx });
  }
  return out;
}

/**
 * Running a model once with the `TensorHook` listening, and keeping copies of what it reports.
 *
 * The hook hands out views of scratch buffers, and a long prompt runs in chunks of PREFILL_CHUNK
 * tokens (each chunk reports its own rows). `captureTensors` copies every event and joins the chunks,
 * so each named tensor comes back whole:
 *
 *   q, k, attn_norm, ffn_out, l_out, …   (n, width)       rows of all n tokens
 *   attn_probs                            (heads, n, n)    row i: how token i spreads its attention;
 *                                                          0 where the causal mask hides j > i
 */
import { TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";
import { DecoderLM } from "../models/decoder.ts";
import type { Model } from "../models/index.ts";
import type { TensorEvent } from "../nn/hooks.ts";

/** One captured tensor, as plain numbers (JSON-able). */
export interface CapturedTensor {
  name: string;
  /** Layer index, or -1 outside the layers (embed, result_norm, logits). */
  layer: number;
  shape: number[];
  /** Row-major values (Float32 precision). */
  data: Float32Array;
}

/** The key of a tensor in a capture: "q@3", "embed@-1". */
export const tensorKey = (name: string, layer: number): string => `${name}@${layer}`;

export interface Capture {
  /** Every tensor the model reported, in the order of first report. */
  tensors: Map<string, CapturedTensor>;
  /** The distinct names reported (for messages: "this model names: …"). */
  names: string[];
  /** Number of layers (the largest layer index + 1). */
  layers: number;
  /** Whether a token may attend to later tokens (BERT) or not (decoders). */
  causal: boolean;
}

/** Runs `ids` through a fresh session (or BERT's encoder) and keeps a copy of every named tensor. */
export function captureTensors(model: Model, ids: number[], keep?: (name: string) => boolean): Capture {
  if (ids.length === 0) throw new TongguanError(tr("instruments.capture.noTokensToRun"));
  const parts = new Map<string, TensorEvent[]>();
  const hook = (e: TensorEvent) => {
    if (keep && !keep(e.name)) {
      parts.set(tensorKey(e.name, e.layer), parts.get(tensorKey(e.name, e.layer)) ?? []);
      return;
    }
    const copy = { ...e, tensor: { ...e.tensor, data: e.tensor.data.slice() } } as TensorEvent;
    const key = tensorKey(e.name, e.layer);
    const list = parts.get(key);
    if (list) list.push(copy);
    else parts.set(key, [copy]);
  };
  let causal: boolean;
  if (model instanceof DecoderLM) {
    if (ids.length > model.contextLength)
      throw new TongguanError(
        tr("instruments.capture.tokensDoNotFit", {
          idsLength: ids.length,
          contextLength: model.contextLength,
        }),
      );
    // f32 K/V: the raw scores a trace shows are then exactly the ones its probabilities come from.
    const session = model.newSession({ contextLength: ids.length, cacheTypeK: "f32", cacheTypeV: "f32" });
    try {
      session.forward(ids, { hook });
    } finally {
      session.release();
    }
    causal = true;
  } else {
    model.encode(ids, { hook });
    causal = false;
  }
  const tensors = new Map<string, CapturedTensor>();
  const names = new Set<string>();
  let layers = 0;
  for (const [key, events] of parts) {
    const [name, layerText] = key.split("@");
    const layer = Number(layerText);
    names.add(name);
    layers = Math.max(layers, layer + 1);
    if (events.length > 0) tensors.set(key, join(name, layer, events, ids.length));
  }
  return { tensors, names: [...names], layers, causal };
}

/** Joins a tensor's chunks: rows one after another, or attention rows into (heads, n, n). */
function join(name: string, layer: number, events: TensorEvent[], n: number): CapturedTensor {
  const first = events[0].tensor;
  if (events.length === 1) return { name, layer, shape: [...first.shape], data: first.data as Float32Array };
  if (first.shape.length === 3) {
    // (heads, rows, kvLen) per chunk; a chunk's rows are the last `rows` of its kvLen positions
    const heads = first.shape[0];
    const out = new Float32Array(heads * n * n);
    for (const e of events) {
      const [, rows, kvLen] = e.tensor.shape;
      const data = e.tensor.data as Float32Array;
      for (let h = 0; h < heads; h++)
        for (let r = 0; r < rows; r++) {
          const i = kvLen - rows + r;
          out.set(data.subarray((h * rows + r) * kvLen, (h * rows + r + 1) * kvLen), (h * n + i) * n);
        }
    }
    return { name, layer, shape: [heads, n, n], data: out };
  }
  const width = first.shape[1];
  const total = events.reduce((s, e) => s + e.tensor.shape[0], 0);
  const out = new Float32Array(total * width);
  let at = 0;
  for (const e of events) {
    out.set(e.tensor.data as Float32Array, at);
    at += e.tensor.data.length;
  }
  return { name, layer, shape: [total, width], data: out };
}

/** One tensor of a capture, or a one-line error naming `option` and the names the model has. */
export function pickTensor(
  capture: Capture,
  name: string,
  layer: number | undefined,
  option = "--tensor",
): CapturedTensor {
  if (!capture.names.includes(name))
    throw new TongguanError(
      tr("instruments.capture.thisModelNamesNo", { option, name, names: capture.names.join(", ") }),
    );
  const candidates = [...capture.tensors.values()].filter((t) => t.name === name);
  if (layer === undefined) {
    if (candidates.length === 1) return candidates[0];
    layer = 0;
  }
  const t = capture.tensors.get(tensorKey(name, layer));
  if (!t) {
    const layers = candidates.map((c) => c.layer);
    throw new TongguanError(
      tr("instruments.capture.layerTensorHasNo", { name, layer, layers: layers.join(", ") }),
    );
  }
  return t;
}

/** A captured tensor as nested arrays of numbers, for JSON. */
export function toNested(t: Pick<CapturedTensor, "shape" | "data">): unknown {
  const build = (dim: number, offset: number): unknown => {
    const size = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    if (dim === t.shape.length - 1) return Array.from(t.data.subarray(offset, offset + t.shape[dim]));
    return Array.from({ length: t.shape[dim] }, (_, i) => build(dim + 1, offset + i * size));
  };
  return build(0, 0);
}

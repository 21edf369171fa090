/**
 * What `tongguan trace` and the lab's attention pages draw: for each layer and head the attention
 * matrix of a text, the raw scores it came from, and how large the residual stream and each
 * sub-layer's output are at every position.
 *
 *   scores[h][i][j] = q_i·k_j / √d_head      (null where the causal mask hides j > i)
 *   probs[h][i]     = softmax(scores[h][i])   (the model's own `attn_probs`; each row sums to 1)
 *
 * All of it is read from the model's TensorHook (q, k, attn_probs, attn_proj, ffn_out, l_out): the
 * model that generates text is the one observed, not a second implementation.
 */
import type { Model } from "../models/index.ts";
import type { Tokenizer } from "../tokenizers/types.ts";
import { type Capture, captureTensors, tensorKey } from "./capture.ts";
import { type TokenPiece, tokenPieces } from "./token-pieces.ts";

export interface LayerAttention {
  layer: number;
  /** (heads, n, n): probs[h][i][j] = how much token i attends to token j; 0 above the diagonal of a causal model. */
  probs: number[][][];
  /** (heads, n, n): q_i·k_j / √d_head before the softmax; null where the causal mask hides j. */
  scores: (number | null)[][][];
}

export interface LayerNorms {
  layer: number;
  /** Per position: ‖x‖ of the residual stream after this layer (`l_out`). */
  residual: number[];
  /** Per position: ‖attention sub-layer output‖ (`attn_proj`, before it is added to x). */
  attention: number[];
  /** Per position: ‖feed-forward sub-layer output‖ (`ffn_out`). */
  ffn: number[];
}

export interface AttentionTrace {
  architecture: string;
  ids: number[];
  /** One chip per token (when a tokenizer was given). */
  tokens?: TokenPiece[];
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  causal: boolean;
  attention: LayerAttention[];
  /** Per position ‖x‖ after the embeddings (layer −1's "residual"). */
  embedNorms: number[];
  norms: LayerNorms[];
}

/** L2 norm of each row of an (n, width) tensor. */
export function rowNorms(data: Float32Array, rows: number): number[] {
  if (data.length === 0) return [];
  const width = data.length / rows;
  return Array.from({ length: rows }, (_, r) => {
    let s = 0;
    for (let j = 0; j < width; j++) s += data[r * width + j] ** 2;
    return Math.sqrt(s);
  });
}

/** Raw attention scores of one layer from its q and k rows (n, heads·hd) and (n, kvHeads·hd). */
function scoresOf(
  q: Float32Array,
  k: Float32Array,
  n: number,
  heads: number,
  kvHeads: number,
  headDim: number,
  causal: boolean,
): (number | null)[][][] {
  const group = heads / kvHeads; // query heads per key/value head (grouped-query attention)
  const scale = 1 / Math.sqrt(headDim);
  return Array.from({ length: heads }, (_, h) => {
    const kh = Math.floor(h / group);
    return Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => {
        if (causal && j > i) return null;
        let dot = 0;
        const qo = (i * heads + h) * headDim;
        const ko = (j * kvHeads + kh) * headDim;
        for (let d = 0; d < headDim; d++) dot += q[qo + d] * k[ko + d];
        return dot * scale;
      }),
    );
  });
}

/** Attention, scores and norms of `ids`, from one run of the model with the hook on. */
export function traceAttention(
  model: Model,
  ids: number[],
  options: { tokenizer?: Tokenizer; layers?: number[] } = {},
): AttentionTrace {
  const capture = captureTensors(model, ids);
  return traceFromCapture(model.architecture, capture, ids, options);
}

export function traceFromCapture(
  architecture: string,
  capture: Capture,
  ids: number[],
  options: { tokenizer?: Tokenizer; layers?: number[] } = {},
): AttentionTrace {
  const n = ids.length;
  const get = (name: string, layer: number) => capture.tensors.get(tensorKey(name, layer));
  const probs0 = get("attn_probs", 0);
  const q0 = get("q", 0);
  const k0 = get("k", 0);
  const heads = probs0 ? probs0.shape[0] : 0;
  const headDim = q0 && heads ? q0.shape[1] / heads : 0;
  const kvHeads = k0 && headDim ? k0.shape[1] / headDim : 0;
  const wanted = options.layers ?? Array.from({ length: capture.layers }, (_, l) => l);
  const attention: LayerAttention[] = wanted.map((layer) => {
    const p = get("attn_probs", layer);
    const q = get("q", layer);
    const k = get("k", layer);
    const probs = Array.from({ length: heads }, (_, h) =>
      Array.from({ length: n }, (_, i) => Array.from(p!.data.subarray((h * n + i) * n, (h * n + i + 1) * n))),
    );
    const scores = q && k ? scoresOf(q.data, k.data, n, heads, kvHeads, headDim, capture.causal) : [];
    return { layer, probs, scores };
  });
  const norms: LayerNorms[] = Array.from({ length: capture.layers }, (_, layer) => ({
    layer,
    residual: rowNorms(get("l_out", layer)?.data ?? new Float32Array(0), n),
    attention: rowNorms(get("attn_proj", layer)?.data ?? new Float32Array(0), n),
    ffn: rowNorms(get("ffn_out", layer)?.data ?? new Float32Array(0), n),
  }));
  return {
    architecture,
    ids,
    tokens: options.tokenizer ? tokenPieces(options.tokenizer, ids) : undefined,
    layers: capture.layers,
    heads,
    kvHeads,
    headDim,
    causal: capture.causal,
    attention,
    embedNorms: rowNorms(get("embed", -1)?.data ?? new Float32Array(0), n),
    norms,
  };
}

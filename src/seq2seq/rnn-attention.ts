/**
 * Attention in an RNN encoder-decoder: at each decoding step, a soft lookup over the encoder's
 * outputs. The decoder's state is the query; every encoder output is a key and a value:
 *
 *   scores_s = score(query, enc_s)           one number per source position s
 *   weights  = softmax(scores)               where to look (sums to 1)
 *   context  = Σ_s weights_s · enc_s         what was read
 *
 * The score functions:
 *   Luong "dot"       (Luong et al. 2015)     score = h_tᵀ · h̄_s
 *   Luong "general"                           score = h_tᵀ · W_a · h̄_s            W_a: `attention.weight` (H, H)
 *   Bahdanau "additive" (Bahdanau et al. 2015) score = v_aᵀ · tanh(W_a·s_{t−1} + U_a·h̄_s)
 *                                             `attention.Wa`, `attention.Ua`, `attention.Va` (PyTorch's
 *                                             seq2seq tutorial's names)
 * Luong scores with the decoder's state after this step (h_t); Bahdanau with the state before it
 * (s_{t−1}), and feeds the context into the step.
 */
import { tanh } from "../train/autograd/ops/activations.ts";
import { attention } from "../train/autograd/ops/attention.ts";
import { add } from "../train/autograd/ops/elementwise.ts";
import { linear, matmul } from "../train/autograd/ops/linear.ts";
import { reshape } from "../train/autograd/ops/shape.ts";
import { softmax } from "../train/autograd/ops/softmax.ts";
import { Var } from "../train/autograd/variable.ts";
import type { Params } from "./params.ts";

export type AttentionKind = "none" | "dot" | "general" | "additive";
export const ATTENTION_KINDS: AttentionKind[] = ["none", "dot", "general", "additive"];

/** Adds the score function's parameters (nn.Linear initialisation). */
export function createAttention(kind: AttentionKind, hidden: number, params: Params): void {
  if (kind === "general") params.linear("attention", hidden, hidden, false);
  if (kind === "additive") {
    params.linear("attention.Wa", hidden, hidden);
    params.linear("attention.Ua", hidden, hidden);
    params.linear("attention.Va", hidden, 1);
  }
}

/**
 * The encoder outputs as the score function wants them, computed once per source:
 * dot → enc; general → enc·W_aᵀ (so score = h_t · (W_a h̄_s)); additive → U_a·enc + b.  (B, S, H)
 */
export function attentionKeys(kind: AttentionKind, enc: Var, params: Params): Var {
  if (kind === "general") return linear(enc, params.get("attention.weight"));
  if (kind === "additive")
    return linear(enc, params.get("attention.Ua.weight"), params.get("attention.Ua.bias"));
  return enc;
}

/**
 * queries (B, T, H) — T decoder steps at once for Luong, T = 1 for Bahdanau (its query depends on the
 * previous step) — against keys (B, S, H) and values = enc (B, S, H); keyMask (B, S) is 1 for a real
 * source token, 0 for padding → weights (B, T, S), each row summing to 1, and context (B, T, H).
 *
 * Luong's scores are dot products, so they run on the project's one attention op (one head, scale 1:
 * Luong does not divide by √H as the Transformer does); Bahdanau's small network is written out.
 */
export function attend(
  kind: AttentionKind,
  query: Var,
  keys: Var,
  enc: Var,
  params: Params,
  keyMask?: Uint8Array,
): { weights: Var; context: Var } {
  const [b, s] = enc.shape;
  const t = query.shape[1];
  if (kind === "dot" || kind === "general") {
    let p: Float32Array = new Float32Array(0);
    const context = attention(query, keys, enc, {
      heads: 1,
      scale: 1,
      keyMask,
      onWeights: (w) => {
        p = w;
      },
    });
    return { weights: Var.constant(p, [b, t, s]), context };
  }
  if (t !== 1) throw new RangeError("attend: additive attention scores one step at a time");
  const q = linear(query, params.get("attention.Wa.weight"), params.get("attention.Wa.bias")); // (B, 1, H)
  const e = linear(tanh(add(q, keys)), params.get("attention.Va.weight"), params.get("attention.Va.bias")); // (B, S, 1)
  let scores = reshape(e, [b, 1, s]);
  if (keyMask) {
    const m = new Float32Array(b * s);
    for (let i = 0; i < m.length; i++) m[i] = keyMask[i] ? 0 : -1e9;
    scores = add(scores, Var.constant(m, [b, 1, s]));
  }
  const weights = softmax(scores); // (B, 1, S)
  return { weights, context: matmul(weights, enc) }; // (B, 1, S)·(B, S, H)
}

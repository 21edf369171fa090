/**
 * torch.nn.MultiheadAttention's parameters around the project's one attention op:
 *
 *   in_proj_weight (3D, D) = [W_q; W_k; W_v] stacked by rows, in_proj_bias (3D) likewise
 *   q = x_q·W_qᵀ + b_q     k = x_kv·W_kᵀ + b_k     v = x_kv·W_vᵀ + b_v        (B, T, D) each
 *   o = attention(q, k, v, heads)  — softmax(q·kᵀ/√(D/heads)) per head, heads side by side
 *   y = o·out_projᵀ + b            out_proj.weight (D, D), out_proj.bias (D)
 *
 * Self-attention: x_q = x_kv = x. Cross-attention (the decoder reading the encoder): x_q is the
 * decoder's stream, x_kv the encoder's output ("memory").
 */
import { type AttentionOptions, attention } from "../train/autograd/ops/attention.ts";
import { linear } from "../train/autograd/ops/linear.ts";
import { sliceLast } from "../train/autograd/ops/shape.ts";
import type { Var } from "../train/autograd/variable.ts";
import type { Params } from "./params.ts";

/** Adds one nn.MultiheadAttention's parameters under `prefix` (xavier-uniform matrices, zero biases). */
export function createMultiHead(prefix: string, d: number, params: Params): void {
  params.uniform(`${prefix}.in_proj_weight`, [3 * d, d], Math.sqrt(6 / (d + 3 * d)));
  params.constant(`${prefix}.in_proj_bias`, [3 * d], 0);
  params.uniform(`${prefix}.out_proj.weight`, [d, d], Math.sqrt(6 / (2 * d)));
  params.constant(`${prefix}.out_proj.bias`, [d], 0);
}

export function multiHead(prefix: string, xq: Var, xkv: Var, params: Params, options: AttentionOptions): Var {
  const w = params.get(`${prefix}.in_proj_weight`);
  const b = params.get(`${prefix}.in_proj_bias`);
  const d = xq.lastDim;
  // One product gives q, k, v for self-attention; cross-attention projects each side separately
  // (with the whole stacked matrix, for simplicity: the unused third of each product is discarded).
  const pq = linear(xq, w, b); // (B, Tq, 3D)
  const pkv = xkv === xq ? pq : linear(xkv, w, b); // (B, Tk, 3D)
  const q = sliceLast(pq, 0, d);
  const k = sliceLast(pkv, d, 2 * d);
  const v = sliceLast(pkv, 2 * d, 3 * d);
  const o = attention(q, k, v, options); // (B, Tq, D)
  return linear(o, params.get(`${prefix}.out_proj.weight`), params.get(`${prefix}.out_proj.bias`));
}

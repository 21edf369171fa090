/**
 * The pre-norm residual block that GPT-2, Llama and ChatGLM share: each sub-layer reads a normed
 * copy of the residual stream and adds its output back (GPT-2, Radford et al. 2019; Xiong et al.
 * 2020, "On Layer Normalization in the Transformer Architecture", on why this trains stably).
 *
 *   x = x + attn(attn_norm(x))
 *   x = x + ffn(ffn_norm(x))
 *
 * Hook names per layer, as llama.cpp's: attn_norm, attn_proj, ffn_norm, ffn_out, l_out.
 * (BERT is post-norm, x = norm(x + f(x)): see bert.ts.)
 */
import type { FeedForward } from "../nn/ffn.ts";
import { emit } from "../nn/hooks.ts";
import { addInPlace } from "../nn/residual.ts";
import type { SelfAttention } from "../nn/self-attention.ts";
import type { DecoderContext } from "./decoder.ts";

/** LayerNorm or RMSNorm: out (n, d) ← norm of each row of x (n, d). */
export interface Norm {
  forward(out: Float32Array, x: Float32Array, n: number): void;
}

export interface PreNormBlock {
  attnNorm: Norm;
  attn: SelfAttention;
  ffnNorm: Norm;
  ffn: FeedForward;
}

/** x (n, d) ← every block in turn; block l appends its K/V to layer l of ctx.kv. */
export function runPreNormBlocks(
  blocks: readonly PreNormBlock[],
  x: Float32Array,
  n: number,
  d: number,
  ctx: DecoderContext,
): void {
  const { scratch: s, hook } = ctx;
  const h = s.get("h", n * d); // (n, d) the normed input of a sub-layer
  const y = s.get("y", n * d); // (n, d) a sub-layer's output, added back into x
  for (let l = 0; l < blocks.length; l++) {
    const B = blocks[l];
    ctx.layer = l;
    ctx.cache = ctx.kv.layer(l);
    B.attnNorm.forward(h, x, n);
    emit(hook, "attn_norm", l, h, n, d);
    B.attn.forward(y, h, n, ctx);
    emit(hook, "attn_proj", l, y, n, d);
    addInPlace(x, y, n * d); // x = x + attn(attn_norm(x))
    B.ffnNorm.forward(h, x, n);
    emit(hook, "ffn_norm", l, h, n, d);
    B.ffn.forward(y, h, n, ctx);
    emit(hook, "ffn_out", l, y, n, d);
    addInPlace(x, y, n * d); // x = x + ffn(ffn_norm(x))
    emit(hook, "l_out", l, x, n, d);
  }
}

/**
 * A batch of (source, target) id sequences, padded to rectangles:
 *
 *   src     (B, S)  sources padded with <pad>: on the LEFT for a recurrent encoder, so every row's
 *                   last step is a real token and the final state is that of the whole input; on the
 *                   right for the Transformer, so every source's positions start at 0
 *   keyMask (B, S)  1 for a real token, 0 for padding: attention gives padding no weight
 *   tgtIn   (B, T)  <s> y₁ … y_n, padded on the right — the decoder's inputs (teacher forcing)
 *   tgtOut  (B, T)  y₁ … y_n </s>, padded with −100 (ignored by the loss)
 */
import { BOS, EOS, PAD } from "./vocab.ts";

export const IGNORE = -100;

export interface Batch {
  size: number;
  srcLen: number;
  tgtLen: number;
  src: Int32Array;
  keyMask: Uint8Array | undefined;
  tgtIn: Int32Array;
  tgtOut: Int32Array;
}

export function makeBatch(pairs: { src: number[]; tgt: number[] }[], pad: "left" | "right" = "left"): Batch {
  const b = pairs.length;
  const srcLen = Math.max(...pairs.map((p) => p.src.length));
  const tgtLen = Math.max(...pairs.map((p) => p.tgt.length)) + 1;
  const src = new Int32Array(b * srcLen).fill(PAD);
  const mask = new Uint8Array(b * srcLen).fill(1);
  const tgtIn = new Int32Array(b * tgtLen).fill(PAD);
  const tgtOut = new Int32Array(b * tgtLen).fill(IGNORE);
  let padded = false;
  pairs.forEach((p, r) => {
    const missing = srcLen - p.src.length;
    const start = pad === "left" ? missing : 0;
    for (let i = 0; i < missing; i++) mask[r * srcLen + (pad === "left" ? i : p.src.length + i)] = 0;
    if (missing > 0) padded = true;
    src.set(p.src, r * srcLen + start);
    tgtIn[r * tgtLen] = BOS;
    tgtIn.set(p.tgt, r * tgtLen + 1);
    tgtOut.set(p.tgt, r * tgtLen);
    tgtOut[r * tgtLen + p.tgt.length] = EOS;
  });
  return {
    size: b,
    srcLen,
    tgtLen,
    src,
    keyMask: padded ? mask : undefined,
    tgtIn,
    tgtOut,
  };
}

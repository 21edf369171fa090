/**
 * A batch of (source, target) id sequences, padded to rectangles:
 *
 *   src     (B, S)  sources padded on the LEFT with <pad>, so every row's last step is a real token
 *                   and the encoder's final state is that of the whole input
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

export function makeBatch(pairs: { src: number[]; tgt: number[] }[]): Batch {
  const b = pairs.length;
  const srcLen = Math.max(...pairs.map((p) => p.src.length));
  const tgtLen = Math.max(...pairs.map((p) => p.tgt.length)) + 1;
  const src = new Int32Array(b * srcLen).fill(PAD);
  const mask = new Uint8Array(b * srcLen).fill(1);
  const tgtIn = new Int32Array(b * tgtLen).fill(PAD);
  const tgtOut = new Int32Array(b * tgtLen).fill(IGNORE);
  let padded = false;
  pairs.forEach((p, r) => {
    const pad = srcLen - p.src.length;
    for (let i = 0; i < pad; i++) mask[r * srcLen + i] = 0;
    if (pad > 0) padded = true;
    src.set(p.src, r * srcLen + pad);
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

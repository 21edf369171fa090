/**
 * Rotary position embedding (RoPE, Su et al. 2021): each query/key head is cut into pairs, and pair i
 * of the token at position p is rotated by the angle p·θᵢ with θᵢ = base^(−2i/d):
 *
 *   (a, b) → (a·cos − b·sin, a·sin + b·cos)
 *
 * A dot product of two rotated vectors then depends only on their distance in positions.
 *
 * Which entries form "pair i" is a layout choice, and checkpoints disagree:
 *   "interleaved" — adjacent entries (x[2i], x[2i+1]): Meta's original Llama, llama2.c, llama.cpp "normal";
 *   "neox"        — the two halves (x[i], x[i + d/2]): GPT-NeoX, Hugging Face Llama/Qwen, llama.cpp "neox".
 * Both compute the same thing on permuted rows of W_q and W_k, which is why loaders can convert one into
 * the other (GGUF's Q/K permutation) instead of the model code caring.
 *
 * Worked example (d = 2, base 10000, p = 1): θ₀ = 1, so (1, 0) → (cos 1, sin 1) ≈ (0.540, 0.841).
 */
import { TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";

export type RopeLayout = "interleaved" | "neox";

/** Llama 3's frequency rescaling for long contexts (`rope_scaling` with `rope_type: "llama3"`). */
export interface Llama3RopeScaling {
  factor: number;
  lowFreqFactor: number;
  highFreqFactor: number;
  originalMaxPositionEmbeddings: number;
}

export interface RopeOptions {
  headDim: number;
  /** The base of the frequencies ("rope_theta"): 10000 for Llama 2, 500000 for Llama 3, 1e6 for Qwen2. */
  theta: number;
  layout: RopeLayout;
  /** How many leading entries of each head rotate (partial rotary); default all of them. */
  rotaryDim?: number;
  llama3Scaling?: Llama3RopeScaling;
  /** Per-pair divisors of θᵢ (GGUF's `rope_freqs.weight`: how llama.cpp stores Llama 3.1's scaling). */
  freqFactors?: Float32Array;
}

/** θᵢ = base^(−2i/d) for i < d/2, rescaled the Llama 3 way when asked. */
export function ropeFrequencies(rotaryDim: number, theta: number, scaling?: Llama3RopeScaling): Float64Array {
  const half = rotaryDim / 2;
  const freqs = new Float64Array(half);
  for (let i = 0; i < half; i++) freqs[i] = theta ** (-(2 * i) / rotaryDim);
  if (scaling) {
    // Llama 3.1: long wavelengths are slowed down by `factor`, short ones kept, the middle blended.
    const { factor, lowFreqFactor, highFreqFactor, originalMaxPositionEmbeddings: old } = scaling;
    const lowWavelen = old / lowFreqFactor;
    const highWavelen = old / highFreqFactor;
    for (let i = 0; i < half; i++) {
      const wavelen = (2 * Math.PI) / freqs[i];
      if (wavelen > lowWavelen) freqs[i] = freqs[i] / factor;
      else if (wavelen >= highWavelen) {
        const smooth = (old / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
        freqs[i] = (1 - smooth) * (freqs[i] / factor) + smooth * freqs[i];
      }
    }
  }
  return freqs;
}

export class Rope {
  readonly headDim: number;
  readonly rotaryDim: number;
  readonly layout: RopeLayout;
  readonly freqs: Float64Array;
  // cos/sin of one position, reused (rotaryDim / 2) — and not recomputed while the position stays
  // the same: a decode step rotates q and k of every layer at one position (48 calls for Qwen2-0.5B).
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private cosSinPos = -1;

  constructor(options: RopeOptions) {
    this.headDim = options.headDim;
    this.rotaryDim = options.rotaryDim ?? options.headDim;
    this.layout = options.layout;
    this.freqs = ropeFrequencies(this.rotaryDim, options.theta, options.llama3Scaling);
    const ff = options.freqFactors;
    if (ff) {
      if (ff.length !== this.rotaryDim / 2) {
        throw new TongguanError(
          tr("nn.rope.ropeFreqsHasFactors", { ffLength: ff.length, v2: this.rotaryDim / 2 }),
        );
      }
      for (let i = 0; i < ff.length; i++) this.freqs[i] = this.freqs[i] / ff[i];
    }
    this.cos = new Float64Array(this.rotaryDim / 2);
    this.sin = new Float64Array(this.rotaryDim / 2);
  }

  /**
   * Rotates, in place, `n` rows of `heads` heads each — x is (n, heads · headDim) — where row r sits at
   * position `start + r`.
   */
  apply(x: Float32Array, n: number, heads: number, start: number): void {
    const { headDim, rotaryDim, freqs, cos, sin } = this;
    const half = rotaryDim / 2;
    // interleaved: pair i is (2i, 2i+1); neox: pair i is (i, i + half).
    const step = this.layout === "interleaved" ? 2 : 1;
    const partner = this.layout === "interleaved" ? 1 : half;
    for (let r = 0; r < n; r++) {
      const pos = start + r;
      if (pos !== this.cosSinPos) {
        for (let i = 0; i < half; i++) {
          const angle = pos * freqs[i];
          cos[i] = Math.cos(angle);
          sin[i] = Math.sin(angle);
        }
        this.cosSinPos = pos;
      }
      for (let h = 0; h < heads; h++) {
        const base = (r * heads + h) * headDim;
        for (let i = 0; i < half; i++) {
          const ia = base + i * step;
          const ib = ia + partner;
          const a = x[ia];
          const b = x[ib];
          x[ia] = a * cos[i] - b * sin[i];
          x[ib] = a * sin[i] + b * cos[i];
        }
      }
    }
  }
}

/**
 * The reference: x (tokens, heads, headDim) rotated in place, the plain way — angles computed for
 * every call, no Llama 3 rescaling. Token t sits at `positions[t]` (or `positions + t` for a number).
 * The Rope class above computes the same rotation with cached cos/sin (test/nn/rope.test.ts).
 */
export function ropeRef(
  x: Float32Array,
  tokens: number,
  heads: number,
  positions: ArrayLike<number> | number,
  opts: { headDim: number; theta: number; layout: RopeLayout; rotaryDim?: number },
): void {
  const { headDim, theta, layout } = opts;
  const d = opts.rotaryDim ?? headDim;
  const half = d / 2;
  for (let t = 0; t < tokens; t++) {
    const pos = typeof positions === "number" ? positions + t : positions[t];
    for (let i = 0; i < half; i++) {
      const angle = pos * theta ** (-(2 * i) / d);
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      for (let h = 0; h < heads; h++) {
        const o = (t * heads + h) * headDim;
        const ia = layout === "interleaved" ? o + 2 * i : o + i;
        const ib = layout === "interleaved" ? ia + 1 : ia + half;
        const a = x[ia];
        const b = x[ib];
        x[ia] = a * c - b * s;
        x[ib] = a * s + b * c;
      }
    }
  }
}

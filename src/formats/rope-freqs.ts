/**
 * Llama 3's RoPE scaling, in the two forms files use.
 *
 * config.json states the parameters (`rope_scaling: { rope_type: "llama3", factor: 32,
 * low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8192 }`); a GGUF instead
 * stores the result, one divisor per rotary frequency, as the tensor `rope_freqs.weight`
 * (llama.cpp's convert_hf_to_gguf.py computes it as below). Converting means computing the divisors;
 * loading a GGUF means finding the parameters that reproduce them.
 */
import type { RopeScaling } from "./config.ts";

/** Divisor of each of the headDim/2 frequencies θᵢ = base^(−2i/d): 1 for short wavelengths, `factor` for long ones, smooth between. */
export function llama3RopeFactors(theta: number, headDim: number, s: RopeScaling): Float32Array {
  const factor = s.factor;
  const low = s.lowFreqFactor ?? 1;
  const high = s.highFreqFactor ?? 4;
  const oldCtx = s.originalMaxPositionEmbeddings ?? 8192;
  const lowWavelen = oldCtx / low;
  const highWavelen = oldCtx / high;
  const out = new Float32Array(headDim / 2);
  for (let i = 0; i < headDim / 2; i++) {
    const freq = 1 / Math.fround(theta ** ((2 * i) / headDim));
    const wavelen = (2 * Math.PI) / freq;
    if (wavelen < highWavelen) out[i] = 1;
    else if (wavelen > lowWavelen) out[i] = factor;
    else {
      const smooth = (oldCtx / wavelen - low) / (high - low);
      out[i] = 1 / ((1 - smooth) / factor + smooth);
    }
  }
  return out;
}

/**
 * The llama3 parameters that reproduce `factors` (to 1e-3 relative), trying the values real
 * checkpoints use; undefined when none does.
 */
export function llama3ScalingFromFactors(
  factors: Float32Array,
  theta: number,
  headDim: number,
): RopeScaling | undefined {
  const factor = Math.max(...factors);
  if (!(factor > 1)) return undefined;
  const contexts = Array.from({ length: 14 }, (_, i) => 2 ** (i + 4)); // 16 … 131072
  for (const originalMaxPositionEmbeddings of [8192, ...contexts])
    for (const lowFreqFactor of [1, 2, 0.5])
      for (const highFreqFactor of [4, 8, 2, 16]) {
        const s: RopeScaling = {
          type: "llama3",
          factor,
          lowFreqFactor,
          highFreqFactor,
          originalMaxPositionEmbeddings,
        };
        const f = llama3RopeFactors(theta, headDim, s);
        if (f.every((v, i) => Math.abs(v - factors[i]) <= 1e-3 * v)) return s;
      }
  return undefined;
}

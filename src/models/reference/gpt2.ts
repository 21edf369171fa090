/**
 * The plainest GPT-2 forward pass: one function, nanoGPT's diagram written as loops in float64 — the
 * twin of reference/llama.ts. Whole prompt at once, no KV cache, no kernels. src/models/gpt2.ts
 * computes the same numbers fast; test/models/reference.test.ts checks that it does.
 *
 *   x = wte[ids] + wpe[positions]
 *   for each block:
 *     h = layernorm(x);  q | k | v = h·c_attnᵀ + b;  a = softmax(q·kᵀ/√hd + causal)·v
 *     x = x + a·c_projᵀ + b
 *     h = layernorm(x);  x = x + gelu(h·c_fcᵀ + b)·c_projᵀ + b
 *   logits = layernorm(x_last)·wteᵀ                                 (the head is tied to wte)
 *
 * Weights are as the loaders hand them: Hugging Face names (with or without "transformer."), and
 * Conv1D's (in, out) already turned into (out, in).
 */
import { toF32 } from "../../formats/cast.ts";
import type { ModelConfig } from "../../formats/config.ts";
import type { Tensor } from "../../tensor/tensor.ts";

/** Logits of the next token after `ids` (vocabSize values). */
export function referenceGpt2Logits(c: ModelConfig, w: Map<string, Tensor>, ids: number[]): Float64Array {
  const prefix = w.has("wte.weight") ? "" : "transformer.";
  const get = (n: string) => {
    const t = w.get(prefix + n) ?? w.get(n);
    if (!t) throw new Error(`reference: missing ${prefix}${n}`);
    return toF32(t, false).data as Float32Array;
  };
  const D = c.hiddenSize;
  const H = c.numHeads;
  const hd = D / H;
  // y (rows) = W (rows, k) · x (k) + bias
  const matvec = (W: Float32Array, x: Float64Array, rows: number, bias?: Float32Array) => {
    const k = x.length;
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = bias ? bias[r] : 0;
      for (let j = 0; j < k; j++) s += W[r * k + j] * x[j];
      y[r] = s;
    }
    return y;
  };
  const layerNorm = (x: Float64Array, g: Float32Array, b: Float32Array) => {
    const mean = x.reduce((a, v) => a + v, 0) / D;
    const variance = x.reduce((a, v) => a + (v - mean) ** 2, 0) / D;
    const inv = 1 / Math.sqrt(variance + c.normEps);
    return x.map((v, i) => (v - mean) * inv * g[i] + b[i]);
  };
  const gelu = (v: number) =>
    c.activation === "gelu"
      ? 0.5 * v * (1 + erf(v / Math.SQRT2))
      : 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
  const wte = get("wte.weight");
  const wpe = get("wpe.weight");
  let xs = ids.map((id, pos) => {
    const x = new Float64Array(D);
    for (let i = 0; i < D; i++) x[i] = wte[id * D + i] + wpe[pos * D + i];
    return x;
  });
  for (let l = 0; l < c.numLayers; l++) {
    const p = `h.${l}.`;
    const qkv = xs.map((x) =>
      matvec(
        get(`${p}attn.c_attn.weight`),
        layerNorm(x, get(`${p}ln_1.weight`), get(`${p}ln_1.bias`)),
        3 * D,
        get(`${p}attn.c_attn.bias`),
      ),
    ); // (n, 3D): q | k | v
    xs = xs.map((x, pos) => {
      const att = new Float64Array(D);
      for (let h = 0; h < H; h++) {
        const scores = qkv.slice(0, pos + 1).map((r) => {
          let s = 0;
          for (let i = 0; i < hd; i++) s += qkv[pos][h * hd + i] * r[D + h * hd + i];
          return s / Math.sqrt(hd);
        });
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const z = e.reduce((a, b) => a + b, 0);
        e.forEach((pr, t) => {
          for (let i = 0; i < hd; i++) att[h * hd + i] += (pr / z) * qkv[t][2 * D + h * hd + i];
        });
      }
      const y = matvec(get(`${p}attn.c_proj.weight`), att, D, get(`${p}attn.c_proj.bias`));
      const x2 = x.map((v, i) => v + y[i]);
      const h2 = layerNorm(x2, get(`${p}ln_2.weight`), get(`${p}ln_2.bias`));
      const hidden = matvec(get(`${p}mlp.c_fc.weight`), h2, c.intermediateSize, get(`${p}mlp.c_fc.bias`)).map(
        gelu,
      );
      const down = matvec(get(`${p}mlp.c_proj.weight`), hidden, D, get(`${p}mlp.c_proj.bias`));
      return x2.map((v, i) => v + down[i]);
    });
  }
  const last = layerNorm(xs.at(-1)!, get("ln_f.weight"), get("ln_f.bias"));
  const head = w.has("lm_head.weight") ? (toF32(w.get("lm_head.weight")!, false).data as Float32Array) : wte;
  return matvec(head, last, c.vocabSize);
}

/** erf(x), Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), for configs with the exact (erf) GELU. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

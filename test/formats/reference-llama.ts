/**
 * A deliberately plain float64 llama/qwen2 forward pass over Hugging Face-layout weights, used only
 * to check that a converted GGUF means the same model to llama.cpp (the real implementation lives
 * in src/models). RoPE rotates halves (x[i], x[i + d/2]), as transformers does.
 */
import { toF32 } from "../../src/formats/cast.ts";
import type { ModelConfig } from "../../src/formats/config.ts";
import type { Tensor } from "../../src/tensor/tensor.ts";

/** Logits of the next token after `ids` (length vocabSize). */
export function referenceLlamaLogits(c: ModelConfig, w: Map<string, Tensor>, ids: number[]): Float64Array {
  const get = (n: string) => {
    const t = w.get(n);
    if (!t) throw new Error(`reference: missing ${n}`);
    return toF32(t, false).data as Float32Array;
  };
  const D = c.hiddenSize;
  const hd = c.headDim;
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
  const rms = (x: Float64Array, g: Float32Array) => {
    let ss = 0;
    for (const v of x) ss += v * v;
    const inv = 1 / Math.sqrt(ss / x.length + c.normEps);
    return x.map((v, i) => v * inv * g[i]);
  };
  const rope = (v: Float64Array, heads: number, pos: number) => {
    for (let h = 0; h < heads; h++)
      for (let i = 0; i < hd / 2; i++) {
        const ang = pos * c.ropeTheta ** (-(2 * i) / hd);
        const a = v[h * hd + i];
        const b = v[h * hd + i + hd / 2];
        v[h * hd + i] = a * Math.cos(ang) - b * Math.sin(ang);
        v[h * hd + i + hd / 2] = a * Math.sin(ang) + b * Math.cos(ang);
      }
  };
  const emb = get("model.embed_tokens.weight");
  let xs = ids.map((id) => Float64Array.from(emb.subarray(id * D, id * D + D)));
  for (let l = 0; l < c.numLayers; l++) {
    const p = `model.layers.${l}.`;
    const bias = (n: string) => (c.attentionBias ? get(`${p}self_attn.${n}_proj.bias`) : undefined);
    const ks: Float64Array[] = [];
    const vs: Float64Array[] = [];
    const qs: Float64Array[] = [];
    xs.forEach((x, pos) => {
      const h = rms(x, get(`${p}input_layernorm.weight`));
      const q = matvec(get(`${p}self_attn.q_proj.weight`), h, c.numHeads * hd, bias("q"));
      const k = matvec(get(`${p}self_attn.k_proj.weight`), h, c.numKvHeads * hd, bias("k"));
      rope(q, c.numHeads, pos);
      rope(k, c.numKvHeads, pos);
      qs.push(q);
      ks.push(k);
      vs.push(matvec(get(`${p}self_attn.v_proj.weight`), h, c.numKvHeads * hd, bias("v")));
    });
    xs = xs.map((x, pos) => {
      const att = new Float64Array(c.numHeads * hd);
      for (let h = 0; h < c.numHeads; h++) {
        const kh = Math.floor(h / (c.numHeads / c.numKvHeads));
        const scores = ks.slice(0, pos + 1).map((k) => {
          let s = 0;
          for (let i = 0; i < hd; i++) s += qs[pos][h * hd + i] * k[kh * hd + i];
          return s / Math.sqrt(hd);
        });
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const z = e.reduce((a, b) => a + b, 0);
        e.forEach((p, t) => {
          for (let i = 0; i < hd; i++) att[h * hd + i] += (p / z) * vs[t][kh * hd + i];
        });
      }
      const y = matvec(get(`${p}self_attn.o_proj.weight`), att, D);
      const x2 = x.map((v, i) => v + y[i]);
      const h2 = rms(x2, get(`${p}post_attention_layernorm.weight`));
      const g = matvec(get(`${p}mlp.gate_proj.weight`), h2, c.intermediateSize);
      const u = matvec(get(`${p}mlp.up_proj.weight`), h2, c.intermediateSize);
      const act = g.map((v, i) => (v / (1 + Math.exp(-v))) * u[i]);
      const down = matvec(get(`${p}mlp.down_proj.weight`), act, D);
      return x2.map((v, i) => v + down[i]);
    });
  }
  const last = rms(xs.at(-1)!, get("model.norm.weight"));
  return matvec(get("lm_head.weight"), last, c.vocabSize);
}

/** log-softmax of logits. */
export function logSoftmax(x: ArrayLike<number>): Float64Array {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]);
  let z = 0;
  for (let i = 0; i < x.length; i++) z += Math.exp(x[i] - m);
  const lz = m + Math.log(z);
  return Float64Array.from(x, (v) => v - lz);
}

/**
 * The plainest Llama forward pass: one function, llama2.c style, in float64 — the file to read first.
 * Llama 2/3, Qwen2 (q/k/v biases) and Qwen3 (q/k RMSNorm per head) over Hugging Face-named weights,
 * whole prompt at once, no KV cache, no scratch, no kernels. src/models/llama.ts computes the same
 * numbers fast (wasm kernels, a KV cache, fused matmuls); test/models/reference.test.ts checks that
 * it does.
 *
 *   x = embed_tokens[ids]
 *   for each layer:
 *     h = rmsnorm(x);  q, k, v = h·Wqᵀ, h·Wkᵀ, h·Wvᵀ;  rotate q, k (RoPE);  a = softmax(q·kᵀ/√hd + causal)·v
 *     x = x + a·Woᵀ
 *     h = rmsnorm(x);  x = x + (silu(h·Wgateᵀ) ⊙ h·Wupᵀ)·Wdownᵀ
 *   logits = rmsnorm(x_last)·lm_headᵀ
 *
 * RoPE rotates halves (x[i], x[i + hd/2]), as transformers does (loaders put Q/K rows in that
 * order). Not covered here: Llama 3's RoPE frequency scaling.
 */
import { toF32 } from "../../formats/cast.ts";
import type { ModelConfig } from "../../formats/config.ts";
import type { Tensor } from "../../tensor/tensor.ts";

/** Logits of the next token after `ids` (vocabSize values). */
export function referenceLlamaLogits(c: ModelConfig, w: Map<string, Tensor>, ids: number[]): Float64Array {
  const has = (n: string) => w.has(n);
  const get = (n: string) => {
    const t = w.get(n);
    if (!t) throw new Error(`reference: missing ${n}`);
    return toF32(t, false).data as Float32Array;
  };
  const D = c.hiddenSize;
  const hd = c.headDim;
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
  // RMSNorm of x in place of each group of `width` values (the whole vector, or one head)
  const rms = (x: Float64Array, g: Float32Array, width = x.length) => {
    const out = new Float64Array(x.length);
    for (let o = 0; o < x.length; o += width) {
      let ss = 0;
      for (let i = 0; i < width; i++) ss += x[o + i] * x[o + i];
      const inv = 1 / Math.sqrt(ss / width + c.normEps);
      for (let i = 0; i < width; i++) out[o + i] = x[o + i] * inv * g[i];
    }
    return out;
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
  let xs = ids.map((id) => Float64Array.from(emb.subarray(id * D, id * D + D))); // (n, D)
  for (let l = 0; l < c.numLayers; l++) {
    const p = `model.layers.${l}.`;
    const bias = (n: string) =>
      has(`${p}self_attn.${n}_proj.bias`) ? get(`${p}self_attn.${n}_proj.bias`) : undefined;
    const ks: Float64Array[] = [];
    const vs: Float64Array[] = [];
    const qs: Float64Array[] = [];
    xs.forEach((x, pos) => {
      const h = rms(x, get(`${p}input_layernorm.weight`));
      let q = matvec(get(`${p}self_attn.q_proj.weight`), h, c.numHeads * hd, bias("q"));
      let k = matvec(get(`${p}self_attn.k_proj.weight`), h, c.numKvHeads * hd, bias("k"));
      if (c.qkNorm) {
        q = rms(q, get(`${p}self_attn.q_norm.weight`), hd);
        k = rms(k, get(`${p}self_attn.k_norm.weight`), hd);
      }
      rope(q, c.numHeads, pos);
      rope(k, c.numKvHeads, pos);
      qs.push(q);
      ks.push(k);
      vs.push(matvec(get(`${p}self_attn.v_proj.weight`), h, c.numKvHeads * hd, bias("v")));
    });
    xs = xs.map((x, pos) => {
      const att = new Float64Array(c.numHeads * hd);
      for (let h = 0; h < c.numHeads; h++) {
        const kh = Math.floor(h / (c.numHeads / c.numKvHeads)); // grouped-query: the K/V head of h
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
  const head = has("lm_head.weight") ? get("lm_head.weight") : emb; // tied: the embedding table
  return matvec(head, last, c.vocabSize);
}

/**
 * ChatGLM3's forward pass written from THUDM's modeling_chatglm.py, plainly, in float64, token by
 * token over the whole prefix — independent of src/nn's blocks — to check src/models/chatglm.ts.
 * Weights by THUDM's names (with the `transformer.` prefix).
 */
import { toF32 } from "../../src/formats/cast.ts";
import type { Tensor } from "../../src/tensor/tensor.ts";

export interface GlmShape {
  dim: number;
  layers: number;
  heads: number;
  groups: number;
  hd: number;
  ffn: number;
  ropeRatio: number;
  eps: number;
}

/** Logits after the last of `ids`. */
export function referenceChatGlmLogits(c: GlmShape, w: Map<string, Tensor>, ids: number[]): Float64Array {
  const get = (n: string) => {
    const t = w.get(`transformer.${n}`);
    if (!t) throw new Error(`reference: missing ${n}`);
    return toF32(t, false).data as Float32Array;
  };
  const linear = (W: Float32Array, x: Float64Array, rows: number, bias?: Float32Array) => {
    const k = x.length;
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let s = bias ? bias[r] : 0;
      for (let j = 0; j < k; j++) s += W[r * k + j] * x[j];
      y[r] = s;
    }
    return y;
  };
  const rmsNorm = (x: Float64Array, g: Float32Array) => {
    let ss = 0;
    for (const v of x) ss += v * v;
    const inv = 1 / Math.sqrt(ss / x.length + c.eps);
    return x.map((v, i) => v * inv * g[i]);
  };
  const { dim, heads, groups, hd, ffn } = c;
  // RotaryEmbedding(rotary_dim // 2): θᵢ = base^(−2i/n) over n = hd/2 entries, base = 10000·rope_ratio;
  // apply_rotary_pos_emb rotates (x[2i], x[2i+1]) for i < n/2 and passes x[n:] through.
  const n = hd / 2;
  const base = 10000 * c.ropeRatio;
  const rope = (x: Float64Array, head: number, pos: number) => {
    for (let i = 0; i < n / 2; i++) {
      const a = pos * base ** (-(2 * i) / n);
      const o = head * hd + 2 * i;
      const [x0, x1] = [x[o], x[o + 1]];
      x[o] = x0 * Math.cos(a) - x1 * Math.sin(a);
      x[o + 1] = x1 * Math.cos(a) + x0 * Math.sin(a);
    }
  };
  const emb = get("embedding.word_embeddings.weight");
  let xs = ids.map((id) => Float64Array.from(emb.subarray(id * dim, (id + 1) * dim)));
  for (let l = 0; l < c.layers; l++) {
    const p = `encoder.layers.${l}.`;
    const qkvW = get(`${p}self_attention.query_key_value.weight`);
    const qkvB = get(`${p}self_attention.query_key_value.bias`);
    const ks: Float64Array[] = [];
    const vs: Float64Array[] = [];
    const qs: Float64Array[] = [];
    xs.forEach((x, pos) => {
      const qkv = linear(
        qkvW,
        rmsNorm(x, get(`${p}input_layernorm.weight`)),
        (heads + 2 * groups) * hd,
        qkvB,
      );
      const q = qkv.slice(0, heads * hd);
      const k = qkv.slice(heads * hd, (heads + groups) * hd);
      for (let h = 0; h < heads; h++) rope(q, h, pos);
      for (let g = 0; g < groups; g++) rope(k, g, pos);
      qs.push(q);
      ks.push(k);
      vs.push(qkv.slice((heads + groups) * hd));
    });
    xs = xs.map((x, pos) => {
      const ctx = new Float64Array(heads * hd);
      for (let h = 0; h < heads; h++) {
        const g = Math.floor(h / (heads / groups)); // key_layer.expand over np/ng heads per group
        const s = ks.slice(0, pos + 1).map((k) => {
          let d = 0;
          for (let i = 0; i < hd; i++) d += qs[pos][h * hd + i] * k[g * hd + i];
          return d / Math.sqrt(hd);
        });
        const m = Math.max(...s);
        const e = s.map((v) => Math.exp(v - m));
        const z = e.reduce((a, b) => a + b, 0);
        e.forEach((pr, t) => {
          for (let i = 0; i < hd; i++) ctx[h * hd + i] += (pr / z) * vs[t][g * hd + i];
        });
      }
      const attn = linear(get(`${p}self_attention.dense.weight`), ctx, dim);
      const y = x.map((v, i) => v + attn[i]);
      const u = linear(
        get(`${p}mlp.dense_h_to_4h.weight`),
        rmsNorm(y, get(`${p}post_attention_layernorm.weight`)),
        2 * ffn,
      );
      const act = new Float64Array(ffn);
      for (let i = 0; i < ffn; i++) act[i] = (u[i] / (1 + Math.exp(-u[i]))) * u[ffn + i]; // swiglu: chunk(2)
      const down = linear(get(`${p}mlp.dense_4h_to_h.weight`), act, dim);
      return y.map((v, i) => v + down[i]);
    });
  }
  const last = rmsNorm(xs[xs.length - 1], get("encoder.final_layernorm.weight"));
  const out = get("output_layer.weight");
  return linear(out, last, out.length / dim);
}

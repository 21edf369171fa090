/**
 * Scaled dot-product attention (Vaswani et al. 2017) for every attention the course builds:
 * causal self-attention (GPT), grouped-query attention (Llama, Qwen2: several query heads share one
 * key/value head), and cross-attention (an encoder-decoder: queries from the decoder, keys and
 * values from the encoder, so Tq ≠ Tk).
 *
 *   S = Q·Kᵀ·scale (+ mask: −∞ where a key is hidden)    (Tq, Tk) per batch row and head
 *   P = softmax(S)  along the keys
 *   O = P·V
 * Backward, per head (g = ∂L/∂O):
 *   ∂L/∂V = Pᵀ·g      ∂L/∂P = g·Vᵀ      ∂L/∂S = P ⊙ (∂L/∂P − rowsum(∂L/∂P ⊙ P))
 *   ∂L/∂Q = ∂L/∂S·K·scale      ∂L/∂K = (∂L/∂S)ᵀ·Q·scale
 *
 * Layout: q (B, Tq, H·D), k and v (B, Tk, Hkv·D) — exactly what the q/k/v projections give, so no
 * transpose is needed; the output (B, Tq, H·D) feeds the output projection. Query head h reads
 * key/value head ⌊h / (H/Hkv)⌋.
 */
import { Var } from "../variable.ts";

export interface AttentionOptions {
  /** Query heads H. */
  heads: number;
  /** Key/value heads Hkv (divides H; default H). */
  kvHeads?: number;
  /** Query i sees key j only when j ≤ i + (Tk − Tq) (the last query sees every key). */
  causal?: boolean;
  /** (B, Tk): 1 = the key may be attended to, 0 = padding. Default: all keys. */
  keyMask?: Uint8Array;
  /** Default 1/√D. */
  scale?: number;
  /** Called with P (B, H, Tq, Tk) after the forward pass: for pictures of attention. */
  onWeights?: (p: Float32Array, shape: [number, number, number, number]) => void;
}

export function attention(q: Var, k: Var, v: Var, options: AttentionOptions): Var {
  const { heads, causal = false, keyMask } = options;
  const kvHeads = options.kvHeads ?? heads;
  if (q.shape.length !== 3 || k.shape.length !== 3 || v.shape.length !== 3)
    throw new RangeError(
      `attention: q, k, v must be (B, T, heads·D), got [${q.shape}], [${k.shape}], [${v.shape}]`,
    );
  const [batch, tq, qw] = q.shape;
  const tk = k.shape[1];
  if (heads % kvHeads !== 0)
    throw new RangeError(`attention: ${heads} heads do not share ${kvHeads} key/value heads evenly`);
  const d = qw / heads;
  const kw = kvHeads * d;
  if (
    !Number.isInteger(d) ||
    k.shape[0] !== batch ||
    v.shape[0] !== batch ||
    k.shape[2] !== kw ||
    v.shape[2] !== kw ||
    v.shape[1] !== tk
  )
    throw new RangeError(
      `attention: q [${q.shape}] with ${heads} heads does not fit k [${k.shape}], v [${v.shape}] with ${kvHeads}`,
    );
  if (keyMask && keyMask.length !== batch * tk)
    throw new RangeError(`attention: keyMask holds ${keyMask.length}, need B·Tk = ${batch * tk}`);
  const scale = options.scale ?? 1 / Math.sqrt(d);
  const group = heads / kvHeads;
  const shift = tk - tq;
  const p = new Float32Array(batch * heads * tq * tk); // (B, H, Tq, Tk)
  const y = new Float32Array(batch * tq * qw);
  const qd = q.data;
  const kd = k.data;
  const vd = v.data;
  /** Keys query i may see: [0, end) when causal, else all — then the key mask. */
  const end = (i: number): number => (causal ? Math.min(tk, Math.max(0, i + shift + 1)) : tk);
  const hidden = (b: number, j: number): boolean => keyMask !== undefined && keyMask[b * tk + j] === 0;

  for (let b = 0; b < batch; b++)
    for (let h = 0; h < heads; h++) {
      const kvh = Math.floor(h / group);
      for (let i = 0; i < tq; i++) {
        const qo = (b * tq + i) * qw + h * d;
        const po = ((b * heads + h) * tq + i) * tk;
        const last = end(i);
        let m = -Infinity;
        for (let j = 0; j < last; j++) {
          if (hidden(b, j)) continue;
          const ko = (b * tk + j) * kw + kvh * d;
          let s = 0;
          for (let c = 0; c < d; c++) s += qd[qo + c] * kd[ko + c];
          s *= scale;
          p[po + j] = s;
          if (s > m) m = s;
        }
        if (m === -Infinity) continue; // no visible key: the output row stays 0
        let z = 0;
        for (let j = 0; j < last; j++) {
          if (hidden(b, j)) continue;
          const e = Math.exp(p[po + j] - m);
          p[po + j] = e;
          z += e;
        }
        for (let j = 0; j < last; j++) {
          if (hidden(b, j)) continue;
          const w = p[po + j] / z;
          p[po + j] = w;
          const vo = (b * tk + j) * kw + kvh * d;
          for (let c = 0; c < d; c++) y[qo + c] += w * vd[vo + c];
        }
      }
    }
  options.onWeights?.(p, [batch, heads, tq, tk]);

  return Var.result("attention", y, q.shape, [q, k, v], (g) => {
    // Scratch gradients for all three (added into the inputs' at the end): no branches inside the loops.
    const gq = new Float32Array(q.size);
    const gk = new Float32Array(k.size);
    const gv = new Float32Array(v.size);
    const dp = new Float32Array(tk);
    for (let b = 0; b < batch; b++)
      for (let h = 0; h < heads; h++) {
        const kvh = Math.floor(h / group);
        for (let i = 0; i < tq; i++) {
          const go = (b * tq + i) * qw + h * d;
          const po = ((b * heads + h) * tq + i) * tk;
          const last = end(i);
          // ∂L/∂P_ij = g_i·v_j ; ∂L/∂V_j += P_ij·g_i
          let dot = 0;
          for (let j = 0; j < last; j++) {
            const w = p[po + j];
            if (w === 0) {
              dp[j] = 0;
              continue;
            }
            const vo = (b * tk + j) * kw + kvh * d;
            let s = 0;
            for (let c = 0; c < d; c++) {
              s += g[go + c] * vd[vo + c];
              gv[vo + c] += w * g[go + c];
            }
            dp[j] = s;
            dot += s * w;
          }
          // ∂L/∂S_ij = P_ij(∂L/∂P_ij − Σ_j' P_ij'·∂L/∂P_ij') ; then into Q and K
          for (let j = 0; j < last; j++) {
            const w = p[po + j];
            if (w === 0) continue;
            const ds = w * (dp[j] - dot) * scale;
            const ko = (b * tk + j) * kw + kvh * d;
            for (let c = 0; c < d; c++) {
              gq[go + c] += ds * kd[ko + c];
              gk[ko + c] += ds * qd[go + c];
            }
          }
        }
      }
    for (const [x, gx] of [
      [q, gq],
      [k, gk],
      [v, gv],
    ] as const) {
      const into = x.gradBuffer();
      if (into) for (let i = 0; i < gx.length; i++) into[i] += gx[i];
    }
  });
}

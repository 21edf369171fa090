/**
 * The GRU and LSTM steps of cells.ts as single autograd ops, each with its backward written out —
 * the same formulas, ~15 graph nodes a step fewer, which is most of a recurrent network's training
 * time at toy sizes. test/seq2seq/recurrent.test.ts runs both against PyTorch (values and every
 * gradient). Inputs: xw = x·W_ihᵀ + b_ih and hw = h·W_hhᵀ + b_hh, both (B, gates·H).
 *
 *   LSTM  a = xw + hw;  i, f, o = σ(a_i), σ(a_f), σ(a_o);  g = tanh(a_g)
 *         c' = f·c + i·g                 ∂c'/∂c = f,  ∂c'/∂a_i = g·i(1−i),  ∂c'/∂a_f = c·f(1−f),  ∂c'/∂a_g = i(1−g²)
 *         h' = o·tanh(c')                ∂h'/∂a_o = tanh(c')·o(1−o),  ∂h'/∂c' = o(1 − tanh²(c'))
 *   GRU   r = σ(x_r + h_r),  z = σ(x_z + h_z),  n = tanh(x_n + r·h_n),  h' = n + z·(h − n)
 *         ∂h'/∂n = 1 − z,  ∂h'/∂z = h − n,  ∂h'/∂h = z,  ∂n/∂h_n = (1 − n²)·r,  ∂n/∂r = (1 − n²)·h_n
 */
import { Var } from "../train/autograd/variable.ts";

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** LSTM: (xw, hw, c) → c' (B, H). */
export function lstmCellState(xw: Var, hw: Var, c: Var): Var {
  const [b, h4] = xw.shape;
  const h = h4 / 4;
  const out = new Float32Array(b * h);
  const gi = new Float32Array(b * h);
  const gf = new Float32Array(b * h);
  const gg = new Float32Array(b * h);
  for (let r = 0; r < b; r++)
    for (let j = 0; j < h; j++) {
      const o = r * h4 + j;
      const k = r * h + j;
      gi[k] = sigmoid(xw.data[o] + hw.data[o]);
      gf[k] = sigmoid(xw.data[o + h] + hw.data[o + h]);
      gg[k] = Math.tanh(xw.data[o + 2 * h] + hw.data[o + 2 * h]);
      out[k] = gf[k] * c.data[k] + gi[k] * gg[k];
    }
  return Var.result("lstmCellState", out, [b, h], [xw, hw, c], (g) => {
    const gx = xw.gradBuffer();
    const gh = hw.gradBuffer();
    const gc = c.gradBuffer();
    for (let r = 0; r < b; r++)
      for (let j = 0; j < h; j++) {
        const k = r * h + j;
        const o = r * h4 + j;
        const d = g[k];
        if (gc) gc[k] += d * gf[k];
        const di = d * gg[k] * gi[k] * (1 - gi[k]);
        const df = d * c.data[k] * gf[k] * (1 - gf[k]);
        const dg = d * gi[k] * (1 - gg[k] * gg[k]);
        for (const buf of [gx, gh]) {
          if (!buf) continue;
          buf[o] += di;
          buf[o + h] += df;
          buf[o + 2 * h] += dg;
        }
      }
  });
}

/** LSTM: (xw, hw, c') → h' = σ(a_o)·tanh(c') (B, H). */
export function lstmCellOutput(xw: Var, hw: Var, c: Var): Var {
  const [b, h4] = xw.shape;
  const h = h4 / 4;
  const out = new Float32Array(b * h);
  const go = new Float32Array(b * h);
  const tc = new Float32Array(b * h);
  for (let r = 0; r < b; r++)
    for (let j = 0; j < h; j++) {
      const o = r * h4 + 3 * h + j;
      const k = r * h + j;
      go[k] = sigmoid(xw.data[o] + hw.data[o]);
      tc[k] = Math.tanh(c.data[k]);
      out[k] = go[k] * tc[k];
    }
  return Var.result("lstmCellOutput", out, [b, h], [xw, hw, c], (g) => {
    const gx = xw.gradBuffer();
    const gh = hw.gradBuffer();
    const gc = c.gradBuffer();
    for (let r = 0; r < b; r++)
      for (let j = 0; j < h; j++) {
        const k = r * h + j;
        const o = r * h4 + 3 * h + j;
        const d = g[k];
        const da = d * tc[k] * go[k] * (1 - go[k]);
        if (gx) gx[o] += da;
        if (gh) gh[o] += da;
        if (gc) gc[k] += d * go[k] * (1 - tc[k] * tc[k]);
      }
  });
}

/** GRU: (xw, hw, h) → h' (B, H). */
export function gruCell(xw: Var, hw: Var, hPrev: Var): Var {
  const [b, h3] = xw.shape;
  const h = h3 / 3;
  const out = new Float32Array(b * h);
  const rr = new Float32Array(b * h);
  const zz = new Float32Array(b * h);
  const nn = new Float32Array(b * h);
  for (let r = 0; r < b; r++)
    for (let j = 0; j < h; j++) {
      const o = r * h3 + j;
      const k = r * h + j;
      rr[k] = sigmoid(xw.data[o] + hw.data[o]);
      zz[k] = sigmoid(xw.data[o + h] + hw.data[o + h]);
      nn[k] = Math.tanh(xw.data[o + 2 * h] + rr[k] * hw.data[o + 2 * h]);
      out[k] = nn[k] + zz[k] * (hPrev.data[k] - nn[k]);
    }
  return Var.result("gruCell", out, [b, h], [xw, hw, hPrev], (g) => {
    const gx = xw.gradBuffer();
    const gh = hw.gradBuffer();
    const gp = hPrev.gradBuffer();
    for (let r = 0; r < b; r++)
      for (let j = 0; j < h; j++) {
        const k = r * h + j;
        const o = r * h3 + j;
        const d = g[k];
        if (gp) gp[k] += d * zz[k];
        const dan = d * (1 - zz[k]) * (1 - nn[k] * nn[k]);
        const hn = hw.data[o + 2 * h];
        const dar = dan * hn * rr[k] * (1 - rr[k]);
        const daz = d * (hPrev.data[k] - nn[k]) * zz[k] * (1 - zz[k]);
        if (gx) {
          gx[o] += dar;
          gx[o + h] += daz;
          gx[o + 2 * h] += dan;
        }
        if (gh) {
          gh[o] += dar;
          gh[o + h] += daz;
          gh[o + 2 * h] += dan * rr[k];
        }
      }
  });
}

/**
 * Reference operations on f32 buffers, written to be read. Convention: the first argument is the
 * output buffer, then inputs, then sizes; `out` may be the same array as an input (in-place).
 * Matrices are row-major; "rows × dim" means `rows` consecutive vectors of `dim` values.
 *
 *   add(out, a, b) · mul(out, a, b) · scale(out, a, s)       b may be one row, broadcast over a's rows
 *   softmax(out, x, rows, dim, mask?) · logSoftmax(out, x, rows, dim)
 *   layerNormRef(out, x, rows, dim, weight?, bias?, eps) · rmsNormRef(out, x, rows, dim, weight?, eps)
 *   gelu(out, x) (erf form) · geluTanhRef(out, x) · siluRef(out, x) · swigluRef(out, gate, up)
 *   addBiasRef(y, b, rows) · addInPlaceRef(x, y, count)
 *   embedding(out, table, ids) · argmax(x) · topK(x, k)
 * The ops with a `Ref` suffix also have a fast version of the same name without it (fast-ops.ts),
 * which is what the layers call. Matrix products: matmul.ts. Attention: attention.ts. RoPE: src/nn/rope.ts.
 */
import { dequantizeRow } from "./dtypes.ts";
import { rowStart } from "./matmul.ts";
import type { Storage, Tensor } from "./tensor.ts";

function checkBroadcast(name: string, a: Float32Array, b: Float32Array): void {
  if (b.length === 0 || a.length % b.length !== 0)
    throw new RangeError(`${name}: ${b.length} values cannot be broadcast over ${a.length}`);
}

/** out = a + b elementwise; b is repeated when shorter (e.g. a bias row added to every token). */
export function add(out: Float32Array, a: Float32Array, b: Float32Array): Float32Array {
  checkBroadcast("add", a, b);
  const m = b.length;
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i % m];
  return out;
}

/** out = a ⊙ b elementwise; b is repeated when shorter. */
export function mul(out: Float32Array, a: Float32Array, b: Float32Array): Float32Array {
  checkBroadcast("mul", a, b);
  const m = b.length;
  for (let i = 0; i < a.length; i++) out[i] = a[i] * b[i % m];
  return out;
}

/** out = s · a. */
export function scale(out: Float32Array, a: Float32Array, s: number): Float32Array {
  for (let i = 0; i < a.length; i++) out[i] = a[i] * s;
  return out;
}

/**
 * Row-wise softmax: out_i = exp(x_i − max) / Σ_j exp(x_j − max). Subtracting the row max changes
 * nothing mathematically but keeps exp() from overflowing. `mask` (rows × dim, or one row) is
 * ADDED to x first: 0 keeps a position, −Infinity removes it (the causal mask). A row masked
 * entirely gives zeros.
 *
 *   softmax(out, [1, 2, 3], 1, 3) → [0.090, 0.245, 0.665]
 */
export function softmax(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  dim: number,
  mask?: Float32Array,
): Float32Array {
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    const mo = mask ? (mask.length === dim ? 0 : o) : 0;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < dim; i++) {
      const v = x[o + i] + (mask ? mask[mo + i] : 0);
      out[o + i] = v;
      if (v > max) max = v;
    }
    if (max === Number.NEGATIVE_INFINITY) {
      out.fill(0, o, o + dim);
      continue;
    }
    let sum = 0;
    for (let i = 0; i < dim; i++) {
      const e = Math.exp(out[o + i] - max);
      out[o + i] = e;
      sum += e;
    }
    for (let i = 0; i < dim; i++) out[o + i] = out[o + i] / sum;
  }
  return out;
}

/** Row-wise log-softmax: out_i = x_i − max − log Σ_j exp(x_j − max) (the "logprob" of a logit). */
export function logSoftmax(out: Float32Array, x: Float32Array, rows: number, dim: number): Float32Array {
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < dim; i++) if (x[o + i] > max) max = x[o + i];
    let sum = 0;
    for (let i = 0; i < dim; i++) sum += Math.exp(x[o + i] - max);
    const lse = max + Math.log(sum);
    for (let i = 0; i < dim; i++) out[o + i] = x[o + i] - lse;
  }
  return out;
}

/**
 * LayerNorm (Ba et al. 2016): y = (x − mean) / sqrt(var + eps) · weight + bias, per row.
 * var is the biased variance (divide by dim), as in PyTorch and ggml.
 */
export function layerNormRef(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  dim: number,
  weight: Float32Array | undefined,
  bias: Float32Array | undefined,
  eps: number,
): Float32Array {
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let mean = 0;
    for (let i = 0; i < dim; i++) mean += x[o + i];
    mean /= dim;
    let v = 0;
    for (let i = 0; i < dim; i++) v += (x[o + i] - mean) ** 2;
    const inv = 1 / Math.sqrt(v / dim + eps);
    for (let i = 0; i < dim; i++) {
      const y = (x[o + i] - mean) * inv;
      out[o + i] = y * (weight ? weight[i] : 1) + (bias ? bias[i] : 0);
    }
  }
  return out;
}

/** RMSNorm (Zhang & Sennrich 2019): y = x / sqrt(mean(x²) + eps) · weight, per row. No centring. */
export function rmsNormRef(
  out: Float32Array,
  x: Float32Array,
  rows: number,
  dim: number,
  weight: Float32Array | undefined,
  eps: number,
): Float32Array {
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let ss = 0;
    for (let i = 0; i < dim; i++) ss += x[o + i] * x[o + i];
    const inv = 1 / Math.sqrt(ss / dim + eps);
    for (let i = 0; i < dim; i++) out[o + i] = x[o + i] * inv * (weight ? weight[i] : 1);
  }
  return out;
}

/**
 * erf(x), Abramowitz & Stegun 7.1.26 refined: max error 1.2e-7 (W. H. Press et al., Numerical
 * Recipes §6.2, erfc via Chebyshev fit) — below f32 resolution for GELU's use.
 */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - r : r - 1;
}

/** GELU, exact form (BERT, HF "gelu"): x · Φ(x) = 0.5·x·(1 + erf(x/√2)). */
export function gelu(out: Float32Array, x: Float32Array): Float32Array {
  for (let i = 0; i < x.length; i++) out[i] = 0.5 * x[i] * (1 + erf(x[i] * Math.SQRT1_2));
  return out;
}

/** GELU, tanh approximation (GPT-2, "gelu_new", llama.cpp): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function geluTanhRef(out: Float32Array, x: Float32Array): Float32Array {
  const c = Math.sqrt(2 / Math.PI);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = 0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v * v * v)));
  }
  return out;
}

/** SiLU / swish: x · σ(x) = x / (1 + e^−x). */
export function siluRef(out: Float32Array, x: Float32Array): Float32Array {
  for (let i = 0; i < x.length; i++) out[i] = x[i] / (1 + Math.exp(-x[i]));
  return out;
}

/** SwiGLU (Shazeer 2020), the Llama/Qwen feed-forward gate: out = silu(gate) ⊙ up. */
export function swigluRef(out: Float32Array, gate: Float32Array, up: Float32Array): Float32Array {
  if (gate.length !== up.length)
    throw new RangeError(`swiglu: gate has ${gate.length} values, up ${up.length}`);
  for (let i = 0; i < gate.length; i++) {
    const g = gate[i];
    out[i] = (g / (1 + Math.exp(-g))) * up[i];
  }
  return out;
}

/** A linear layer's bias: y (rows, cols) += b (cols) on every row. */
export function addBiasRef(y: Float32Array, b: Float32Array, rows: number): Float32Array {
  const cols = b.length;
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) y[o + j] += b[j];
  }
  return y;
}

/** The residual connection: x += y over the first `count` values. */
export function addInPlaceRef(x: Float32Array, y: Float32Array, count: number): Float32Array {
  for (let i = 0; i < count; i++) x[i] += y[i];
  return x;
}

/**
 * Embedding lookup: out(ids.length, dim) gets row ids[t] of `table` (vocab, dim), in any dtype
 * (quantized rows are dequantized to f32).
 */
export function embedding(out: Float32Array, table: Tensor, ids: ArrayLike<number>): Float32Array {
  if (table.shape.length !== 2) throw new RangeError(`embedding: table must be 2-D, got [${table.shape}]`);
  const [vocab, dim] = table.shape as [number, number];
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t];
    if (!Number.isInteger(id) || id < 0 || id >= vocab)
      throw new RangeError(`embedding: token id ${id} is outside the table's ${vocab} rows`);
    dequantizeRow(table.dtype, table.data as Storage, rowStart(table, id), out, dim, t * dim);
  }
  return out;
}

/** Index of the largest value of x[offset .. offset+n) (first one on ties), relative to offset. */
export function argmax(x: Float32Array, offset = 0, n = x.length - offset): number {
  let best = 0;
  let bestV = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (x[offset + i] > bestV) {
      bestV = x[offset + i];
      best = i;
    }
  }
  return best;
}

/**
 * The k largest values of x, largest first (ties: lower index first).
 * A small min-heap keeps it O(n log k): fine for a 150k-token vocabulary.
 */
export function topK(x: Float32Array, k: number): { indices: number[]; values: number[] } {
  k = Math.min(k, x.length);
  const heap: number[] = []; // indices; heap[0] is the worst kept one
  const worse = (a: number, b: number) => x[a] < x[b] || (x[a] === x[b] && a > b);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l], heap[m])) m = l;
      if (r < heap.length && worse(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (let i = 0; i < x.length && k > 0; i++) {
    if (heap.length < k) {
      heap.push(i);
      for (let c = heap.length - 1; c > 0; ) {
        const p = (c - 1) >> 1;
        if (!worse(heap[c], heap[p])) break;
        [heap[c], heap[p]] = [heap[p], heap[c]];
        c = p;
      }
    } else if (worse(heap[0], i)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  const indices = heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
  return { indices, values: indices.map((i) => x[i]) };
}

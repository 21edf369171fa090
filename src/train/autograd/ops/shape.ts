/**
 * Shape ops: reshape, transpose (any two axes), slice and concat along the last axis.
 * None changes a value; each backward puts every gradient back where its value came from.
 */
import { Var } from "../variable.ts";

/** Same values, new shape (one dimension may be −1). */
export function reshape(x: Var, shape: readonly number[]): Var {
  const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const full = shape.map((d) => (d === -1 ? x.size / known : d));
  if (full.reduce((a, b) => a * b, 1) !== x.size)
    throw new RangeError(`reshape: [${x.shape}] cannot become [${shape}]`);
  return Var.result("reshape", x.data, full, [x], (g) => {
    const gx = x.gradBuffer();
    if (gx) for (let i = 0; i < g.length; i++) gx[i] += g[i];
  });
}

/** Swaps axes a and b (a copy):  (B, T, H, D) transpose(1, 2) → (B, H, T, D). */
export function transpose(x: Var, a: number, b: number): Var {
  const nd = x.shape.length;
  if (a < 0) a += nd;
  if (b < 0) b += nd;
  if (a < 0 || b < 0 || a >= nd || b >= nd)
    throw new RangeError(`transpose: axes ${a}, ${b} of [${x.shape}]`);
  const shape = [...x.shape];
  [shape[a], shape[b]] = [shape[b], shape[a]];
  const map = permutationIndex(x.shape, a, b);
  const y = new Float32Array(x.size);
  for (let e = 0; e < y.length; e++) y[e] = x.data[map[e]];
  return Var.result("transpose", y, shape, [x], (g) => {
    const gx = x.gradBuffer();
    if (gx) for (let e = 0; e < g.length; e++) gx[map[e]] += g[e];
  });
}

/** For each element of the transposed tensor, its index in the original. */
function permutationIndex(shape: readonly number[], a: number, b: number): Int32Array {
  const nd = shape.length;
  const strides = new Array<number>(nd);
  let s = 1;
  for (let i = nd - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  const outShape = [...shape];
  [outShape[a], outShape[b]] = [outShape[b], outShape[a]];
  const outStrides = [...strides];
  [outStrides[a], outStrides[b]] = [outStrides[b], outStrides[a]];
  const map = new Int32Array(s);
  const pos = new Array<number>(nd).fill(0);
  let at = 0;
  for (let e = 0; e < s; e++) {
    map[e] = at;
    for (let i = nd - 1; i >= 0; i--) {
      pos[i]++;
      at += outStrides[i];
      if (pos[i] < outShape[i]) break;
      at -= outStrides[i] * pos[i];
      pos[i] = 0;
    }
  }
  return map;
}

/** x[…, start:end] (the fused q/k/v projection of GPT-2 is cut this way). */
export function sliceLast(x: Var, start: number, end: number): Var {
  const n = x.lastDim;
  if (!(start >= 0 && start < end && end <= n))
    throw new RangeError(`sliceLast: [${start}, ${end}) of last axis ${n}`);
  const w = end - start;
  const rows = x.size / n;
  const y = new Float32Array(rows * w);
  for (let r = 0; r < rows; r++) y.set(x.data.subarray(r * n + start, r * n + end), r * w);
  return Var.result("sliceLast", y, [...x.shape.slice(0, -1), w], [x], (g) => {
    const gx = x.gradBuffer();
    if (gx) for (let r = 0; r < rows; r++) for (let j = 0; j < w; j++) gx[r * n + start + j] += g[r * w + j];
  });
}

/** Joins along the last axis; every other dimension must agree. */
export function concatLast(xs: Var[]): Var {
  if (xs.length === 0) throw new RangeError("concatLast: nothing to join");
  const lead = xs[0].shape.slice(0, -1);
  const rows = xs[0].size / xs[0].lastDim;
  for (const x of xs)
    if (x.shape.length !== lead.length + 1 || x.shape.slice(0, -1).some((d, i) => d !== lead[i]))
      throw new RangeError(`concatLast: [${x.shape}] does not match [${xs[0].shape}] before the last axis`);
  const widths = xs.map((x) => x.lastDim);
  const n = widths.reduce((a, b) => a + b, 0);
  const y = new Float32Array(rows * n);
  let off = 0;
  for (const x of xs) {
    const w = x.lastDim;
    for (let r = 0; r < rows; r++) y.set(x.data.subarray(r * w, r * w + w), r * n + off);
    off += w;
  }
  return Var.result("concatLast", y, [...lead, n], xs, (g) => {
    let o = 0;
    for (const x of xs) {
      const w = x.lastDim;
      const gx = x.gradBuffer();
      if (gx) for (let r = 0; r < rows; r++) for (let j = 0; j < w; j++) gx[r * w + j] += g[r * n + o + j];
      o += w;
    }
  });
}

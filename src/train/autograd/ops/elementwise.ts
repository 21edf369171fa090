/**
 * add, sub, mul with NumPy broadcasting, and scale.
 *
 * Broadcasting lines the shapes up from the right; a dimension of 1 (or a missing one) repeats:
 *   (B, T, C) + (C)       → (B, T, C)    a bias
 *   (B, T, 1) * (B, T, C) → (B, T, C)    a per-row factor
 * The backward of a broadcast input sums the output gradient over the dimensions it was repeated
 * along: ∂L/∂b[c] = Σ_{b,t} ∂L/∂y[b,t,c] for a bias.
 */
import { Var } from "../variable.ts";

/** The broadcast shape of a and b, or an error naming both. */
export function broadcastShape(a: readonly number[], b: readonly number[], op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1)
      throw new RangeError(`${op}: shapes [${a}] and [${b}] do not broadcast`);
    out[i] = Math.max(da, db);
  }
  return out;
}

/**
 * For each element of the output (shape `out`), the index of the element of an input of shape `s`
 * that it reads. [2,3] broadcast to [4,2,3] → 0,1,2,3,4,5, 0,1,…
 */
export function broadcastIndex(s: readonly number[], out: readonly number[]): Int32Array {
  const size = out.reduce((a, b) => a * b, 1);
  const idx = new Int32Array(size);
  const n = out.length;
  const strides = new Array<number>(n).fill(0);
  let st = 1;
  for (let i = n - 1; i >= 0; i--) {
    const d = s[s.length - n + i] ?? 1;
    strides[i] = d === 1 ? 0 : st;
    st *= d;
  }
  const pos = new Array<number>(n).fill(0);
  let at = 0;
  for (let e = 0; e < size; e++) {
    idx[e] = at;
    for (let i = n - 1; i >= 0; i--) {
      pos[i]++;
      at += strides[i];
      if (pos[i] < out[i]) break;
      at -= strides[i] * pos[i];
      pos[i] = 0;
    }
  }
  return idx;
}

/** How input `x` maps onto the output: "same", "rows" (x repeats every x.size elements) or an index map. */
function layout(x: Var, out: readonly number[], size: number): "same" | "rows" | Int32Array {
  if (x.size === size) return "same";
  const k = x.shape.length;
  const suffix = out.slice(out.length - k).every((d, i) => d === x.shape[i]);
  return suffix ? "rows" : broadcastIndex(x.shape, out);
}

function readAt(x: Var, how: "same" | "rows" | Int32Array, e: number): number {
  if (how === "same") return x.data[e];
  if (how === "rows") return x.data[e % x.size];
  return x.data[how[e]];
}

/** gx[map(e)] += g[e]·f(e): the backward of an input that may have been broadcast. */
function accumulate(
  gx: Float32Array,
  how: "same" | "rows" | Int32Array,
  g: Float32Array,
  f?: (e: number) => number,
): void {
  const n = g.length;
  if (how === "same") for (let e = 0; e < n; e++) gx[e] += f ? g[e] * f(e) : g[e];
  else if (how === "rows") {
    const m = gx.length;
    for (let e = 0; e < n; e++) gx[e % m] += f ? g[e] * f(e) : g[e];
  } else for (let e = 0; e < n; e++) gx[how[e]] += f ? g[e] * f(e) : g[e];
}

function binary(op: "add" | "sub" | "mul", a: Var, b: Var): Var {
  const shape = broadcastShape(a.shape, b.shape, op);
  const size = shape.reduce((x, y) => x * y, 1);
  const la = layout(a, shape, size);
  const lb = layout(b, shape, size);
  const y = new Float32Array(size);
  if (la === "same" && lb === "same") {
    const ad = a.data;
    const bd = b.data;
    if (op === "add") for (let e = 0; e < size; e++) y[e] = ad[e] + bd[e];
    else if (op === "sub") for (let e = 0; e < size; e++) y[e] = ad[e] - bd[e];
    else for (let e = 0; e < size; e++) y[e] = ad[e] * bd[e];
  } else {
    for (let e = 0; e < size; e++) {
      const u = readAt(a, la, e);
      const v = readAt(b, lb, e);
      y[e] = op === "add" ? u + v : op === "sub" ? u - v : u * v;
    }
  }
  return Var.result(op, y, shape, [a, b], (g) => {
    const ga = a.gradBuffer();
    const gb = b.gradBuffer();
    if (op === "add") {
      if (ga) accumulate(ga, la, g);
      if (gb) accumulate(gb, lb, g);
    } else if (op === "sub") {
      if (ga) accumulate(ga, la, g);
      if (gb) accumulate(gb, lb, g, () => -1);
    } else {
      // y = a·b:  ∂y/∂a = b,  ∂y/∂b = a
      if (ga) accumulate(ga, la, g, (e) => readAt(b, lb, e));
      if (gb) accumulate(gb, lb, g, (e) => readAt(a, la, e));
    }
  });
}

/** a + b (broadcast). */
export function add(a: Var, b: Var): Var {
  return binary("add", a, b);
}

/** a − b (broadcast). */
export function sub(a: Var, b: Var): Var {
  return binary("sub", a, b);
}

/** a ⊙ b, element by element (broadcast). */
export function mul(a: Var, b: Var): Var {
  return binary("mul", a, b);
}

/** c·x for a number c:  ∂y/∂x = c. */
export function scale(x: Var, c: number): Var {
  const y = new Float32Array(x.size);
  for (let i = 0; i < y.length; i++) y[i] = c * x.data[i];
  return Var.result("scale", y, x.shape, [x], (g) => {
    const gx = x.gradBuffer();
    if (gx) for (let i = 0; i < g.length; i++) gx[i] += c * g[i];
  });
}

/**
 * linear (y = x·Wᵀ + b, the nn.Linear layout W [out, in]) and matmul (y = a·b).
 *
 *   y = x·Wᵀ + b          x (…, k), W (rows, k), b (rows)        → y (…, rows)
 *   ∂L/∂x = ∂L/∂y · W     ∂L/∂W = (∂L/∂y)ᵀ · x     ∂L/∂b = Σ_rows ∂L/∂y
 *
 * The products run on kernels.ts (wasm kernels, or the reference loops).
 */
import { linearBackwardInput, linearBackwardWeight, linearForward } from "../kernels.ts";
import { Var } from "../variable.ts";

/** y = x·Wᵀ (+ b). A tied output head is `linear(h, wte)`: wte gets the head's gradient too. */
export function linear(x: Var, w: Var, b?: Var): Var {
  if (w.shape.length !== 2) throw new RangeError(`linear: weight must be 2-D [out, in], got [${w.shape}]`);
  const [rows, k] = w.shape;
  if (x.lastDim !== k)
    throw new RangeError(`linear: input [${x.shape}] does not end in the weight's ${k} inputs`);
  if (b && (b.size !== rows || b.shape.length !== 1))
    throw new RangeError(`linear: bias [${b.shape}] is not [${rows}]`);
  const n = x.size / k;
  const y = new Float32Array(n * rows);
  linearForward(y, x.data, n, w.data, rows, k);
  if (b) for (let t = 0; t < n; t++) for (let r = 0; r < rows; r++) y[t * rows + r] += b.data[r];
  const shape = [...x.shape.slice(0, -1), rows];
  return Var.result("linear", y, shape, b ? [x, w, b] : [x, w], (dy) => {
    const gx = x.gradBuffer();
    if (gx) {
      const dx = new Float32Array(n * k);
      linearBackwardInput(dx, dy, n, w.data, rows, k);
      for (let i = 0; i < dx.length; i++) gx[i] += dx[i];
    }
    const gw = w.gradBuffer();
    if (gw) {
      const dw = new Float32Array(rows * k);
      linearBackwardWeight(dw, dy, n, x.data, rows, k);
      for (let i = 0; i < dw.length; i++) gw[i] += dw[i];
    }
    const gb = b?.gradBuffer();
    if (gb) for (let t = 0; t < n; t++) for (let r = 0; r < rows; r++) gb[r] += dy[t * rows + r];
  });
}

/**
 * y = a·b: a (…, m, k) and b (k, n) or b (…, k, n) with the same leading dimensions as a.
 *   ∂L/∂a = ∂L/∂y · bᵀ      ∂L/∂b = aᵀ · ∂L/∂y
 * Plain loops (the models' products go through `linear`).
 */
export function matmul(a: Var, b: Var): Var {
  if (a.shape.length < 2 || b.shape.length < 2)
    throw new RangeError(`matmul: needs ≥ 2-D operands, got [${a.shape}] and [${b.shape}]`);
  const m = a.shape[a.shape.length - 2];
  const k = a.lastDim;
  const kb = b.shape[b.shape.length - 2];
  const n = b.lastDim;
  if (k !== kb) throw new RangeError(`matmul: [${a.shape}]·[${b.shape}]: inner sizes ${k} and ${kb} differ`);
  const batch = a.size / (m * k);
  const shared = b.shape.length === 2;
  if (!shared && b.size / (k * n) !== batch)
    throw new RangeError(`matmul: [${a.shape}]·[${b.shape}]: batch dimensions differ`);
  const y = new Float32Array(batch * m * n);
  for (let s = 0; s < batch; s++) {
    const ao = s * m * k;
    const bo = shared ? 0 : s * k * n;
    const yo = s * m * n;
    for (let i = 0; i < m; i++)
      for (let p = 0; p < k; p++) {
        const aip = a.data[ao + i * k + p];
        for (let j = 0; j < n; j++) y[yo + i * n + j] += aip * b.data[bo + p * n + j];
      }
  }
  return Var.result("matmul", y, [...a.shape.slice(0, -1), n], [a, b], (dy) => {
    const ga = a.gradBuffer();
    const gb = b.gradBuffer();
    for (let s = 0; s < batch; s++) {
      const ao = s * m * k;
      const bo = shared ? 0 : s * k * n;
      const yo = s * m * n;
      for (let i = 0; i < m; i++)
        for (let p = 0; p < k; p++) {
          let acc = 0;
          const aip = a.data[ao + i * k + p];
          for (let j = 0; j < n; j++) {
            const g = dy[yo + i * n + j];
            acc += g * b.data[bo + p * n + j];
            if (gb) gb[bo + p * n + j] += aip * g;
          }
          if (ga) ga[ao + i * k + p] += acc;
        }
    }
  });
}

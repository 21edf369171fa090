/**
 * Principal component analysis, to draw word vectors on a page: 100 dimensions down to 2 or 3.
 *
 * The principal directions are the top eigenvectors of the covariance C = XᵀX / (m − 1) of the
 * centred rows X (m, dim). Power iteration finds the top one: start anywhere, repeat v ← C·v / |C·v|;
 * the component along the largest eigenvalue grows fastest and wins. For the next one, remove what
 * was found (deflation: v ← v − (v·p)p for each earlier p) and repeat. C is never built: C·v = Xᵀ(X·v).
 *
 *   const { points } = pca(vectors, m, 100, 2);   // points (m, 2): x, y per word
 */
export interface PcaResult {
  /** (m, k): the rows projected on the k principal directions. */
  points: Float32Array;
  /** (k, dim): the principal directions, unit length. */
  components: Float32Array;
  /** (k): the share of the total variance each direction explains. */
  explainedVarianceRatio: number[];
}

export function pca(
  rows: Float32Array,
  m: number,
  dim: number,
  k: 2 | 3 | number,
  iterations = 200,
): PcaResult {
  if (m < 2) throw new RangeError(`pca: need at least 2 rows, got ${m}`);
  if (k < 1 || k > dim) throw new RangeError(`pca: k must be in 1..${dim}, got ${k}`);
  // Centre.
  const mean = new Float64Array(dim);
  for (let i = 0; i < m; i++) for (let d = 0; d < dim; d++) mean[d] = mean[d] + rows[i * dim + d] / m;
  const x = new Float64Array(m * dim);
  let totalVariance = 0;
  for (let i = 0; i < m; i++) {
    for (let d = 0; d < dim; d++) {
      const v = rows[i * dim + d] - mean[d];
      x[i * dim + d] = v;
      totalVariance += v * v;
    }
  }
  totalVariance /= m - 1;

  const components = new Float32Array(k * dim);
  const found: Float64Array[] = [];
  const ratios: number[] = [];
  const xv = new Float64Array(m);
  let seed = 12345; // a fixed start, so plots do not flip between runs
  for (let c = 0; c < k; c++) {
    let v = new Float64Array(dim).map(() => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32 - 0.5;
    });
    let eigenvalue = 0;
    for (let it = 0; it < iterations; it++) {
      deflate(v, found);
      // w = Xᵀ (X v) / (m − 1)
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += x[i * dim + d] * v[d];
        xv[i] = s;
      }
      const w = new Float64Array(dim);
      for (let i = 0; i < m; i++) for (let d = 0; d < dim; d++) w[d] = w[d] + x[i * dim + d] * xv[i];
      for (let d = 0; d < dim; d++) w[d] = w[d] / (m - 1);
      deflate(w, found);
      const norm = Math.hypot(...w);
      if (norm === 0) break;
      for (let d = 0; d < dim; d++) w[d] = w[d] / norm;
      let change = 0;
      for (let d = 0; d < dim; d++) change += Math.abs(w[d] - v[d]);
      v = w;
      eigenvalue = norm;
      if (change < 1e-10) break;
    }
    // A sign convention (largest coordinate positive) so results do not depend on the start.
    let big = 0;
    for (let d = 0; d < dim; d++) if (Math.abs(v[d]) > Math.abs(v[big])) big = d;
    if (v[big] < 0) for (let d = 0; d < dim; d++) v[d] = -v[d];
    found.push(v);
    components.set(v, c * dim);
    ratios.push(totalVariance > 0 ? eigenvalue / totalVariance : 0);
  }
  const points = new Float32Array(m * k);
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += x[i * dim + d] * found[c][d];
      points[i * k + c] = s;
    }
  }
  return { points, components, explainedVarianceRatio: ratios };
}

function deflate(v: Float64Array, found: Float64Array[]): void {
  for (const p of found) {
    let dot = 0;
    for (let d = 0; d < v.length; d++) dot += v[d] * p[d];
    for (let d = 0; d < v.length; d++) v[d] = v[d] - dot * p[d];
  }
}

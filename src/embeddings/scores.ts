/**
 * scores = M · q: the dot product of one query with every row of a (rows, dim) matrix — the whole
 * cost of a nearest-neighbour or analogy query. For 400k words × 100 dims that is 40M multiply-adds.
 *
 * Blocked: four rows at a time, so each q[d] loaded from memory serves four rows and the four
 * running sums stay in registers. Sums are accumulated in float64 (JS numbers), stored as float32.
 */
export function matVec(
  out: Float32Array,
  matrix: Float32Array,
  rows: number,
  dim: number,
  q: Float32Array,
  firstRow = 0,
): void {
  let r = firstRow;
  for (; r + 4 <= rows; r += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const b0 = r * dim;
    const b1 = b0 + dim;
    const b2 = b1 + dim;
    const b3 = b2 + dim;
    for (let d = 0; d < dim; d++) {
      const x = q[d];
      s0 += matrix[b0 + d] * x;
      s1 += matrix[b1 + d] * x;
      s2 += matrix[b2 + d] * x;
      s3 += matrix[b3 + d] * x;
    }
    out[r] = s0;
    out[r + 1] = s1;
    out[r + 2] = s2;
    out[r + 3] = s3;
  }
  for (; r < rows; r++) {
    let s = 0;
    const b = r * dim;
    for (let d = 0; d < dim; d++) s += matrix[b + d] * q[d];
    out[r] = s;
  }
}

/**
 * Embedding lookup: row ids[i] of the table.  y[i, :] = table[ids[i], :]
 * Backward scatters: ∂L/∂table[v, :] += ∂L/∂y[i, :] for every i with ids[i] = v.
 */
import { Var } from "../variable.ts";

/** ids (shape `idShape`, e.g. [B, T]) → (…idShape, D). */
export function embedding(table: Var, ids: Int32Array, idShape: readonly number[] = [ids.length]): Var {
  if (table.shape.length !== 2)
    throw new RangeError(`embedding: table must be 2-D [V, D], got [${table.shape}]`);
  const [vocab, d] = table.shape;
  const y = new Float32Array(ids.length * d);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!(id >= 0 && id < vocab)) throw new RangeError(`embedding: id ${id} is outside 0..${vocab - 1}`);
    y.set(table.data.subarray(id * d, id * d + d), i * d);
  }
  return Var.result("embedding", y, [...idShape, d], [table], (g) => {
    const gt = table.gradBuffer();
    if (!gt) return;
    for (let i = 0; i < ids.length; i++) {
      const o = ids[i] * d;
      for (let j = 0; j < d; j++) gt[o + j] += g[i * d + j];
    }
  });
}

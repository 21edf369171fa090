/**
 * Token embedding: a lookup table (vocab, dim); token id t becomes row t. Nothing is multiplied —
 * the "layer" is a gather. Rows of a quantized table (q8_0, q4_K, f16 …) are dequantized on the fly.
 *
 * Worked example: table [[0,0],[1,2],[3,4]], ids [2, 1] → [[3,4],[1,2]].
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { readRow } from "./weight-ops.ts";

export class Embedding {
  readonly table: Tensor;
  readonly count: number;
  readonly dim: number;

  constructor(
    table: Tensor,
    readonly name = "embedding",
  ) {
    if (table.shape.length !== 2) {
      throw new TongguanError(t("nn.embedding.anEmbeddingTableMust", { name, shape: table.shape }));
    }
    this.table = table;
    this.count = table.shape[0];
    this.dim = table.shape[1];
  }

  /** out (ids.length, dim) ← rows `ids` of the table. Ids outside 0..count−1 are an error. */
  forward(out: Float32Array, ids: ArrayLike<number>): void {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!Number.isInteger(id) || id < 0 || id >= this.count) {
        throw new TongguanError(t("nn.embedding.idIsOutside", { name: this.name, id, v3: this.count - 1 }));
      }
      readRow(out.subarray(i * this.dim, (i + 1) * this.dim), this.table, id);
    }
  }

  /** out (ids.length, dim) += rows `ids` (token types). `row` is scratch of `dim` floats. */
  addRows(out: Float32Array, ids: ArrayLike<number>, row: Float32Array): void {
    for (let i = 0; i < ids.length; i++) this.addRow(out, i, ids[i], row);
  }

  /** out (n, dim) += rows start..start+n−1 (learned positions). `row` is scratch of `dim` floats. */
  addRange(out: Float32Array, n: number, start: number, row: Float32Array): void {
    for (let i = 0; i < n; i++) this.addRow(out, i, start + i, row);
  }

  private addRow(out: Float32Array, i: number, id: number, row: Float32Array): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.count) {
      throw new TongguanError(t("nn.embedding.indexIsOutside", { name: this.name, id, v3: this.count - 1 }));
    }
    readRow(row, this.table, id);
    const o = i * this.dim;
    for (let j = 0; j < this.dim; j++) out[o + j] += row[j];
  }

  get parameters(): number {
    return this.count * this.dim;
  }
}

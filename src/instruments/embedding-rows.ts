/**
 * A causal model's token embeddings: the row of the embedding table each token id selects (before
 * any position is added), with its norm — what `tongguan embed MODEL --tokens TEXT` prints.
 *
 *   " cat" → id 3797 → row 3797 of wte (vocab, dim): [0.012, -0.094, …], ‖row‖ = 3.1
 */
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import type { Model } from "../models/index.ts";
import type { Embedding } from "../nn/embedding.ts";

export interface EmbeddingRow {
  id: number;
  /** The full row (dim values). */
  values: number[];
  norm: number;
}

/** The token-embedding table of a model (GPT-2's wte, Llama's embed_tokens, BERT's word embeddings). */
function tableOf(model: Model): Embedding {
  const m = model as unknown as { wte?: Embedding; embedTokens?: Embedding; word?: Embedding };
  const table = m.wte ?? m.embedTokens ?? m.word;
  if (!table)
    throw new TongguanError(t("instruments.embeddingRows.aModelHasNo", { architecture: model.architecture }));
  return table;
}

export function embeddingRows(
  model: Model,
  ids: number[],
): { dim: number; vocab: number; rows: EmbeddingRow[] } {
  const table = tableOf(model);
  const out = new Float32Array(ids.length * table.dim); // (n, dim)
  table.forward(out, ids);
  const rows = ids.map((id, i) => {
    const values = Array.from(out.subarray(i * table.dim, (i + 1) * table.dim));
    return { id, values, norm: Math.sqrt(values.reduce((s, v) => s + v * v, 0)) };
  });
  return { dim: table.dim, vocab: table.count, rows };
}

/**
 * A batches file: one JSON line per step, `{"inputs": [[ids]], "targets": [[ids]]}`, B rows of T
 * ids each (targets are usually the inputs shifted by one). Every line is checked before training
 * starts: rectangular, the same shape for inputs and targets, ids inside the vocabulary.
 */
import { readFileSync } from "node:fs";
import { TongguanError } from "../errors.ts";
import { t as tr } from "../messages/index.ts";

export interface Batch {
  inputs: Int32Array; // (B, T)
  targets: Int32Array; // (B, T)
  batch: number;
  steps: number;
}

export function readBatches(path: string, vocabSize: number, contextLength: number): Batch[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new TongguanError(
      tr("train.batches.batches", {
        path,
        v2: (e as NodeJS.ErrnoException).code === "ENOENT" ? tr("train.noSuchFile") : (e as Error).message,
      }),
    );
  }
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new TongguanError(tr("train.batches.batchesNoBatchesIn", { path }));
  return lines.map((line, i) => {
    const where = `${path} line ${i + 1}`;
    let json: { inputs?: unknown; targets?: unknown };
    try {
      json = JSON.parse(line);
    } catch {
      throw new TongguanError(tr("train.batches.notValidJson", { where }));
    }
    const inputs = rows(json.inputs, `${where} "inputs"`, vocabSize);
    const targets = rows(json.targets, `${where} "targets"`, vocabSize);
    if (inputs.batch !== targets.batch || inputs.steps !== targets.steps)
      throw new TongguanError(
        tr("train.batches.inputsAreButTargets", {
          where,
          batch: inputs.batch,
          steps: inputs.steps,
          batch2: targets.batch,
          steps2: targets.steps,
        }),
      );
    if (inputs.steps > contextLength)
      throw new TongguanError(
        tr("train.batches.rowsOfIdsExceed", { where, steps: inputs.steps, contextLength }),
      );
    return { inputs: inputs.ids, targets: targets.ids, batch: inputs.batch, steps: inputs.steps };
  });
}

function rows(v: unknown, where: string, vocab: number): { ids: Int32Array; batch: number; steps: number } {
  if (!Array.isArray(v) || v.length === 0 || !v.every(Array.isArray))
    throw new TongguanError(tr("train.batches.mustBeANon", { where }));
  const steps = (v[0] as unknown[]).length;
  if (steps === 0) throw new TongguanError(tr("train.batches.rowsAreEmpty", { where }));
  const ids = new Int32Array(v.length * steps);
  (v as unknown[][]).forEach((row, r) => {
    if (row.length !== steps)
      throw new TongguanError(
        tr("train.batches.raggedRowsRowHas", { where, steps, r, rowLength: row.length }),
      );
    row.forEach((id, t) => {
      if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= vocab)
        throw new TongguanError(
          tr("train.batches.idAtRowPosition", { where, id: JSON.stringify(id), r, t, v5: vocab - 1 }),
        );
      ids[r * steps + t] = id as number;
    });
  });
  return { ids, batch: v.length, steps };
}

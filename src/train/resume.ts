/**
 * What a resumable checkpoint adds to the model folder: `optimizer.safetensors` (AdamW's moments,
 * `m.<name>` and `v.<name>` in training layout) and `trainer.json` (the step, the options, the
 * random source's state, the loss log). Written atomically, after the model.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TongguanError } from "../errors.ts";
import { toF32 } from "../formats/cast.ts";
import { readSafetensors } from "../formats/safetensors.ts";
import { writeSafetensors } from "../formats/safetensors-writer.ts";
import { t } from "../messages/index.ts";
import { Tensor } from "../tensor/index.ts";
import { writeFileAtomic } from "./checkpoint.ts";
import type { CurvePoint } from "./loss-curve.ts";
import type { LanguageModel } from "./models/index.ts";
import type { AdamW } from "./optim/index.ts";

export interface TrainerState {
  /** Steps completed. */
  step: number;
  options: Record<string, unknown>;
  rngState: number;
  train: CurvePoint[];
  val: CurvePoint[];
}

export function saveTrainerState(dir: string, model: LanguageModel, opt: AdamW, state: TrainerState): void {
  const tensors = new Map<string, Tensor>();
  [...model.params.keys()].forEach((name, i) => {
    const shape = [...opt.params[i].shape];
    tensors.set(`m.${name}`, new Tensor(shape, "f32", opt.m[i]));
    tensors.set(`v.${name}`, new Tensor(shape, "f32", opt.v[i]));
  });
  writeFileAtomic(join(dir, "optimizer.safetensors"), (tmp) =>
    writeSafetensors(tmp, tensors, { step: String(opt.step) }),
  );
  writeFileAtomic(join(dir, "trainer.json"), (tmp) => writeFileSync(tmp, `${JSON.stringify(state)}\n`));
}

export function hasTrainerState(dir: string): boolean {
  return existsSync(join(dir, "trainer.json"));
}

export function loadTrainerState(dir: string, model: LanguageModel, opt: AdamW): TrainerState {
  const path = join(dir, "trainer.json");
  let state: TrainerState;
  try {
    state = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new TongguanError(t("train.resume.cannotResume", { path, message: (e as Error).message }));
  }
  const f = readSafetensors(join(dir, "optimizer.safetensors"));
  [...model.params.keys()].forEach((name, i) => {
    for (const [key, into] of [
      [`m.${name}`, opt.m[i]],
      [`v.${name}`, opt.v[i]],
    ] as const) {
      if (!f.tensorInfo(key))
        throw new TongguanError(t("train.resume.tensorIsMissingCannot", { path: f.path, key }));
      into.set(toF32(f.loadTensor(key), false).data as Float32Array);
    }
  });
  opt.step = Number(f.metadata.step ?? state.step);
  return state;
}

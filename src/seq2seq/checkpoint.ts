/**
 * A trained seq2seq model on disk: a folder with
 *   config.json        { "format": "tongguan-seq2seq", task, model, config, sourceChars, targetChars, trained }
 *   model.safetensors  every parameter, F32, under its PyTorch name
 * Both are written to a temporary name and renamed, so an interrupted save never leaves a torn file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileError, TongguanError } from "../errors.ts";
import { readSafetensors } from "../formats/safetensors.ts";
import { writeSafetensors } from "../formats/safetensors-writer.ts";
import type { Rng } from "../generation/rng.ts";
import { t as tr } from "../messages/index.ts";
import { writeFileAtomic } from "../train/checkpoint.ts";
import type { Seq2SeqModel } from "./model.ts";
import type { ModelConfig, ModelName } from "./model-config.ts";
import { Params } from "./params.ts";
import { RnnSeq2Seq } from "./rnn-seq2seq.ts";
import { TransformerSeq2Seq } from "./transformer-seq2seq.ts";
import { CharVocab } from "./vocab.ts";

export interface TrainedInfo {
  steps: number;
  seed: number;
  loss: number;
  testAccuracy: number;
  seconds: number;
}

export interface Seq2SeqCheckpoint {
  format: "tongguan-seq2seq";
  task: string;
  model: ModelName;
  config: ModelConfig;
  sourceChars: string;
  targetChars: string;
  trained?: TrainedInfo;
}

export interface LoadedSeq2Seq {
  meta: Seq2SeqCheckpoint;
  model: Seq2SeqModel;
  source: CharVocab;
  target: CharVocab;
}

/** A fresh model of `config`. */
export function createModel(config: ModelConfig, rng: Rng): Seq2SeqModel {
  return config.type === "transformer"
    ? TransformerSeq2Seq.create(config, rng)
    : RnnSeq2Seq.create(config, rng);
}

function modelOf(config: ModelConfig, params: Params): Seq2SeqModel {
  return config.type === "transformer"
    ? new TransformerSeq2Seq(config, params)
    : new RnnSeq2Seq(config, params);
}

export function saveSeq2Seq(dir: string, meta: Seq2SeqCheckpoint, model: Seq2SeqModel): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, "model.safetensors"), (tmp) => writeSafetensors(tmp, model.params.tensors()));
  writeFileAtomic(join(dir, "config.json"), (tmp) => {
    writeFileSync(tmp, `${JSON.stringify(meta, null, 2)}\n`);
  });
}

export function loadSeq2Seq(dir: string): LoadedSeq2Seq {
  const configPath = join(dir, "config.json");
  if (!existsSync(configPath)) {
    throw new TongguanError(tr("seq2seq.checkpoint.notASeqSeq", { dir }));
  }
  let meta: Seq2SeqCheckpoint;
  try {
    meta = JSON.parse(readFileSync(configPath, "utf8"));
  } catch (e) {
    throw fileError(configPath, tr("seq2seq.checkpoint.notValidJson", { message: (e as Error).message }));
  }
  if (meta.format !== "tongguan-seq2seq" || !meta.config || typeof meta.sourceChars !== "string") {
    throw fileError(configPath, tr("seq2seq.checkpoint.notATongguanSeq"));
  }
  // Rebuild the parameter list with the config's shapes, then fill it from the file.
  const fresh = createModel(meta.config, zeroRng);
  const params = new Params();
  for (const [name, v] of fresh.params.byName) params.add(name, [...v.shape], () => 0);
  const file = readSafetensors(join(dir, "model.safetensors"));
  params.load(
    file.loadTensors(
      file.tensors.map((t) => t.name),
      false,
    ),
    file.path,
  );
  return {
    meta,
    model: modelOf(meta.config, params),
    source: new CharVocab(meta.sourceChars),
    target: new CharVocab(meta.targetChars),
  };
}

const zeroRng: Rng = { nextU32: () => 0, nextFloat: () => 0.5 };

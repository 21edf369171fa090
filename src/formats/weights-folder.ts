/**
 * The weights of a Hugging Face folder, in whichever form the repository publishes them — safetensors
 * first, as transformers prefers, then PyTorch pickles:
 *
 *   model.safetensors.index.json → its shards     model.safetensors
 *   pytorch_model.bin.index.json → its shards     pytorch_model.bin    (ChatGLM3-6B: 7 .bin shards + index)
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { TongguanError } from "../errors.ts";
import { t } from "../messages/index.ts";
import { parsePytorchBin, readPytorchBin } from "./pytorch.ts";
import { readSafetensors, readSafetensorsIndex, type SafetensorsCheckpoint } from "./safetensors.ts";

export function readWeightsFolder(dir: string): SafetensorsCheckpoint {
  const at = (name: string) => (existsSync(join(dir, name)) ? join(dir, name) : undefined);
  const stIndex = at("model.safetensors.index.json");
  if (stIndex) return readSafetensorsIndex(stIndex);
  const st = at("model.safetensors");
  if (st) return readSafetensors(st);
  const binIndex = at("pytorch_model.bin.index.json");
  if (binIndex) return readSafetensorsIndex(binIndex, parsePytorchBin);
  const bin = at("pytorch_model.bin");
  if (bin) return readPytorchBin(bin);
  throw new TongguanError(t("formats.weightsFolder.noWeightsInThis", { dir }));
}

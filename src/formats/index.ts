/**
 * Model files: readers, writers and the one loader the models use.
 *
 *   readCheckpoint(path, shapesOf) folder (safetensors + config.json) | .gguf | llama2.c .bin → { config, tensors }
 *   readGguf / writeGguf          GGUF v2/v3 headers, lazy tensors; GGUF v3 writer
 *   readSafetensors(Folder)       single or sharded safetensors; writeSafetensors
 *   readLlama2c                   llama2.c checkpoints
 *   readHfConfig / configFromGguf the typed ModelConfig
 */
export { type CastTarget, castTensor, toF32 } from "./cast.ts";
export { type Checkpoint, type CheckpointFormat, type LoadOptions, readCheckpoint } from "./checkpoint.ts";
export {
  type Activation,
  type Architecture,
  type ModelConfig,
  parseHfConfig,
  type RopeScaling,
  readHfConfig,
} from "./config.ts";
export { type GgufFile, type GgufTensorInfo, readGguf, typedMetadata } from "./gguf.ts";
export { configFromGguf } from "./gguf-config.ts";
export { type GgufType, type GgufTypedValue, type GgufValue, GgufValueType } from "./gguf-types.ts";
export { type GgufTensorEntry, ggufTensor, gv, writeGguf } from "./gguf-writer.ts";
export { configFromLlama2c, type Llama2cFile, readLlama2c } from "./llama2c.ts";
export {
  readSafetensors,
  readSafetensorsFolder,
  readSafetensorsIndex,
  type SafetensorsCheckpoint,
} from "./safetensors.ts";
export { writeSafetensors } from "./safetensors-writer.ts";

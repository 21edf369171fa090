/**
 * The MODEL argument of a command: a local file or folder as it is, or a hub id (ORG/NAME) resolved
 * here, once, to its downloaded snapshot folder — the models and the generation code below take
 * local paths only. The hub client (HTTP, progress bars) is imported only for a hub id.
 */
import { existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import { fileError } from "../errors.ts";
import { t } from "../messages/index.ts";

export async function localModelPath(pathOrId: string): Promise<string> {
  if (existsSync(pathOrId)) return pathOrId;
  // ORG/NAME: one slash, not a path ("./m", "/abs", "dir/m.gguf")
  const hubId = /^[\w.-]+\/[\w.-]+$/.test(pathOrId) && !/\.(gguf|bin|safetensors|json|model)$/.test(pathOrId);
  if (!hubId) throw fileError(pathOrId, t("cli.modelPath.noSuchFileOr"));
  const { resolveModelPath } = await import("../hub/index.ts");
  return resolveModelPath(pathOrId);
}

/** Model weights, which hold no tokenizer (a .gguf does, and is welcome). */
const WEIGHTS = /\.(safetensors|pt|pth|ckpt|h5|msgpack)$|^pytorch_model.*\.bin$/;

/**
 * The --tokenizer argument: a tokenizer file or folder as it is, a hub id (ORG/NAME) resolved as
 * MODEL is; a file of weights is refused, naming what to give instead.
 */
export async function localTokenizerPath(pathOrId: string): Promise<string> {
  const name = basename(pathOrId);
  if (existsSync(pathOrId) && statSync(pathOrId).isFile() && WEIGHTS.test(name))
    throw fileError(pathOrId, t("cli.modelPath.thisIsAModel"));
  return localModelPath(pathOrId);
}
